"""Every ModelArts operation of the simulator on its success path, over real HTTP (lab=False)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from email.utils import parsedate_to_datetime

import httpx
import pytest

from jupyter_modelarts.simulator.server import SimulatorThread
from jupyter_modelarts.simulator.testing import (
    CPU_IMAGE_ID,
    TEST_PROJECT_ID,
    SimClient,
    create_running,
    notebook_request,
    running_simulator,
)
from jupyter_modelarts.simulator.world import package_version


@pytest.fixture
def sim() -> Iterator[tuple[SimulatorThread, SimClient]]:
    with running_simulator(lab=False, speed=1000) as pair:
        yield pair


@pytest.fixture
def client(sim: tuple[SimulatorThread, SimClient]) -> SimClient:
    return sim[1]


def test_create_answers_init_with_the_documented_fields(client: SimClient) -> None:
    body = notebook_request(
        "notebooks_test", description="api-test", lease={"type": "timing", "duration": 7200000}
    )
    response = client.api("POST", "/notebooks", json=body)
    assert response.status_code == 200
    notebook = response.json()
    assert notebook["status"] == "INIT"
    assert notebook["name"] == "notebooks_test"
    assert notebook["description"] == "api-test"
    assert notebook["feature"] == "NOTEBOOK"
    assert notebook["flavor"] == "modelarts.vm.cpu.2u"
    assert notebook["workspace_id"] == "0"
    assert re.fullmatch(r"[0-9a-f-]{36}", notebook["id"])
    assert notebook["image"]["id"] == CPU_IMAGE_ID
    assert notebook["image"]["name"] == "notebook2.0-mul-kernel-cpu-cp36"
    assert notebook["volume"] == {
        "category": "EVS",
        "ownership": "MANAGED",
        "capacity": 5,
        "mount_path": "/home/ma-user/work/",
        "read_only": False,
    }
    lease = notebook["lease"]
    assert lease["type"] == "TIMING"
    assert lease["enable"] is True
    assert lease["duration"] == 7200000
    assert lease["create_at"] == lease["update_at"] == notebook["create_at"]
    assert [step["step"] for step in notebook["action_progress"]] == [1, 2, 3, 4]
    assert {step["status"] for step in notebook["action_progress"]} == {"WAITING"}
    assert notebook["token"]
    assert "url" not in notebook
    assert notebook["billing_items"] == []


def test_every_response_carries_request_id_simulator_version_and_virtual_date(client: SimClient) -> None:
    client.advance_clock(86_400_000)  # one day ahead: the Date header must follow the virtual clock
    response = client.api("GET", "/notebooks")
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-Id"])
    assert response.headers["X-ModelArts-Simulator"] == package_version()
    virtual_now = client.info()["clock"]["now_ms"]
    date_ms = parsedate_to_datetime(response.headers["Date"]).timestamp() * 1000
    assert abs(virtual_now - date_ms) < 60_000
    error = client.api("GET", "/notebooks/00000000-0000-0000-0000-000000000000")
    assert re.fullmatch(r"[0-9a-f]{32}", error.headers["X-Request-Id"])
    assert error.headers["X-ModelArts-Simulator"] == package_version()


def test_show_running_instance_has_url_token_and_notebook_endpoint(client: SimClient) -> None:
    notebook = create_running(client)
    assert notebook["url"].endswith(f"/{notebook['id']}/lab")
    assert notebook["endpoints"] == [
        {"service": "NOTEBOOK", "dev_service": "NOTEBOOK", "uri": notebook["url"]}
    ]
    assert notebook["billing_items"] == ["COMPUTE"]
    assert {step["status"] for step in notebook["action_progress"]} == {"COMPLETED"}
    # The stand-in page checks the token like a Jupyter server.
    assert httpx.get(notebook["url"], params={"token": notebook["token"]}, trust_env=False).status_code == 200
    assert httpx.get(notebook["url"], params={"token": "wrong"}, trust_env=False).status_code == 403
    header = {"Authorization": f"token {notebook['token']}"}
    assert httpx.get(notebook["url"], headers=header, trust_env=False).status_code == 200


def test_ssh_endpoint_echoes_keys_and_whitelist(client: SimClient) -> None:
    endpoints = [{"dev_service": "SSH", "ssh_keys": ["KeyPair-demo"], "allowed_access_ips": ["203.0.113.7"]}]
    notebook = create_running(client, endpoints=endpoints)
    ssh = next(entry for entry in notebook["endpoints"] if entry["service"] == "SSH")
    assert ssh["key_pair_names"] == ssh["ssh_keys"] == ["KeyPair-demo"]
    assert ssh["allowed_access_ips"] == ["203.0.113.7"]
    assert re.fullmatch(r"ssh://ma-user@dev-modelarts\.sim-local-1\.huaweicloud\.com:3\d{4}", ssh["uri"])


def test_list_and_list_all(client: SimClient) -> None:
    ids = {client.api("POST", "/notebooks", json=notebook_request(f"nb-{n}")).json()["id"] for n in range(3)}
    for path in ("/notebooks", "/notebooks/all"):
        page = client.api("GET", path).json()
        assert {item["id"] for item in page["data"]} == ids
        assert (page["current"], page["pages"], page["size"], page["total"]) == (0, 1, 3, 3)


def test_update_name_description_and_storage_while_running(client: SimClient) -> None:
    notebook = create_running(client)
    body = {"name": "renamed", "description": "updated", "storage_new_size": 20}
    updated = client.api("PUT", f"/notebooks/{notebook['id']}", json=body).json()
    assert (updated["name"], updated["description"], updated["volume"]["capacity"]) == (
        "renamed",
        "updated",
        20,
    )
    assert updated["status"] == "RUNNING"
    assert updated["update_at"] >= notebook["update_at"]


def test_update_flavor_image_and_endpoints_while_stopped(client: SimClient) -> None:
    notebook = create_running(client)
    client.api("POST", f"/notebooks/{notebook['id']}/stop")
    client.wait_for_status(notebook["id"], "STOPPED")
    body = {
        "flavor": "modelarts.vm.cpu.8u",
        "image_id": "c0b31f09-1490-4555-9b8b-ab0b2de35b20",
        "endpoints": [{"service": "SSH", "key_pair_names": ["kp-1"]}],
    }
    updated = client.api("PUT", f"/notebooks/{notebook['id']}", json=body).json()
    assert updated["flavor"] == "modelarts.vm.cpu.8u"
    assert updated["image"]["id"] == "c0b31f09-1490-4555-9b8b-ab0b2de35b20"
    assert updated["endpoints"][0]["key_pair_names"] == ["kp-1"]
    assert "uri" not in updated["endpoints"][0]  # the SSH port is only reachable while RUNNING


def test_stop_then_start_then_delete(client: SimClient) -> None:
    notebook = create_running(client)
    stopping = client.api("POST", f"/notebooks/{notebook['id']}/stop").json()
    assert stopping["status"] == "STOPPING"
    stopped = client.wait_for_status(notebook["id"], "STOPPED")
    assert "url" not in stopped
    starting = client.api("POST", f"/notebooks/{notebook['id']}/start", query={"duration": 7200000}).json()
    assert starting["status"] == "STARTING"
    assert starting["token"] != notebook["token"]
    client.wait_for_status(notebook["id"], "RUNNING")
    deleting = client.api("DELETE", f"/notebooks/{notebook['id']}").json()
    assert deleting["status"] == "DELETING"
    history = client.history(notebook["id"])
    assert history[-1]["status"] in ("DELETING", "DELETED")


def test_lease_show_and_renew(client: SimClient) -> None:
    notebook = create_running(client)
    lease = client.api("GET", f"/notebooks/{notebook['id']}/lease").json()
    assert set(lease) == {"create_at", "duration", "enable", "type", "update_at"}
    renewed = client.api(
        "PATCH", f"/notebooks/{notebook['id']}/lease", json={"duration": 7200000, "type": "timing"}
    )
    assert renewed.status_code == 200
    body = renewed.json()
    assert body["duration"] == body["update_at"] - body["create_at"] + 7200000
    assert body["create_at"] == lease["create_at"]


def test_flavors_list_and_switchable(client: SimClient) -> None:
    page = client.api("GET", "/notebooks/flavors").json()
    ids = [flavor["id"] for flavor in page["data"]]
    assert page["flavors"] == page["data"]
    assert (page["current"], page["pages"], page["total"]) == (1, 1, len(ids))
    for expected in ("modelarts.vm.cpu.2u", "modelarts.vm.cpu.8u", "modelarts.bm.gpu.v100NV32",
                     "modelarts.bm.snt9.xlarge.2", "modelarts.vm.cpu.free"):  # fmt: skip
        assert expected in ids
    cpu = next(flavor for flavor in page["data"] if flavor["id"] == "modelarts.vm.cpu.2u")
    assert (cpu["vcpus"], cpu["memory"], cpu["arch"], cpu["category"]) == (2, 8388608, "x86_64", "CPU")
    assert any(flavor["sold_out"] for flavor in page["data"])
    ascend = next(flavor for flavor in page["data"] if flavor["id"] == "modelarts.bm.snt9.xlarge.2")
    assert (ascend["vcpus"], ascend["arch"], ascend["billing"]) == (
        48, "aarch64", {"code": "modelarts.kat1.xlarge", "unit_num": 2}
    )  # fmt: skip
    notebook = create_running(client)
    switchable = client.api("GET", f"/notebooks/{notebook['id']}/flavors").json()
    assert [flavor["id"] for flavor in switchable["flavors"]] == ["modelarts.vm.cpu.8u"]


def test_images_list_and_show(client: SimClient) -> None:
    page = client.api("GET", "/images").json()
    assert page["total"] == 9
    assert {image["arch"] for image in page["data"]} == {"x86_64", "aarch64"}
    image = client.api("GET", f"/images/{CPU_IMAGE_ID}").json()
    assert image["name"] == "notebook2.0-mul-kernel-cpu-cp36"
    assert image["support_res_categories"] == ["CPU"]
    assert image["dev_services"] == ["NOTEBOOK", "SSH"]


def test_feature_quota_counts_instances(sim: tuple[SimulatorThread, SimClient]) -> None:
    _, client = sim
    client.api("POST", "/notebooks", json=notebook_request())
    feature = client.api("GET", "/authoring/features/NOTEBOOK").json()
    assert (feature["name"], feature["enabled"], feature["quota"], feature["used"]) == (
        "NOTEBOOK",
        True,
        10,
        1,
    )


def test_info_reports_settings_without_secrets(sim: tuple[SimulatorThread, SimClient]) -> None:
    thread, client = sim
    info = client.info()
    assert info["project_id"] == TEST_PROJECT_ID
    assert info["endpoint"] == thread.endpoint
    assert (info["speed"], info["quota"], info["max_running"], info["lab"]) == (1000, 10, 4, "page")
    text = client.request("GET", "/_sim/info", project_header=False).text
    assert "simtestsecretkey" not in text and "SIMTESTACCESSKEY" not in text
