"""Retries through ModelArtsClient under the simulator's fault injection (real HTTP).

Fault rules strike before the simulator handles a request; a stalled request
is handled once its stall ends.  Fault counters (``fired``) and rules that
only count requests tell how many attempts arrived.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

import pytest

from jupyter_modelarts.core.client import ModelArtsClient
from jupyter_modelarts.core.contract import Notebook, NotebookStatus
from jupyter_modelarts.core.errors import ErrorKind, UpstreamError, UpstreamTimeout
from jupyter_modelarts.core.http import RetryPolicy

HOUR_MS = 3_600_000
GIVE_UP_AFTER = 60.0
# Long enough that a stalled request is still stalled when the client gives up (it ends at teardown).
STALL_MS = 120_000


async def running(sim: Any, client: ModelArtsClient) -> Notebook:
    created = await client.create_notebook(sim.notebook_body())
    assert created.id is not None
    return await sim.wait_for(client, created.id, "RUNNING")


async def until(condition: Any) -> None:
    """Wait (without blocking the loop) until ``condition()`` is true."""
    give_up = time.monotonic() + GIVE_UP_AFTER
    while not await asyncio.to_thread(condition):
        assert time.monotonic() < give_up, "the condition never came true"
        await asyncio.sleep(0.01)


def gone(sim: Any, rule_id: str) -> Any:
    """A rule with a count disappears once it has struck that often."""
    return lambda: all(rule["id"] != rule_id for rule in sim.faults())


def history_notes(sim: Any, notebook_id: str) -> list[str]:
    return [entry.get("note", "") for entry in sim.control.history(notebook_id)]


# -- idempotent reads ---------------------------------------------------------------


@pytest.mark.asyncio
async def test_a_get_recovers_from_503s(sim: Any, client: ModelArtsClient) -> None:
    failing = sim.control.add_fault(action="error", status=503, path=r"/notebooks$", method="GET", count=2)
    after = sim.count_requests(r"/notebooks$", "GET")
    page = await client.list_notebooks()
    assert page.total == 0
    assert gone(sim, failing["id"])() and sim.fired(after) == 1  # 2 failures, then 1 success


@pytest.mark.asyncio
async def test_a_throttled_call_waits_for_retry_after_even_for_a_create(
    sim: Any, client: ModelArtsClient
) -> None:
    throttle = sim.control.add_fault(action="throttle", retry_after=1, path=r"/notebooks$", count=1)
    started = time.monotonic()
    notebook = await client.create_notebook(sim.notebook_body())
    # 429 proves the request was not handled, so even a create may be sent again, after Retry-After.
    assert time.monotonic() - started >= 1.0
    assert notebook.status is NotebookStatus.INIT
    assert gone(sim, throttle["id"])() and sim.instance_count() == 1


@pytest.mark.asyncio
async def test_a_read_timeout_is_retried_then_reported_as_upstream_timeout(sim: Any) -> None:
    stall = sim.control.add_fault(action="stall", stall_ms=STALL_MS, path=r"/notebooks$", method="GET")
    retry = RetryPolicy(max_attempts=2, base_delay=0.01, max_delay=0.01)
    async with sim.client(timeout=0.3, retry=retry) as client:
        with pytest.raises(UpstreamTimeout) as caught:
            await client.list_notebooks()
    assert caught.value.kind is ErrorKind.TIMEOUT and caught.value.http_status == 0
    assert sim.fired(stall["id"]) == 2


# -- create is never sent twice -------------------------------------------------------


@pytest.mark.asyncio
async def test_a_create_that_meets_a_500_is_not_sent_again(sim: Any, client: ModelArtsClient) -> None:
    failing = sim.control.add_fault(action="error", status=500, path=r"/notebooks$", method="POST")
    with pytest.raises(UpstreamError) as caught:
        await client.create_notebook(sim.notebook_body())
    assert caught.value.http_status == 500 and caught.value.kind is ErrorKind.UPSTREAM
    assert sim.fired(failing["id"]) == 1
    assert sim.instance_count() == 0  # the simulator's 500 strikes before the create is handled


@pytest.mark.asyncio
async def test_a_create_whose_answer_never_comes_is_not_sent_again(sim: Any) -> None:
    stall = sim.control.add_fault(action="stall", stall_ms=1500, path=r"/notebooks$", method="POST")
    async with sim.client(timeout=0.3) as client:
        with pytest.raises(UpstreamTimeout) as caught:
            await client.create_notebook(sim.notebook_body())
    assert "may still have been carried out" in caught.value.message
    # The stalled request is handled once its stall ends: exactly one instance, from exactly one request.
    await until(lambda: sim.instance_count() == 1)
    assert sim.fired(stall["id"]) == 1
    assert sim.instance_count() == 1


# -- checked operations: re-sent only when a fresh read proves the first did nothing ---------


@pytest.mark.asyncio
@pytest.mark.parametrize("operation", ["stop", "start"])
async def test_start_and_stop_are_resent_after_a_500_when_the_status_is_unchanged(
    sim: Any, client: ModelArtsClient, operation: str
) -> None:
    notebook = await running(sim, client)
    assert notebook.id is not None
    if operation == "start":
        await client.stop_notebook(notebook.id)
        await sim.wait_for(client, notebook.id, "STOPPED")
    failing = sim.control.add_fault(action="error", status=500, path=f"/{operation}$", count=1)
    call = client.start_notebook if operation == "start" else client.stop_notebook
    result = await call(notebook.id)
    assert result.status is (NotebookStatus.STARTING if operation == "start" else NotebookStatus.STOPPING)
    assert gone(sim, failing["id"])()
    assert history_notes(sim, notebook.id).count(f"{operation} requested") == 1


@pytest.mark.asyncio
@pytest.mark.parametrize("operation", ["stop", "start"])
async def test_start_and_stop_are_not_resent_when_the_status_does_not_allow_it(
    make_sim: Any, operation: str
) -> None:
    sim = make_sim(speed=0.0001)  # the instance stays INIT for the whole test
    async with sim.client() as client:
        notebook = await client.create_notebook(sim.notebook_body())
        assert notebook.id is not None
        sim.control.add_fault(action="error", status=500, path=f"/{operation}$", count=1)
        resent = sim.count_requests(f"/{operation}$")
        call = client.start_notebook if operation == "start" else client.stop_notebook
        with pytest.raises(UpstreamError) as caught:
            await call(notebook.id)
    assert caught.value.http_status == 500
    assert sim.fired(resent) == 0
    assert (await_status(sim, notebook.id)) == "INIT"


def await_status(sim: Any, notebook_id: str) -> str:
    response = sim.control.api("GET", f"/notebooks/{notebook_id}")
    return str(response.json()["status"])


@pytest.mark.asyncio
async def test_a_stop_whose_answer_is_lost_reports_the_stop_that_happened(sim: Any) -> None:
    async with sim.client(timeout=4.0) as client:
        notebook = await running(sim, client)
        assert notebook.id is not None
        stall = sim.control.add_fault(action="stall", stall_ms=STALL_MS, path="/stop$", count=1)
        task = asyncio.create_task(client.stop_notebook(notebook.id))
        await until(gone(sim, stall["id"]))  # our stop is stuck in the "gateway"
        other = await asyncio.to_thread(sim.control.api, "POST", f"/notebooks/{notebook.id}/stop")
        assert other.status_code == 200
        result = await task  # timed out; the check saw STOPPING: the stop happened, no error, no re-send
    assert result.status in (NotebookStatus.STOPPING, NotebookStatus.STOPPED)
    assert history_notes(sim, notebook.id).count("stop requested") == 1


@pytest.mark.asyncio
async def test_a_delete_is_resent_after_a_500_and_a_lost_answer_of_a_done_delete_is_deleted(
    sim: Any, client: ModelArtsClient
) -> None:
    first = await running(sim, client)
    assert first.id is not None
    failing = sim.control.add_fault(action="error", status=500, path=f"/notebooks/{first.id}$", count=1)
    assert (await client.delete_notebook(first.id)).status is NotebookStatus.DELETING
    assert gone(sim, failing["id"])()

    async with sim.client(timeout=4.0) as slow:
        second = await running(sim, slow)
        assert second.id is not None
        path = f"/notebooks/{second.id}$"
        stall = sim.control.add_fault(action="stall", stall_ms=STALL_MS, path=path, method="DELETE", count=1)
        task = asyncio.create_task(slow.delete_notebook(second.id))
        await until(gone(sim, stall["id"]))
        await asyncio.to_thread(sim.control.api, "DELETE", f"/notebooks/{second.id}")
        await asyncio.to_thread(sim.control.wait_for_history, second.id, "DELETED")
        result = await task  # timed out; the check found the instance gone (6309)
    assert result.id == second.id and result.status is NotebookStatus.DELETED


@pytest.mark.asyncio
async def test_renew_is_resent_only_while_the_lease_is_unchanged(sim: Any) -> None:
    async with sim.client(timeout=4.0) as client:
        notebook = await running(sim, client)
        assert notebook.id is not None
        before = await client.show_lease(notebook.id)
        failing = sim.control.add_fault(action="error", status=500, path="/lease$", method="PATCH", count=1)
        renewed = await client.renew_lease(notebook.id, {"duration": 2 * HOUR_MS})
        assert gone(sim, failing["id"])()
        assert renewed.update_at is not None and before.update_at is not None
        assert renewed.update_at > before.update_at

        sim.control.advance_clock(60_000)  # so another renew visibly moves update_at
        stall = sim.control.add_fault(
            action="stall", stall_ms=STALL_MS, path="/lease$", method="PATCH", count=1
        )
        resent = sim.count_requests("/lease$", "PATCH")
        task = asyncio.create_task(client.renew_lease(notebook.id, {"duration": 3 * HOUR_MS}))
        await until(gone(sim, stall["id"]))
        other = await asyncio.to_thread(
            sim.control.api, "PATCH", f"/notebooks/{notebook.id}/lease", json={"duration": 4 * HOUR_MS}
        )
        assert other.status_code == 200
        result = await task  # timed out; update_at moved, so this renew is not sent again
    assert result.update_at == other.json()["update_at"]
    assert sim.fired(resent) == 1  # only the other client's renew


@pytest.mark.asyncio
async def test_an_unknown_id_after_a_500_is_not_resent(sim: Any, client: ModelArtsClient) -> None:
    missing = str(uuid.uuid4())
    sim.control.add_fault(action="error", status=500, path="/start$", count=1)
    resent = sim.count_requests("/start$")
    with pytest.raises(UpstreamError) as caught:
        await client.start_notebook(missing)
    assert caught.value.http_status == 500  # the check failed (6309): the outcome stays unknown
    assert sim.fired(resent) == 0
