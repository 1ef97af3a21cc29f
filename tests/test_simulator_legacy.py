"""The legacy DevEnviron API (/demanager/instances, seed 002) on the shared store and state machine."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from jupyter_modelarts.core.contract import parse_request
from jupyter_modelarts.core.legacy.models import LegacyCreateRequest
from jupyter_modelarts.simulator.testing import SimClient, create_running, running_simulator

SEED_REQUEST = {
    "name": "notebook-instance",
    "description": "",
    "profile_id": "Multi-Engine 1.0 (python3)-gpu",
    "flavor": "modelarts.bm.gpu.v100NV32",
    "spec": {
        "storage": {"location": {"volume_size": 5}, "type": "evs"},
        "auto_stop": {"enable": True, "duration": 3600},
    },
    "workspace": {"id": "0"},
}


@pytest.fixture
def client() -> Iterator[SimClient]:
    with running_simulator(lab=False, speed=1000) as (_, client):
        yield client


def legacy_error(response: Any, code: str) -> str:
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["error_code"] == code
    assert "error_msg" not in body  # the legacy API's own error shape
    message: str = body["error_message"]
    return message


def wait_legacy(client: SimClient, instance_id: str, status: str) -> dict[str, Any]:
    client.wait_for_history(instance_id, status)
    body: dict[str, Any] = client.api("GET", f"/demanager/instances/{instance_id}").json()
    return body


def test_create_like_the_seed_example(client: SimClient) -> None:
    response = client.api("POST", "/demanager/instances", json=SEED_REQUEST)
    assert response.status_code == 200
    created = response.json()
    assert re.fullmatch(r"DE-[0-9a-f-]{36}", created["id"])
    assert created["status"] == "CREATING"
    assert created["profile"]["de_type"] == "Notebook"
    assert created["profile"]["flavor_type"] == "GPU"
    assert created["flavor_details"]["status"] == "onSale"
    assert created["flavor_details"]["params"]["GPU"] == 1
    assert created["spec"]["storage"] == {
        "type": "evs",
        "location": {"path": "/home/ma-user/work", "volume_size": 5},
    }
    assert created["spec"]["auto_stop"] == {"enable": True, "duration": 3600, "prompt": True}
    assert created["creation_timestamp"].isdigit()
    assert created["workspace"] == {"id": "0"}


def test_lifecycle_actions_token_and_delete(client: SimClient) -> None:
    created = client.api("POST", "/demanager/instances", json=SEED_REQUEST).json()
    path = f"/demanager/instances/{created['id']}"
    running = wait_legacy(client, created["id"], "RUNNING")
    assert running["spec"]["annotations"]["url"].endswith(f"/{created['id']}/lab")
    assert 0 < running["spec"]["auto_stop"]["remain_time"] <= 3600
    token = client.api("GET", f"{path}/token").json()["token"]
    assert token
    assert legacy_error(client.api("DELETE", path), "ModelArts.6304").startswith("Please stop")
    stop = client.api("POST", f"{path}/action", json={"action": "stop"}).json()
    assert stop == {"current_status": "STOPPING", "previous_state": "RUNNING"}
    wait_legacy(client, created["id"], "STOPPED")
    start = client.api("POST", f"{path}/action", json={"action": "start"}).json()
    assert start == {"current_status": "STARTING", "previous_state": "STOPPED"}
    wait_legacy(client, created["id"], "RUNNING")
    assert client.api("GET", f"{path}/token").json()["token"] != token
    client.api("POST", f"{path}/action", json={"action": "stop"})
    wait_legacy(client, created["id"], "STOPPED")
    assert client.api("DELETE", path).json() == {"instance_id": created["id"]}
    client.wait_for_history(created["id"], "DELETED")
    assert legacy_error(client.api("GET", path), "ModelArts.6309") == "The instance does not exist."


def test_auto_stop_applies_at_the_next_start(client: SimClient) -> None:
    created = client.api("POST", "/demanager/instances", json=SEED_REQUEST).json()
    path = f"/demanager/instances/{created['id']}"
    wait_legacy(client, created["id"], "RUNNING")
    change = {"description": "longer", "spec": {"auto_stop": {"enable": True, "duration": 7200}}}
    updated = client.api("PUT", path, json=change)
    assert updated.json()["description"] == "longer"
    assert updated.json()["spec"]["auto_stop"]["duration"] == 7200
    assert client.advance_clock(3_660_000)["auto_stopped"] == [created["id"]]  # still the old hour
    wait_legacy(client, created["id"], "STOPPED")
    client.api("POST", f"{path}/action", json={"action": "start"})
    wait_legacy(client, created["id"], "RUNNING")
    assert client.advance_clock(3_660_000)["auto_stopped"] == []  # now two hours


def test_list(client: SimClient) -> None:
    for name in ("zeta", "alpha"):
        client.api("POST", "/demanager/instances", json={**SEED_REQUEST, "name": name})
    create_running(client)  # a new-API notebook is not a legacy instance
    listed = client.api("GET", "/demanager/instances", query={"de_type": "Notebook"}).json()
    assert listed["total_count"] == 2
    assert [item["name"] for item in listed["instances"]] == ["alpha", "zeta"]
    desc = client.api(
        "GET", "/demanager/instances", query={"de_type": "Notebook", "order": "desc", "limit": 1}
    )
    assert [item["name"] for item in desc.json()["instances"]] == ["zeta"]
    assert client.api("GET", "/notebooks").json()["total"] == 1
    legacy_error(client.api("GET", "/demanager/instances"), "ModelArts.6336")  # de_type is mandatory


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"name": "x" * 65}, "ModelArts.6336"),
        ({"profile_id": None}, "ModelArts.6335"),
        ({"profile_id": "Unknown Engine"}, "ModelArts.6404"),
        ({"flavor": "modelarts.vm.cpu.64u"}, "ModelArts.6323"),
        ({"spec": {"storage": {"type": "obs", "location": {"path": "/bucket/dir"}}}}, "ModelArts.6318"),
        ({"spec": {"storage": {"type": "obs"}}}, "ModelArts.6335"),
        ({"spec": {"storage": {"type": "evs", "location": {"volume_size": 9000}}}}, "ModelArts.6331"),
        ({"spec": {"storage": {"type": "evs"}, "auto_stop": {"enable": True}}}, "ModelArts.6348"),
        (
            {"spec": {"storage": {"type": "evs"}, "auto_stop": {"enable": True, "duration": 60}}},
            "ModelArts.6349",
        ),
    ],
)
def test_create_errors(client: SimClient, change: dict[str, Any], code: str) -> None:
    body = {key: value for key, value in {**SEED_REQUEST, **change}.items() if value is not None}
    legacy_error(client.api("POST", "/demanager/instances", json=body), code)


def test_notebook_ids_are_unknown_to_the_legacy_api_and_back(client: SimClient) -> None:
    notebook = create_running(client)
    legacy_error(client.api("GET", f"/demanager/instances/{notebook['id']}"), "ModelArts.6309")
    created = client.api("POST", "/demanager/instances", json=SEED_REQUEST).json()
    assert client.api("GET", f"/notebooks/{created['id']}").json()["error_code"] == "ModelArts.6309"


def test_bad_action(client: SimClient) -> None:
    created = client.api("POST", "/demanager/instances", json=SEED_REQUEST).json()
    path = f"/demanager/instances/{created['id']}/action"
    legacy_error(client.api("POST", path, json={"action": "reboot"}), "ModelArts.6336")
    wait_legacy(client, created["id"], "RUNNING")
    legacy_error(client.api("POST", path, json={"action": "start"}), "ModelArts.6305")


def test_obsfs_storage_needs_no_location(client: SimClient) -> None:
    """The page makes the location mandatory for obs only; the contract agrees (found by the fuzz test)."""
    body = {**SEED_REQUEST, "spec": {"storage": {"type": "obsfs"}}}
    parse_request(LegacyCreateRequest, body, "body")  # the contract lets it through...
    response = client.api("POST", "/demanager/instances", json=body)
    assert response.status_code == 200, response.text  # ...and "ModelArts" takes it
    assert response.json()["spec"]["storage"]["type"] == "obsfs"
