"""Every documented error the simulator answers: validation, unknown resources, state guards, quotas."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from jupyter_modelarts.simulator.testing import (
    ASCEND_IMAGE_ID,
    SimClient,
    create_running,
    notebook_request,
    running_simulator,
)

UNKNOWN_ID = "00000000-0000-0000-0000-000000000000"


@pytest.fixture
def client() -> Iterator[SimClient]:
    with running_simulator(lab=False, speed=1000) as (_, client):
        yield client


def assert_error(response: Any, code: str, status: int = 400, *, mentions: str = "") -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["error_code"] == code, body
    assert body["error_msg"], body
    assert mentions in body["error_msg"]
    return body


def volume(**fields: Any) -> dict[str, Any]:
    return {"category": "EVS", "ownership": "MANAGED", **fields}


@pytest.mark.parametrize(
    ("overrides", "code", "mentions"),
    [
        ({"name": None}, "ModelArts.6335", "'name' is a required property"),
        ({"image_id": None}, "ModelArts.6335", "'image_id'"),
        ({"volume": None}, "ModelArts.6335", "'volume'"),
        ({"flavor": None}, "ModelArts.6335", "'flavor'"),
        ({"volume": {"ownership": "MANAGED"}}, "ModelArts.6335", "'volume.category'"),
        ({"name": "bad name!"}, "ModelArts.6334", "' '"),
        ({"description": "<b>"}, "ModelArts.6334", "'<'"),
        ({"name": "x" * 129}, "ModelArts.6336", "1-128"),
        ({"feature": "PREMIUM"}, "ModelArts.6336", "feature"),
        ({"volume": volume(category="TAPE")}, "ModelArts.6336", "volume.category"),
        ({"volume": volume(capacity=4097)}, "ModelArts.6331", "5 GB to 4096 GB"),
        ({"volume": volume(capacity=4)}, "ModelArts.6331", "5 GB to 4096 GB"),
        ({"volume": volume(category="EFS", ownership="DEDICATED")}, "ModelArts.6335", "'volume.uri'"),
        ({"lease": {"duration": 60_000, "type": "timing"}}, "ModelArts.6349", "3600000 to 259200000"),
        ({"lease": {"duration": 600_000, "type": "idle"}}, "ModelArts.6349", "900000 to 259200000"),
        ({"duration": 259_200_001}, "ModelArts.6349", "3600000 to 259200000"),
        ({"lease": {"duration": "1h"}}, "ModelArts.6332", "lease.duration"),
        ({"name": 42}, "ModelArts.6332", "'name'"),
        ({"image_id": "not-a-uuid"}, "ModelArts.6336", "UUID"),
        ({"workspace_id": "Bad!"}, "ModelArts.6336", "workspace_id"),
        ({"endpoints": [{"service": "SSH"}]}, "ModelArts.6335", "key_pair_names"),
        (
            {"endpoints": [{"service": "SSH", "key_pair_names": ["k"], "allowed_access_ips": ["nope"]}]},
            "ModelArts.6336",
            "IPv4",
        ),  # fmt: skip
        (
            {
                "endpoints": [
                    {"service": "SSH", "key_pair_names": ["k"], "allowed_access_ips": ["1.1.1.1"] * 6}
                ]
            },
            "ModelArts.6336",
            "at most 5",
        ),  # fmt: skip
    ],
)
def test_create_validation(client: SimClient, overrides: dict[str, Any], code: str, mentions: str) -> None:
    body = {key: value for key, value in notebook_request(**overrides).items() if value is not None}
    assert_error(client.api("POST", "/notebooks", json=body), code, mentions=mentions)


def test_every_problem_is_named_with_the_first_code(client: SimClient) -> None:
    response = client.api("POST", "/notebooks", json={"name": "a b", "volume": {"category": "EVS"}})
    body = assert_error(response, "ModelArts.6334")
    for fragment in ("'image_id' is a required property", "'volume.ownership'", "'flavor'"):
        assert fragment in body["error_msg"]


@pytest.mark.parametrize(
    ("content", "code"),
    [(b"{not json", "ModelArts.6400"), (b"", "ModelArts.6400"), (b"[1, 2]", "ModelArts.0101")],
)
def test_malformed_bodies(client: SimClient, content: bytes, code: str) -> None:
    assert_error(client.api("POST", "/notebooks", content=content), code)


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"flavor": "modelarts.vm.cpu.64u"}, "ModelArts.6323"),
        ({"image_id": "11111111-2222-3333-4444-555555555555"}, "ModelArts.6797"),
        (
            {"flavor": "modelarts.vm.gpu.a100", "image_id": "278e88d1-5b71-4766-8502-b3ba72e824d9"},
            "ModelArts.6329",
        ),
        ({"flavor": "modelarts.vm.cpu.free"}, "ModelArts.6870"),
        ({"flavor": "modelarts.bm.snt9.xlarge.1", "volume": volume(category="EFS")}, "ModelArts.6336"),
        ({"flavor": "modelarts.bm.snt9.xlarge.1", "image_id": ASCEND_IMAGE_ID}, "ModelArts.6336"),
        (
            {
                "image_id": "e1a07296-22a8-4f05-8bc8-e936c8e54088",
                "flavor": "modelarts.bm.snt9.xlarge.1",
                "volume": volume(category="EFS"),
            },
            "ModelArts.6768",
        ),  # fmt: skip
        ({"workspace_id": "0123456789abcdef0123456789abcdef"}, "ModelArts.0102"),
        ({"pool_id": "pool41664192"}, "ModelArts.6404"),
    ],
)
def test_unusable_resources(client: SimClient, overrides: dict[str, Any], code: str) -> None:
    assert_error(client.api("POST", "/notebooks", json=notebook_request(**overrides)), code)


@pytest.mark.parametrize(
    ("method", "suffix"),
    [("GET", ""), ("PUT", ""), ("DELETE", ""), ("POST", "/start"), ("POST", "/stop"), ("GET", "/lease"),
     ("PATCH", "/lease"), ("GET", "/flavors")],
)  # fmt: skip
def test_unknown_notebook_is_400_6309(client: SimClient, method: str, suffix: str) -> None:
    json = {"name": "x"} if method in ("PUT", "PATCH") else None
    response = client.api(method, f"/notebooks/{UNKNOWN_ID}{suffix}", json=json)
    assert_error(response, "ModelArts.6309", mentions="The instance does not exist.")


def test_unknown_image_is_6404(client: SimClient) -> None:
    assert_error(client.api("GET", f"/images/{UNKNOWN_ID}"), "ModelArts.6404")


def test_deleted_notebook_is_gone(client: SimClient) -> None:
    notebook = create_running(client)
    client.api("DELETE", f"/notebooks/{notebook['id']}")
    client.wait_for_history(notebook["id"], "DELETED")
    assert_error(client.api("GET", f"/notebooks/{notebook['id']}"), "ModelArts.6309")


def test_state_guards_while_running(client: SimClient) -> None:
    notebook = create_running(client)
    path = f"/notebooks/{notebook['id']}"
    assert_error(client.api("POST", f"{path}/start"), "ModelArts.6305")
    assert_error(
        client.api("PUT", path, json={"flavor": "modelarts.vm.cpu.8u"}), "ModelArts.6347", mentions="flavor"
    )
    assert_error(client.api("PUT", path, json={"image_id": ASCEND_IMAGE_ID}), "ModelArts.6347")
    ssh = {"endpoints": [{"service": "SSH", "key_pair_names": ["k"]}]}
    assert_error(client.api("PUT", path, json=ssh), "ModelArts.6347", mentions="endpoints")


def test_state_guards_while_stopped(client: SimClient) -> None:
    notebook = create_running(client)
    path = f"/notebooks/{notebook['id']}"
    client.api("POST", f"{path}/stop")
    client.wait_for_status(notebook["id"], "STOPPED")
    assert_error(client.api("POST", f"{path}/stop"), "ModelArts.6307")
    assert_error(client.api("GET", f"{path}/lease"), "ModelArts.6327")
    assert_error(client.api("PATCH", f"{path}/lease", json={"duration": 3600000}), "ModelArts.6327")
    assert_error(client.api("PUT", path, json={"flavor": "modelarts.bm.gpu.v100NV32"}), "ModelArts.6792")
    assert_error(client.api("PUT", path, json={"flavor": "modelarts.vm.cpu.64u"}), "ModelArts.6323")
    assert_error(client.api("PUT", path, json={"image_id": UNKNOWN_ID}), "ModelArts.6797")
    assert_error(client.api("PUT", path, json={"storage_new_size": 4}), "ModelArts.6336", mentions="larger")
    assert_error(client.api("PUT", path, json={"storage_new_size": 5000}), "ModelArts.6331")
    assert_error(client.api("POST", f"{path}/start", query={"duration": 10}), "ModelArts.6349")
    assert_error(client.api("POST", f"{path}/start", query={"type": "forever"}), "ModelArts.6336")


def test_transitional_states(client: SimClient) -> None:
    """Frozen in transit with a very slow simulator, every conflicting call is refused."""
    with running_simulator(lab=False, speed=0.0001) as (_, slow):
        created = slow.api("POST", "/notebooks", json=notebook_request()).json()
        path = f"/notebooks/{created['id']}"
        assert_error(slow.api("POST", f"{path}/start"), "ModelArts.6357")
        assert_error(slow.api("POST", f"{path}/stop"), "ModelArts.6357")
        assert_error(slow.api("PUT", path, json={"name": "other"}), "ModelArts.6357")
        assert_error(slow.api("GET", f"{path}/lease"), "ModelArts.6327")
        # Deleting a half-created instance is allowed (REFERENCE §12.5) and abandons provisioning.
        assert slow.api("DELETE", path).json()["status"] == "DELETING"
        assert_error(slow.api("DELETE", path), "ModelArts.6357")
        assert_error(slow.api("POST", f"{path}/start"), "ModelArts.6357")


def test_stopping_codes(client: SimClient) -> None:
    notebook = create_running(client)
    path = f"/notebooks/{notebook['id']}"
    client.set_speed(0.0001)  # the stop below then takes hours: the instance stays STOPPING
    assert client.api("POST", f"{path}/stop").json()["status"] == "STOPPING"
    assert_error(client.api("POST", f"{path}/stop"), "ModelArts.6308")
    assert_error(client.api("POST", f"{path}/start"), "ModelArts.6357")
    assert_error(client.api("DELETE", path), "ModelArts.6357")
    assert_error(client.api("PUT", path, json={"name": "other"}), "ModelArts.6357")


def test_starting_codes(client: SimClient) -> None:
    notebook = create_running(client)
    path = f"/notebooks/{notebook['id']}"
    client.api("POST", f"{path}/stop")
    client.wait_for_status(notebook["id"], "STOPPED")
    client.set_speed(0.0001)
    assert client.api("POST", f"{path}/start").json()["status"] == "STARTING"
    assert_error(client.api("POST", f"{path}/start"), "ModelArts.6306")
    assert_error(client.api("POST", f"{path}/stop"), "ModelArts.6357")
    assert_error(client.api("DELETE", path), "ModelArts.6357")


def test_quota_of_instances() -> None:
    with running_simulator(lab=False, speed=1000, quota=2, max_running=10) as (_, client):
        for n in range(2):
            assert client.api("POST", "/notebooks", json=notebook_request(f"nb-{n}")).status_code == 200
        assert_error(client.api("POST", "/notebooks", json=notebook_request("nb-3")), "ModelArts.6302")
        assert client.api("GET", "/authoring/features/NOTEBOOK").json()["used"] == 2


def test_one_free_codelab_per_user(client: SimClient) -> None:
    free = notebook_request("codelab", feature="DEFAULT", flavor="modelarts.vm.cpu.free")
    assert client.api("POST", "/notebooks", json=free).status_code == 200
    assert_error(client.api("POST", "/notebooks", json=free), "ModelArts.6301")


def test_max_running_caps_create_and_start() -> None:
    with running_simulator(lab=False, speed=1000, max_running=1) as (_, client):
        first = create_running(client, "first")
        assert_error(client.api("POST", "/notebooks", json=notebook_request("second")), "ModelArts.0113",
                     mentions="exhausted")  # fmt: skip
        client.api("POST", f"/notebooks/{first['id']}/stop")
        client.wait_for_status(first["id"], "STOPPED")
        second = create_running(client, "second")
        assert_error(
            client.api("POST", f"/notebooks/{first['id']}/start"), "ModelArts.0113", mentions="Start"
        )
        assert second["status"] == "RUNNING"


def test_sold_out_toggle(client: SimClient) -> None:
    notebook = create_running(client)
    client.api("POST", f"/notebooks/{notebook['id']}/stop")
    client.wait_for_status(notebook["id"], "STOPPED")
    client.set_sold_out("modelarts.vm.cpu.2u", True)
    assert_error(client.api("POST", "/notebooks", json=notebook_request()), "ModelArts.6329")
    assert_error(client.api("POST", f"/notebooks/{notebook['id']}/start"), "ModelArts.6716")
    flavors = client.api("GET", "/notebooks/flavors").json()["data"]
    assert next(f for f in flavors if f["id"] == "modelarts.vm.cpu.2u")["sold_out"] is True
    client.set_sold_out("modelarts.vm.cpu.2u", False)
    assert client.api("POST", f"/notebooks/{notebook['id']}/start").status_code == 200


def test_unsortable_field_and_bad_paging(client: SimClient) -> None:
    assert_error(client.api("GET", "/notebooks", query={"sort_key": "token"}), "ModelArts.6303")
    assert_error(client.api("GET", "/notebooks", query={"limit": 51}), "ModelArts.6336", mentions="limit")
    assert_error(client.api("GET", "/notebooks", query={"offset": -1}), "ModelArts.6336", mentions="offset")
    assert_error(client.api("GET", "/notebooks", query={"status": "SLEEPING"}), "ModelArts.6336")
    assert_error(client.api("GET", "/notebooks", query={"limit": "ten"}), "ModelArts.6332")


def test_unknown_feature_and_bad_flavor_filter(client: SimClient) -> None:
    assert_error(client.api("GET", "/authoring/features/TRAINING"), "ModelArts.6404")
    assert_error(client.api("GET", "/notebooks/flavors", query={"category": "TPU"}), "ModelArts.6336")
