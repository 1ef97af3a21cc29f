"""core.waiting.wait_for_status: the poll behind ``--wait`` and ``wait``.

Against the simulator (the ``sim``/``client`` fixtures of tests/conftest.py)
for the real thing, and against a scripted client on a fake clock wherever
timing matters: ``wait_for_status`` reads ``time.monotonic`` and sleeps with
``asyncio.sleep`` (it takes no clock of its own), so the unit tests swap
those two names in the module for a clock that only moves when it sleeps.
Every wait and every poll is then counted exactly, without real waiting.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any

import pytest

from jupyter_modelarts.core import status as waiting
from jupyter_modelarts.core.client import ModelArtsClient
from jupyter_modelarts.core.contract import Notebook, NotebookStatus
from jupyter_modelarts.core.errors import ContractError, ErrorKind, ModelArtsError, UpstreamError
from jupyter_modelarts.core.status import StatusWaitFailed, StatusWaitTimeout, wait_for_status

NOTEBOOK_ID = "4e4d1ae3-2f3c-4a3c-9a40-000000000001"
FAST: dict[str, Any] = {"interval": 0.01, "max_interval": 0.05, "timeout": 60.0}  # the simulator


def nb(status: str | None, *steps: str, **fields: Any) -> Notebook:
    progress = [{"step": n, "status": s} for n, s in enumerate(steps, 1)] or None
    return Notebook.model_validate(
        {"id": NOTEBOOK_ID, "status": status, "action_progress": progress, **fields}
    )


def gone() -> UpstreamError:
    return UpstreamError(400, "ModelArts.6309", f"Notebook {NOTEBOOK_ID} does not exist.")


class FakeClock:
    """time.monotonic and asyncio.sleep for the waiting module: time passes only by sleeping."""

    def __init__(self) -> None:
        self.now = 1_000.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(waiting, "time", types.SimpleNamespace(monotonic=fake.monotonic))
    monkeypatch.setattr(waiting, "asyncio", types.SimpleNamespace(sleep=fake.sleep))
    return fake


class Scripted:
    """Stands in for ModelArtsClient: show_notebook answers from a script (the last answer repeats)."""

    def __init__(self, *answers: Notebook | Exception) -> None:
        self.answers = answers
        self.asked: list[str] = []

    async def show_notebook(self, notebook_id: str) -> Notebook:
        self.asked.append(notebook_id)
        answer = self.answers[min(len(self.asked), len(self.answers)) - 1]
        if isinstance(answer, Exception):
            raise answer
        return answer


async def wait(
    client: Scripted, targets: Any, reports: list[Notebook] | None = None, **options: Any
) -> Notebook:
    on_progress: Callable[[Notebook], None] | None = None if reports is None else reports.append
    fake: Any = client  # the wait needs only show_notebook
    return await wait_for_status(fake, NOTEBOOK_ID, targets, on_progress=on_progress, **options)


def statuses_of(reports: list[Notebook]) -> list[str | None]:
    return [None if report.status is None else str(report.status) for report in reports]


# -- polling, on a fake clock -----------------------------------------------------------------------


@pytest.mark.asyncio
async def test_the_wait_ends_with_the_notebook_in_a_target_status(clock: FakeClock) -> None:
    client = Scripted(nb("INIT"), nb("CREATING"), nb("RUNNING", url="https://lab.example/x"))
    reports: list[Notebook] = []
    result = await wait(client, "RUNNING", reports, interval=2.0, max_interval=15.0)
    assert result.status is NotebookStatus.RUNNING and result.url == "https://lab.example/x"
    assert statuses_of(reports) == ["INIT", "CREATING", "RUNNING"]  # the first state, then each change
    assert client.asked == [NOTEBOOK_ID] * 3
    assert clock.sleeps == [2.0, 2.0]  # every change: look again soon


@pytest.mark.asyncio
async def test_polls_back_off_while_nothing_changes_up_to_the_cap(clock: FakeClock) -> None:
    client = Scripted(*[nb("STOPPING")] * 6, nb("STOPPED"))
    reports: list[Notebook] = []
    await wait(client, "STOPPED", reports, interval=2.0, max_interval=5.0)
    assert clock.sleeps == [2.0, 3.0, 4.5, 5.0, 5.0, 5.0]  # x1.5 each time, capped
    assert statuses_of(reports) == ["STOPPING", "STOPPED"]  # repeats are not reported


@pytest.mark.asyncio
async def test_a_provisioning_step_is_a_change_too(clock: FakeClock) -> None:
    client = Scripted(
        nb("CREATING", "PROCESSING", "WAITING"),
        nb("CREATING", "PROCESSING", "WAITING"),
        nb("CREATING", "PROCESSING", "WAITING"),
        nb("CREATING", "COMPLETED", "PROCESSING"),  # same status, next step: reported, polls speed up
        nb("CREATING", "COMPLETED", "PROCESSING"),
        nb("RUNNING", "COMPLETED", "COMPLETED"),
    )
    reports: list[Notebook] = []
    await wait(client, "RUNNING", reports, interval=2.0, max_interval=15.0)
    assert clock.sleeps == [2.0, 3.0, 4.5, 2.0, 3.0]
    assert [[str(step.status) for step in r.action_progress or ()] for r in reports] == [
        ["PROCESSING", "WAITING"], ["COMPLETED", "PROCESSING"], ["COMPLETED", "COMPLETED"],
    ]  # fmt: skip


@pytest.mark.asyncio
async def test_a_wait_times_out_at_its_deadline_naming_the_last_status(clock: FakeClock) -> None:
    client = Scripted(nb("STOPPED"))
    reports: list[Notebook] = []
    with pytest.raises(StatusWaitTimeout) as raised:
        await wait(client, "RUNNING", reports, timeout=10.0, interval=2.0, max_interval=15.0)
    # The last sleep is cut to the time left, and one last look is taken at the deadline.
    assert clock.sleeps == [2.0, 3.0, 4.5, 0.5]
    assert len(client.asked) == 5 and clock.now == 1_010.0
    error = raised.value
    assert str(error) == f"Notebook {NOTEBOOK_ID} is still STOPPED after 10 s (waiting for RUNNING)."
    assert (error.notebook_id, error.last_status, error.targets) == (NOTEBOOK_ID, "STOPPED", ["RUNNING"])
    assert isinstance(error, TimeoutError) and isinstance(error, ModelArtsError)
    assert statuses_of(reports) == ["STOPPED"]


@pytest.mark.asyncio
async def test_a_notebook_without_a_status_times_out_as_of_unknown_status(clock: FakeClock) -> None:
    with pytest.raises(StatusWaitTimeout, match="is still of unknown status after 1.5 s") as raised:
        await wait(Scripted(nb(None)), ["RUNNING", "STOPPED"], timeout=1.5, interval=1.0)
    assert raised.value.last_status is None
    assert raised.value.targets == ["RUNNING", "STOPPED"]
    assert "(waiting for RUNNING or STOPPED)" in str(raised.value)


@pytest.mark.asyncio
async def test_a_failure_status_ends_the_wait_with_its_reason(clock: FakeClock) -> None:
    failed = nb("CREATE_FAILED", "COMPLETED", "FAILED", fail_reason="No capacity for this flavor right now.")
    client = Scripted(nb("CREATING", "COMPLETED", "PROCESSING"), failed, nb("RUNNING"))
    reports: list[Notebook] = []
    with pytest.raises(StatusWaitFailed) as raised:
        await wait(client, "RUNNING", reports, interval=2.0)
    assert raised.value.notebook == failed and raised.value.targets == ["RUNNING"]
    assert str(raised.value) == (
        f"Notebook {NOTEBOOK_ID} is CREATE_FAILED (waiting for RUNNING): "
        "No capacity for this flavor right now."
    )
    assert statuses_of(reports) == ["CREATING", "CREATE_FAILED"]  # the failure is shown before it is raised
    assert len(client.asked) == 2 and clock.sleeps == [2.0]


@pytest.mark.parametrize("status", ["CREATE_FAILED", "START_FAILED", "DELETE_FAILED", "ERROR", "FROZEN"])
@pytest.mark.asyncio
async def test_every_failure_status_ends_the_wait_unless_it_is_wanted(clock: FakeClock, status: str) -> None:
    with pytest.raises(StatusWaitFailed, match=f"is {status} \\(waiting for RUNNING\\)$"):
        await wait(Scripted(nb(status)), "RUNNING")
    assert (await wait(Scripted(nb(status)), ["RUNNING", status.lower()])).status == status


@pytest.mark.asyncio
async def test_the_failure_statuses_can_be_chosen(clock: FakeClock) -> None:
    # None: a failure is just another status, the wait goes on.
    client = Scripted(nb("ERROR"), nb("RUNNING"))
    assert (await wait(client, "RUNNING", failures=(), interval=1.0)).status is NotebookStatus.RUNNING
    assert len(client.asked) == 2
    # Others: here STOPPED means the start did not take.
    with pytest.raises(StatusWaitFailed, match="is STOPPED"):
        await wait(Scripted(nb("STOPPED")), "RUNNING", failures=["stopped"])
    with pytest.raises(ContractError):
        await wait(Scripted(nb("STOPPED")), "RUNNING", failures=["BROKEN"])


@pytest.mark.asyncio
async def test_waiting_for_deleted_ends_when_the_instance_is_gone(clock: FakeClock) -> None:
    client = Scripted(nb("DELETING"), nb("DELETING"), gone())
    reports: list[Notebook] = []
    result = await wait(client, "DELETED", reports, interval=1.0)
    assert (result.id, result.status) == (NOTEBOOK_ID, NotebookStatus.DELETED)
    assert statuses_of(reports) == ["DELETING", "DELETED"]  # the progress display ends on the final state
    assert len(client.asked) == 3


@pytest.mark.asyncio
async def test_an_instance_gone_while_waiting_for_something_else_is_an_error(clock: FakeClock) -> None:
    client = Scripted(nb("STARTING"), gone())
    reports: list[Notebook] = []
    with pytest.raises(UpstreamError) as raised:
        await wait(client, "RUNNING", reports, interval=1.0)
    assert raised.value.kind is ErrorKind.NOT_FOUND
    assert statuses_of(reports) == ["STARTING"]


@pytest.mark.asyncio
async def test_other_errors_end_the_wait_even_for_deleted(clock: FakeClock) -> None:
    unavailable = UpstreamError(503, None, "Service Unavailable")
    with pytest.raises(UpstreamError) as raised:
        await wait(Scripted(nb("DELETING"), unavailable), "DELETED", interval=1.0)
    assert raised.value is unavailable


@pytest.mark.parametrize(
    ("targets", "options", "location"),
    [
        ("SLEEPING", {}, "targets"),
        ([], {}, "targets"),
        (["RUNNING", "nope"], {}, "targets"),
        ("RUNNING", {"timeout": 0.0}, "wait"),
        ("RUNNING", {"timeout": -1.0}, "wait"),
        ("RUNNING", {"interval": 0.0}, "wait"),
        ("RUNNING", {"interval": 5.0, "max_interval": 4.0}, "wait"),
    ],
)
@pytest.mark.asyncio
async def test_an_impossible_wait_is_refused_before_polling(
    clock: FakeClock, targets: Any, options: dict[str, Any], location: str
) -> None:
    client = Scripted(nb("RUNNING"))
    with pytest.raises(ContractError) as raised:
        await wait(client, targets, **options)
    assert [problem.location for problem in raised.value.problems] == [location]
    assert client.asked == [] and clock.sleeps == []


@pytest.mark.asyncio
async def test_targets_may_be_one_name_or_several_in_any_case(clock: FakeClock) -> None:
    assert (await wait(Scripted(nb("STOPPED")), "stopped")).status is NotebookStatus.STOPPED
    assert (await wait(Scripted(nb("STOPPED")), {"Running", "Stopped"})).status is NotebookStatus.STOPPED
    assert waiting.statuses(("running", "STOPPED")) == {NotebookStatus.RUNNING, NotebookStatus.STOPPED}


# -- against the simulator --------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_a_whole_lifecycle_waited_through(sim: Any, client: ModelArtsClient) -> None:
    created = await client.create_notebook(sim.notebook_body("wait-nb"))
    assert created.id is not None and created.status is NotebookStatus.INIT
    running = await wait_for_status(client, created.id, "RUNNING", **FAST)
    assert running.status is NotebookStatus.RUNNING and running.url

    assert (await client.stop_notebook(created.id)).status is NotebookStatus.STOPPING
    stopped = await wait_for_status(client, created.id, ["stopped"], **FAST)  # any letter case
    assert stopped.status is NotebookStatus.STOPPED

    assert (await client.delete_notebook(created.id)).status is NotebookStatus.DELETING
    reports: list[Notebook] = []
    deleted = await wait_for_status(client, created.id, "DELETED", on_progress=reports.append, **FAST)
    assert (deleted.id, deleted.status) == (created.id, NotebookStatus.DELETED)
    assert reports[-1].status is NotebookStatus.DELETED
    with pytest.raises(UpstreamError) as raised:
        await client.show_notebook(created.id)
    assert raised.value.kind is ErrorKind.NOT_FOUND


@pytest.mark.asyncio
async def test_progress_reports_each_change_once(make_sim: Any) -> None:
    sim = make_sim(speed=10)  # a provisioning step takes 0.2 s: several changes to see
    async with sim.client() as client:
        created = await client.create_notebook(sim.notebook_body())
        assert created.id is not None
        reports: list[Notebook] = []
        await wait_for_status(client, created.id, "RUNNING", on_progress=reports.append, **FAST)
    keys = [(r.status, tuple((s.step, s.status) for s in r.action_progress or ())) for r in reports]
    assert reports and all(a != b for a, b in zip(keys, keys[1:], strict=False))  # changes only
    assert reports[-1].status is NotebookStatus.RUNNING
    assert [str(s.status) for s in reports[-1].action_progress or ()] == ["COMPLETED"] * 4


@pytest.mark.asyncio
async def test_a_wait_times_out_naming_the_last_status(sim: Any, client: ModelArtsClient) -> None:
    created = await client.create_notebook(sim.notebook_body())
    assert created.id is not None
    await wait_for_status(client, created.id, "RUNNING", **FAST)
    await client.stop_notebook(created.id)
    await wait_for_status(client, created.id, "STOPPED", **FAST)
    with pytest.raises(StatusWaitTimeout) as raised:
        await wait_for_status(client, created.id, "RUNNING", timeout=0.2, interval=0.05, max_interval=0.1)
    assert raised.value.last_status == "STOPPED" and "still STOPPED after 0.2 s" in str(raised.value)


@pytest.mark.asyncio
async def test_a_wait_stops_at_a_failure_status_with_its_reason(sim: Any, client: ModelArtsClient) -> None:
    sim.control.fail_next("create", "No capacity for this flavor right now.")
    created = await client.create_notebook(sim.notebook_body())
    assert created.id is not None
    with pytest.raises(StatusWaitFailed) as raised:
        await wait_for_status(client, created.id, "RUNNING", **FAST)
    assert raised.value.notebook.status is NotebookStatus.CREATE_FAILED
    assert "No capacity for this flavor right now." in str(raised.value)
