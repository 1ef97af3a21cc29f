"""The notebook endpoints of <base_url>/modelarts/ against a real Jupyter server and the simulator over HTTP.

Every success path, and the rule that only ``POST notebooks/{id}/open`` carries the instance token.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

HOUR = 3_600_000
# The server's clock is learnt from HTTP Date headers, which have a one-second resolution.
DATE_RESOLUTION = 1_000


@pytest.fixture
def modelarts_config(sim_modelarts_config: dict[str, Any]) -> dict[str, Any]:
    return sim_modelarts_config


async def running(api: Any, sim: Any, name: str = "nb-running") -> dict[str, Any]:
    created = await api.ok("POST", "notebooks", sim.notebook_body(name))
    return dict(await api.wait_for(created["id"], "RUNNING"))


async def test_create_answers_201_with_the_view_and_no_token(api: Any, sim: Any) -> None:
    code, created = await api.call("POST", "notebooks", sim.notebook_body("nb-create"))

    assert code == 201
    assert created["name"] == "nb-create" and created["status"] == "INIT"
    assert created["flavor"] == sim.CPU_FLAVOR and created["image"]["id"] == sim.CPU_IMAGE
    assert "token" not in created
    assert isinstance(created["server_time_ms"], int)
    upstream = sim.control.api("GET", f"/notebooks/{created['id']}").json()
    assert upstream["name"] == "nb-create"


async def test_list_filters_pages_and_computes_the_lease_on_the_server_clock(api: Any, sim: Any) -> None:
    first = await running(api, sim, "nb-list-a")
    second = await running(api, sim, "nb-list-b")
    await api.ok("POST", f"notebooks/{first['id']}/stop")
    await api.wait_for(first["id"], "STOPPED")

    page = await api.get("notebooks", params={"name": "nb-list", "limit": "1"})
    assert page["total"] == 2 and page["size"] == 1 and len(page["items"]) == 1
    stopped = await api.get("notebooks", params={"status": "stopped"})
    assert [item["id"] for item in stopped["items"]] == [first["id"]]
    assert stopped["items"][0]["lease_remaining_ms"] is None  # no deadline while stopped
    filtered = await api.get("notebooks", params={"status": "RUNNING"})
    assert [item["id"] for item in filtered["items"]] == [second["id"]]
    item = filtered["items"][0]
    # deadline = create_at + duration (docs/modelarts-api.md §6.2); remaining on the server's clock.
    assert item["lease_deadline_ms"] == item["lease"]["create_at"] + item["lease"]["duration"]
    assert item["lease_remaining_ms"] == max(0, item["lease_deadline_ms"] - filtered["server_time_ms"])
    assert 0 < item["lease_remaining_ms"] <= HOUR + DATE_RESOLUTION
    assert all("token" not in entry for entry in page["items"])


async def test_list_of_every_user_uses_the_admin_listing(api: Any, sim: Any) -> None:
    await api.ok("POST", "notebooks", sim.notebook_body("nb-all"))
    counter = sim.count_requests(r"/notebooks/all$", "GET")

    page = await api.get("notebooks", params={"all": "1"})

    assert [item["name"] for item in page["items"]] == ["nb-all"]
    assert sim.fired(counter) == 1


async def test_show_update_and_delete(api: Any, sim: Any) -> None:
    created = await api.ok("POST", "notebooks", sim.notebook_body("nb-crud"))
    notebook_id = created["id"]
    await api.wait_for(notebook_id, "RUNNING")

    shown = await api.get(f"notebooks/{notebook_id}")
    assert shown["id"] == notebook_id and shown["status"] == "RUNNING"

    updated = await api.ok("PUT", f"notebooks/{notebook_id}", {"name": "nb-renamed", "description": "mine"})
    assert updated["name"] == "nb-renamed" and updated["description"] == "mine"

    deleted = await api.ok("DELETE", f"notebooks/{notebook_id}")
    assert deleted["id"] == notebook_id and deleted["status"] in ("DELETING", "DELETED")
    sim.control.wait_for_history(notebook_id, "DELETED")
    await api.fails(404, "GET", f"notebooks/{notebook_id}")


async def test_stop_start_with_a_lease_and_switch_flavor_while_stopped(api: Any, sim: Any) -> None:
    notebook = await running(api, sim, "nb-cycle")
    notebook_id = notebook["id"]

    stopping = await api.ok("POST", f"notebooks/{notebook_id}/stop")
    assert stopping["status"] in ("STOPPING", "STOPPED")
    await api.wait_for(notebook_id, "STOPPED")

    switchable = await api.get(f"notebooks/{notebook_id}/flavors")
    ids = [flavor["id"] for flavor in switchable["items"]]
    assert "modelarts.vm.cpu.8u" in ids and sim.CPU_FLAVOR not in ids
    switched = await api.ok("PUT", f"notebooks/{notebook_id}", {"flavor": "modelarts.vm.cpu.8u"})
    assert switched["flavor"] == "modelarts.vm.cpu.8u"

    started = await api.ok("POST", f"notebooks/{notebook_id}/start", {"duration": 2 * HOUR, "type": "TIMING"})
    assert started["status"] in ("STARTING", "RUNNING")
    again = await api.wait_for(notebook_id, "RUNNING")
    lease = again["lease"]
    assert lease["duration"] - (lease["update_at"] - lease["create_at"]) == 2 * HOUR


async def test_start_without_a_body_keeps_the_last_lease(api: Any, sim: Any) -> None:
    notebook = await running(api, sim, "nb-start-plain")
    await api.ok("POST", f"notebooks/{notebook['id']}/stop")
    await api.wait_for(notebook["id"], "STOPPED")

    started = await api.ok("POST", f"notebooks/{notebook['id']}/start")

    assert started["status"] in ("STARTING", "RUNNING")


async def test_lease_show_and_renew(api: Any, sim: Any) -> None:
    notebook = await running(api, sim, "nb-lease")
    notebook_id = notebook["id"]

    lease = await api.get(f"notebooks/{notebook_id}/lease")
    assert lease["enable"] is True and lease["type"] == "TIMING"
    assert lease["deadline_ms"] == lease["create_at"] + lease["duration"]
    assert 0 < lease["remaining_ms"] <= HOUR + DATE_RESOLUTION

    renewed = await api.ok("PATCH", f"notebooks/{notebook_id}/lease", {"duration": 3 * HOUR})
    assert renewed["duration"] - (renewed["update_at"] - renewed["create_at"]) == 3 * HOUR
    assert 2 * HOUR < renewed["remaining_ms"] <= 3 * HOUR + DATE_RESOLUTION


async def test_open_gives_url_and_the_current_token(api: Any, sim: Any) -> None:
    notebook = await running(api, sim, "nb-open")
    upstream = sim.control.api("GET", f"/notebooks/{notebook['id']}").json()

    code, opened = await api.call("POST", f"notebooks/{notebook['id']}/open")

    assert code == 200
    assert opened == {"url": upstream["url"], "token": upstream["token"]}
    page = sim.control.request(
        "GET", opened["url"].split(sim.endpoint, 1)[1], query={"token": opened["token"]}
    )
    assert page.status_code == 200


async def test_open_refuses_an_instance_that_is_not_running(api: Any, sim: Any) -> None:
    notebook = await running(api, sim, "nb-open-stopped")
    await api.ok("POST", f"notebooks/{notebook['id']}/stop")
    await api.wait_for(notebook["id"], "STOPPED")

    error = await api.fails(409, "POST", f"notebooks/{notebook['id']}/open")

    assert error["reason"] == "not_ready" and "STOPPED" in error["message"]
    assert "token" not in json.dumps(error)


async def test_only_open_carries_the_instance_token(api: Any, sim: Any) -> None:
    notebook = await running(api, sim, "nb-token")
    notebook_id = notebook["id"]
    token = sim.control.api("GET", f"/notebooks/{notebook_id}").json()["token"]
    assert token

    answers = [
        await api.call("GET", f"notebooks/{notebook_id}"),
        await api.call("GET", "notebooks"),
        await api.call("GET", "notebooks", params={"all": "1"}),
        await api.call("GET", f"notebooks/{notebook_id}/lease"),
        await api.call("PATCH", f"notebooks/{notebook_id}/lease", {"duration": 2 * HOUR}),
        await api.call("PUT", f"notebooks/{notebook_id}", {"description": "token check"}),
        await api.call("GET", f"notebooks/{notebook_id}/flavors"),
        await api.call("POST", f"notebooks/{notebook_id}/start"),  # 409: already running
        await api.call("GET", "status"),
        await api.call("GET", "openapi.json"),
    ]
    opened = await api.call("POST", f"notebooks/{notebook_id}/open")
    answers.append(await api.call("POST", f"notebooks/{notebook_id}/stop"))

    for code, answer in answers:
        assert token not in json.dumps(answer), (code, answer)
    assert opened[0] == 200 and opened[1]["token"] == token


@pytest.mark.parametrize(
    ("raw", "rule"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "nests arrays or objects too deeply"),
        (b'{"name": "a", "name": "b"}', "gives the key 'name' twice"),
        (b'{"name": "a", "volume": {"capacity": NaN}}', "holds NaN, which is not a JSON number"),
    ],
)
async def test_bodies_python_would_misread_are_400_not_500(api: Any, raw: bytes, rule: str) -> None:
    error = await api.fails(400, "POST", "notebooks", raw=raw)
    assert error["reason"] == "invalid" and error["problems"] == [
        {"location": "body", "rule": rule, "value": None}
    ]


async def test_a_notebook_id_in_capitals_is_the_same_notebook(api: Any, sim: Any) -> None:
    created = await api.ok("POST", "notebooks", sim.notebook_body("nb-capitals"))
    shown = await api.get(f"notebooks/{created['id'].upper()}")
    assert shown["id"] == created["id"]
