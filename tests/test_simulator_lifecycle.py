"""State machine, progress steps, lease arithmetic (REFERENCE §6.2), auto-stop and token rotation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from jupyter_modelarts.simulator.states import IDLE, TIMING, Lease
from jupyter_modelarts.simulator.testing import SimClient, create_running, notebook_request, running_simulator

HOUR = 3_600_000


@pytest.fixture
def client() -> Iterator[SimClient]:
    with running_simulator(lab=False, speed=1000) as (_, client):
        yield client


def collapse(history: list[dict[str, Any]]) -> list[tuple[str, tuple[str, ...]]]:
    """Consecutive duplicates removed: the path an instance took."""
    path: list[tuple[str, tuple[str, ...]]] = []
    for entry in history:
        state = (entry["status"], tuple(entry["progress"]))
        if not path or path[-1] != state:
            path.append(state)
    return path


def test_creation_walks_through_the_four_progress_steps(client: SimClient) -> None:
    notebook = create_running(client)
    W, P, C = "WAITING", "PROCESSING", "COMPLETED"
    assert collapse(client.history(notebook["id"])) == [
        ("INIT", (W, W, W, W)),
        ("CREATING", (W, W, W, W)),
        ("CREATING", (P, W, W, W)),
        ("CREATING", (C, P, W, W)),
        ("CREATING", (C, C, P, W)),
        ("CREATING", (C, C, C, P)),
        ("STARTING", (C, C, C, C)),
        ("RUNNING", (C, C, C, C)),
    ]


def test_stop_start_delete_paths(client: SimClient) -> None:
    notebook = create_running(client)
    client.api("POST", f"/notebooks/{notebook['id']}/stop")
    client.wait_for_status(notebook["id"], "STOPPED")
    client.api("POST", f"/notebooks/{notebook['id']}/start")
    client.wait_for_status(notebook["id"], "RUNNING")
    client.api("DELETE", f"/notebooks/{notebook['id']}")
    history = client.wait_for_history(notebook["id"], "DELETED")
    statuses = [state for state, _ in collapse(history)]
    assert statuses[-7:] == ["RUNNING", "STOPPING", "STOPPED", "STARTING", "RUNNING", "DELETING", "DELETED"]


def test_documented_lease_examples() -> None:
    """The worked examples of REFERENCE §4.8 / §6.2, on the lease arithmetic itself."""
    lease = Lease.new(1687656452470, HOUR, TIMING)
    lease.reanchor(1687656452470 + 27_372)  # first RUNNING after 27 372 ms of provisioning
    assert lease.duration == 3_627_372
    lease.reanchor(1687657510014, HOUR)  # renew
    assert (lease.duration, lease.update_at, lease.create_at) == (4_657_544, 1687657510014, 1687656452470)
    assert lease.deadline() == 1687656452470 + 4_657_544
    disabled = Lease.new(1, -1, TIMING)
    assert (disabled.enable, disabled.duration, disabled.deadline()) == (False, 0, None)


def test_lease_reanchors_on_first_running_renew_and_start(client: SimClient) -> None:
    notebook = create_running(client)
    running = [entry for entry in client.history(notebook["id"]) if entry["status"] == "RUNNING"][0]
    lease = notebook["lease"]
    create_at = lease["create_at"]
    assert create_at == notebook["create_at"]
    # First RUNNING: provisioning time does not count against the lease.
    assert lease["update_at"] == running["at"]
    assert lease["duration"] == (lease["update_at"] - create_at) + HOUR
    client.advance_clock(1_057_544)
    renewed = client.api("PATCH", f"/notebooks/{notebook['id']}/lease", json={"duration": HOUR}).json()
    assert renewed["create_at"] == create_at
    assert renewed["update_at"] >= create_at + 1_057_544
    assert renewed["duration"] == (renewed["update_at"] - create_at) + HOUR
    client.api("POST", f"/notebooks/{notebook['id']}/stop")
    client.wait_for_status(notebook["id"], "STOPPED")
    client.advance_clock(2 * HOUR)
    started = client.api("POST", f"/notebooks/{notebook['id']}/start", query={"duration": 2 * HOUR}).json()
    assert started["lease"]["duration"] == (started["lease"]["update_at"] - create_at) + 2 * HOUR
    assert started["lease"]["create_at"] == create_at


def test_renew_query_duration_overrides_body_and_forces_timing(client: SimClient) -> None:
    notebook = create_running(client)
    path = f"/notebooks/{notebook['id']}/lease"
    idle = client.api("PATCH", path, json={"duration": 900_000, "type": "idle"}).json()
    assert idle["type"] == IDLE
    assert idle["duration"] == idle["update_at"] - idle["create_at"] + 900_000
    forced = client.api(
        "PATCH", path, json={"duration": 900_000, "type": "idle"}, query={"duration": 2 * HOUR}
    )
    body = forced.json()
    assert body["type"] == TIMING
    assert body["duration"] == body["update_at"] - body["create_at"] + 2 * HOUR
    query_only = client.api("PATCH", path, query={"duration": HOUR}).json()  # golangsdk: no body at all
    assert query_only["duration"] == query_only["update_at"] - query_only["create_at"] + HOUR


def test_auto_stop_when_the_lease_expires(client: SimClient) -> None:
    notebook = create_running(client)
    lease = notebook["lease"]
    remaining = lease["create_at"] + lease["duration"] - client.info()["clock"]["now_ms"]
    early = client.advance_clock(remaining - 60_000)  # a minute before the deadline: nothing happens
    assert early["auto_stopped"] == []
    assert client.api("GET", f"/notebooks/{notebook['id']}").json()["status"] == "RUNNING"
    late = client.advance_clock(120_000)
    assert late["auto_stopped"] == [notebook["id"]]
    stopped = client.wait_for_status(notebook["id"], "STOPPED")
    assert "url" not in stopped
    notes = [entry.get("note") for entry in client.history(notebook["id"])]
    assert "auto-stopped: lease expired" in notes


def test_idle_lease_expires_from_the_last_lease_update(client: SimClient) -> None:
    notebook = create_running(client, lease={"type": "IDLE", "duration": 900_000})
    assert notebook["lease"]["type"] == IDLE
    client.advance_clock(600_000)
    client.api("PATCH", f"/notebooks/{notebook['id']}/lease", json={"type": "idle", "duration": 900_000})
    assert client.advance_clock(600_000)["auto_stopped"] == []  # 10 min after the renew: still idle-alive
    assert client.advance_clock(400_000)["auto_stopped"] == [notebook["id"]]


def test_duration_minus_one_disables_auto_stop(client: SimClient) -> None:
    notebook = create_running(client, duration=-1)
    assert notebook["lease"]["enable"] is False
    assert notebook["lease"]["duration"] == 0
    assert client.advance_clock(100 * HOUR)["auto_stopped"] == []
    client.api("POST", f"/notebooks/{notebook['id']}/stop")
    client.wait_for_status(notebook["id"], "STOPPED")
    started = client.api("POST", f"/notebooks/{notebook['id']}/start", query={"duration": HOUR}).json()
    assert started["lease"]["enable"] is True


def test_a_start_without_duration_gets_the_default_hour_not_the_old_lease(client: SimClient) -> None:
    # REFERENCE §6.2: query duration > body duration > 3 600 000. Auto-stop that was off does not
    # silently stay off (an administrator's lease limit relies on this).
    notebook = create_running(client, duration=-1)
    client.api("POST", f"/notebooks/{notebook['id']}/stop")
    client.wait_for_status(notebook["id"], "STOPPED")
    lease = client.api("POST", f"/notebooks/{notebook['id']}/start").json()["lease"]
    assert lease["enable"] is True
    assert lease["duration"] == (lease["update_at"] - lease["create_at"]) + HOUR


def test_token_rotates_on_every_start(client: SimClient) -> None:
    notebook = create_running(client)
    tokens = [notebook["token"]]
    for _ in range(2):
        client.api("POST", f"/notebooks/{notebook['id']}/stop")
        client.wait_for_status(notebook["id"], "STOPPED")
        started = client.api("POST", f"/notebooks/{notebook['id']}/start").json()
        running = client.wait_for_status(notebook["id"], "RUNNING")
        assert started["token"] == running["token"]
        tokens.append(running["token"])
    assert len(set(tokens)) == 3


def test_forced_create_failure(client: SimClient) -> None:
    client.fail_next("create", "Insufficient GPU resources.")
    created = client.api("POST", "/notebooks", json=notebook_request()).json()
    failed = client.wait_for_status(created["id"], "CREATE_FAILED")
    assert failed["fail_reason"] == "Insufficient GPU resources."
    assert [step["status"] for step in failed["action_progress"]] == [
        "COMPLETED",
        "FAILED",
        "WAITING",
        "WAITING",
    ]
    # A failed instance can be deleted, not started.
    assert client.api("POST", f"/notebooks/{created['id']}/start").json()["error_code"] == "ModelArts.6357"
    assert client.api("DELETE", f"/notebooks/{created['id']}").status_code == 200
    # The failure was for one create only.
    assert create_running(client)["status"] == "RUNNING"


def test_forced_start_failure_then_retry(client: SimClient) -> None:
    notebook = create_running(client)
    client.api("POST", f"/notebooks/{notebook['id']}/stop")
    client.wait_for_status(notebook["id"], "STOPPED")
    client.fail_next("start")
    client.api("POST", f"/notebooks/{notebook['id']}/start")
    failed = client.wait_for_status(notebook["id"], "START_FAILED")
    assert failed["fail_reason"]
    client.api("POST", f"/notebooks/{notebook['id']}/start")  # START_FAILED may be started again
    assert "fail_reason" not in client.wait_for_status(notebook["id"], "RUNNING")


def test_storage_resize_reports_resizing_for_a_step() -> None:
    with running_simulator(lab=False, speed=1000) as (_, client):
        notebook = create_running(client)
        client.set_speed(0.001)  # a step now lasts 2000 s of real time
        resized = client.api("PUT", f"/notebooks/{notebook['id']}", json={"storage_new_size": 50}).json()
        assert resized["volume"]["status"] == "RESIZING"
        assert resized["volume"]["capacity"] == 50
        client.advance_clock(3_000_000)
        assert "status" not in client.api("GET", f"/notebooks/{notebook['id']}").json()["volume"]
