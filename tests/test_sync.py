"""SyncModelArtsClient: the blocking facade, from plain code, from inside a running loop, and at exit."""

from __future__ import annotations

import asyncio
import inspect
import os
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from typing import Any, get_args, get_type_hints

import pytest

from jupyter_modelarts.core.client import ModelArtsClient
from jupyter_modelarts.core.contract import Notebook, NotebookStatus
from jupyter_modelarts.core.errors import ContractError, ErrorKind, UpstreamError
from jupyter_modelarts.core.sync import BACKGROUND, StatusWaitFailed, StatusWaitTimeout, SyncModelArtsClient

FAST = {"interval": 0.01, "max_interval": 0.05, "timeout": 60.0}


@pytest.fixture
def sync_client(sim: Any) -> Iterator[SyncModelArtsClient]:
    with SyncModelArtsClient(sim.client()) as client:
        yield client


def public_operations(cls: type) -> dict[str, Any]:
    return {
        name: member
        for name, member in inspect.getmembers(cls, inspect.isfunction)
        if not name.startswith("_") and name not in ("aclose", "wait_for_status", "close", "server_now_ms")
    }


def test_the_facade_has_every_operation_with_the_same_parameters() -> None:
    asynchronous = {
        name: function
        for name, function in public_operations(ModelArtsClient).items()
        if inspect.iscoroutinefunction(function) or inspect.isasyncgenfunction(function)
    }
    synchronous = public_operations(SyncModelArtsClient)
    assert len(asynchronous) >= 25 and set(synchronous) == set(asynchronous)
    for name, function in asynchronous.items():
        expected, actual = get_type_hints(function), get_type_hints(synchronous[name])
        expected_return, actual_return = expected.pop("return"), actual.pop("return")
        expected.pop("self", None)
        assert actual == expected, name
        if name == "iter_notebooks":
            assert get_args(actual_return) == get_args(expected_return)
        else:
            assert actual_return == expected_return, name
        parameters = [(p.name, p.kind, p.default) for p in inspect.signature(function).parameters.values()]
        assert [
            (p.name, p.kind, p.default) for p in inspect.signature(synchronous[name]).parameters.values()
        ] == (parameters), name


def test_the_whole_lifecycle_from_plain_synchronous_code(sim: Any, sync_client: SyncModelArtsClient) -> None:
    created = sync_client.create_notebook(sim.notebook_body("sync-nb"))
    assert created.id is not None and created.status is NotebookStatus.INIT
    running = sync_client.wait_for_status(created.id, "RUNNING", **FAST)
    assert running.status is NotebookStatus.RUNNING and running.url
    assert sync_client.endpoint_kind == "simulator" and sync_client.project_id == sim.PROJECT_ID
    assert [notebook.id for notebook in sync_client.iter_notebooks({"limit": 1})] == [created.id]
    assert sync_client.show_lease(created.id).enable is True
    assert sync_client.notebook_quota().used == 1
    assert sync_client.stop_notebook(created.id).status is NotebookStatus.STOPPING
    sync_client.wait_for_status(created.id, ["stopped"], **FAST)  # any letter case
    assert sync_client.delete_notebook(created.id).status is NotebookStatus.DELETING
    gone = sync_client.wait_for_status(created.id, "DELETED", **FAST)
    assert (gone.id, gone.status) == (created.id, NotebookStatus.DELETED)
    with pytest.raises(UpstreamError) as caught:
        sync_client.show_notebook(created.id)
    assert caught.value.kind is ErrorKind.NOT_FOUND


def test_wait_reports_progress_changes_in_the_callers_thread(make_sim: Any) -> None:
    sim = make_sim(speed=10)  # a provisioning step takes 0.2 s: several changes to see
    seen: list[tuple[Any, ...]] = []
    threads: set[str] = set()

    def progress(notebook: Notebook) -> None:
        threads.add(threading.current_thread().name)
        seen.append((notebook.status, tuple(step.status for step in notebook.action_progress or ())))

    with SyncModelArtsClient(sim.client()) as client:
        created = client.create_notebook(sim.notebook_body())
        assert created.id is not None
        client.wait_for_status(created.id, "RUNNING", on_progress=progress, **FAST)
    assert threads == {threading.current_thread().name}
    assert len(seen) >= 3 and len(set(seen)) == len(seen)  # only changes are reported
    assert seen[-1][0] is NotebookStatus.RUNNING and all(s == "COMPLETED" for s in seen[-1][1])


def test_wait_times_out_naming_the_last_status(sim: Any, sync_client: SyncModelArtsClient) -> None:
    created = sync_client.create_notebook(sim.notebook_body())
    assert created.id is not None
    sync_client.wait_for_status(created.id, "RUNNING", **FAST)
    sync_client.stop_notebook(created.id)
    sync_client.wait_for_status(created.id, "STOPPED", **FAST)
    with pytest.raises(StatusWaitTimeout) as caught:
        sync_client.wait_for_status(created.id, "RUNNING", timeout=0.2, interval=0.05, max_interval=0.1)
    assert caught.value.last_status == "STOPPED" and "still STOPPED" in str(caught.value)
    assert isinstance(caught.value, TimeoutError)
    with pytest.raises(ContractError) as bad:
        sync_client.wait_for_status(created.id, ["RUNNING", "SLEEPING"])
    assert bad.value.problems[0].location == "targets"


def test_wait_stops_at_a_failure_status_with_its_reason(sim: Any, sync_client: SyncModelArtsClient) -> None:
    sim.control.fail_next("create", "No capacity for this flavor right now.")
    created = sync_client.create_notebook(sim.notebook_body())
    assert created.id is not None
    with pytest.raises(StatusWaitFailed) as caught:
        sync_client.wait_for_status(created.id, "RUNNING", **FAST)
    assert caught.value.notebook.status is NotebookStatus.CREATE_FAILED
    assert "No capacity for this flavor right now." in str(caught.value)


@pytest.mark.asyncio
async def test_calls_from_inside_a_running_event_loop(sim: Any, sync_client: SyncModelArtsClient) -> None:
    # What a magic does in a Jupyter kernel: the kernel's loop is running in this very thread.
    assert asyncio.get_running_loop().is_running()
    created = sync_client.create_notebook(sim.notebook_body())
    assert created.id is not None
    assert sync_client.show_notebook(created.id).id == created.id
    assert sync_client.client.event_loop is BACKGROUND.current()


@pytest.mark.asyncio
async def test_a_client_awaited_on_this_loop_refuses_blocking_calls_here(sim: Any) -> None:
    async with sim.client() as client:
        await client.notebook_quota()
        with pytest.raises(RuntimeError, match="await its methods instead"):
            SyncModelArtsClient(client).notebook_quota()


def test_a_client_living_on_another_threads_loop_is_driven_there(sim: Any) -> None:
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        client = sim.client()
        asyncio.run_coroutine_threadsafe(client.notebook_quota(), loop).result()  # now it lives on `loop`
        facade = SyncModelArtsClient(client)
        assert facade.notebook_quota().used == 0
        assert client.event_loop is loop
        facade.close()
        assert client.closed
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.close()


def test_closing_the_background_loop_closes_its_clients(sim: Any) -> None:
    facade = SyncModelArtsClient(sim.client())
    facade.notebook_quota()
    assert BACKGROUND.current() is not None
    BACKGROUND.close()  # what runs at interpreter exit
    assert facade.client.closed and BACKGROUND.current() is None
    with SyncModelArtsClient(sim.client()) as fresh:  # a later caller gets a new loop
        assert fresh.notebook_quota().used == 0


def test_a_process_using_the_facade_exits_cleanly(sim: Any) -> None:
    script = textwrap.dedent(
        """
        import os, sys
        from pydantic import SecretStr
        from jupyter_modelarts.core.auth.credentials import AkSkCredentials, ResolvedCredentials
        from jupyter_modelarts.core.client import ModelArtsClient
        from jupyter_modelarts.core.sync import SyncModelArtsClient
        creds = AkSkCredentials(SecretStr(os.environ["T_AK"]), SecretStr(os.environ["T_SK"]),
                                project_id=os.environ["T_PROJECT"])
        resolved = ResolvedCredentials(creds, "t")
        client = SyncModelArtsClient(ModelArtsClient(os.environ["T_ENDPOINT"], resolved))
        print(client.notebook_quota().quota)
        """
    )
    env = {
        **os.environ, "T_AK": sim.ACCESS_KEY, "T_SK": sim.SECRET_KEY, "T_PROJECT": sim.PROJECT_ID,
        "T_ENDPOINT": sim.endpoint, "PYTHONWARNINGS": "always", "PYTHONDEVMODE": "1",
    }  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "10"
    # Without the exit hook, dev mode reports "ResourceWarning: unclosed transport" here.
    assert "unclosed" not in done.stderr.lower() and "Task was destroyed" not in done.stderr, done.stderr
    assert "ResourceWarning" not in done.stderr, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
