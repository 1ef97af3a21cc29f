"""What each notebook status means (one table for the server, the verbs and the panel), and waiting for one.

ModelArts moves an instance through its statuses by itself once an operation
is under way, refuses most operations in the wrong status (ModelArts.6357 and
friends), and reports failures as statuses of their own
(docs/modelarts-api.md §6.1, §12.5, §12.6). Everything that needs those facts
reads them here; the front end gets them through the OpenAPI document
(``x-status-rules``, generated into ``src/contract/generated.ts``). The
simulator keeps its own guards on purpose, since it stands in for ModelArts;
tests/test_status_rules.py checks that both give the same verdicts.

:func:`wait_for_status`, behind ``--wait`` and ``wait``, polls fast while
something moves and backs off while nothing does, reports every change (status
or provisioning step), and ends early on a failure status, since waiting longer
would not help.
"""

from __future__ import annotations

import asyncio
import enum
import time
from collections.abc import Callable, Collection, Mapping

from jupyter_modelarts.core.client import ModelArtsClient
from jupyter_modelarts.core.contract.enums import NotebookStatus
from jupyter_modelarts.core.contract.responses import Notebook
from jupyter_modelarts.core.errors import (
    ContractError,
    ErrorKind,
    FieldProblem,
    ModelArtsError,
    UpstreamError,
    preview,
)

S = NotebookStatus


class Action(enum.StrEnum):
    """Operations whose acceptance depends on the status."""

    OPEN = "open"  # the instance's JupyterLab answers
    START = "start"
    STOP = "stop"
    LEASE = "lease"  # show or renew the auto-stop lease
    UPDATE = "update"  # name, description, storage size: nothing may be in flight (§12.6)
    SWITCH = "switch"  # flavor or image: STOPPED only (§4.4)
    DELETE = "delete"  # refused only while another operation runs (§12.5)


# In transit: the status ModelArts moves the instance to by itself, without being asked.
HEADING: Mapping[NotebookStatus, NotebookStatus] = {
    S.INIT: S.RUNNING,
    S.CREATING: S.RUNNING,
    S.STARTING: S.RUNNING,
    S.SNAPSHOTTING: S.RUNNING,
    S.STOPPING: S.STOPPED,
    S.DELETING: S.DELETED,
}
TRANSITIONAL = frozenset(HEADING)
# Where an operation ended badly: waiting longer will not help.
FAILED = frozenset({S.CREATE_FAILED, S.START_FAILED, S.DELETE_FAILED, S.ERROR, S.FROZEN})

_A = Action
ACTIONS: Mapping[NotebookStatus, frozenset[Action]] = {
    S.INIT: frozenset({_A.DELETE}),
    S.CREATING: frozenset({_A.DELETE}),
    S.STARTING: frozenset(),
    S.RUNNING: frozenset({_A.OPEN, _A.STOP, _A.LEASE, _A.UPDATE, _A.DELETE}),
    S.STOPPING: frozenset(),
    S.STOPPED: frozenset({_A.START, _A.UPDATE, _A.SWITCH, _A.DELETE}),
    S.DELETING: frozenset(),
    S.SNAPSHOTTING: frozenset(),
    S.CREATE_FAILED: frozenset({_A.UPDATE, _A.DELETE}),
    S.START_FAILED: frozenset({_A.START, _A.UPDATE, _A.DELETE}),
    S.DELETE_FAILED: frozenset({_A.DELETE}),
    S.ERROR: frozenset({_A.UPDATE, _A.DELETE}),
    S.FROZEN: frozenset({_A.DELETE}),
    S.DELETED: frozenset(),
}


def _known(status: object) -> NotebookStatus | None:
    try:
        return NotebookStatus(str(status))
    except ValueError:
        return None


def allows(status: object, action: Action) -> bool:
    """Whether ModelArts accepts ``action`` in ``status`` (an unknown status allows nothing)."""
    known = _known(status)
    return known is not None and action in ACTIONS[known]


def heading(status: object) -> NotebookStatus | None:
    """Where an instance in transit ends up by itself; None when it is not in transit."""
    known = _known(status)
    return None if known is None else HEADING.get(known)


def is_transitional(status: object) -> bool:
    return heading(status) is not None


def rules_document() -> dict[str, object]:
    """The table as JSON for the OpenAPI document's ``x-status-rules`` (and so for the front end)."""
    return {
        "transitional": sorted(TRANSITIONAL),
        "failed": sorted(FAILED),
        "heading": {status.value: target.value for status, target in HEADING.items()},
        "actions": {status.value: sorted(a.value for a in actions) for status, actions in ACTIONS.items()},
    }


class StatusWaitTimeout(ModelArtsError, TimeoutError):
    """The instance did not reach the wanted status in time."""

    def __init__(self, notebook_id: str, last_status: str | None, targets: Collection[str], timeout: float):
        self.notebook_id, self.last_status, self.targets = notebook_id, last_status, sorted(targets)
        super().__init__(
            f"Notebook {notebook_id} is still {last_status or 'of unknown status'} after {timeout:g} s "
            f"(waiting for {' or '.join(self.targets)})."
        )


class StatusWaitFailed(ModelArtsError):
    """The instance reached a failure status instead of the wanted one."""

    def __init__(self, notebook: Notebook, targets: Collection[str]):
        self.notebook, self.targets = notebook, sorted(targets)
        reason = f": {notebook.fail_reason}" if notebook.fail_reason else ""
        super().__init__(
            f"Notebook {notebook.id} is {notebook.status} (waiting for {' or '.join(self.targets)}){reason}"
        )


def statuses(targets: str | Collection[str]) -> frozenset[NotebookStatus]:
    names = [targets] if isinstance(targets, str) else list(targets)
    known = {state.value: state for state in NotebookStatus}
    unknown = [name for name in names if str(name).upper() not in known]
    if unknown or not names:
        rule = "must name notebook statuses: " + ", ".join(known)
        raise ContractError([FieldProblem("targets", rule, preview(unknown or names))])
    return frozenset(known[str(name).upper()] for name in names)


def _progress_key(notebook: Notebook) -> tuple[object, ...]:
    steps = tuple((step.step, step.status) for step in notebook.action_progress or ())
    return notebook.status, steps


async def wait_for_status(
    client: ModelArtsClient,
    notebook_id: str,
    targets: str | Collection[str],
    timeout: float = 600.0,  # noqa: ASYNC109 - the wait's own deadline, reported in its error
    on_progress: Callable[[Notebook], None] | None = None,
    *,
    interval: float = 2.0,
    max_interval: float = 15.0,
    failures: Collection[str] = FAILED,
) -> Notebook:
    """Poll until the notebook's status is one of ``targets``; the notebook then.

    ``on_progress`` sees the notebook at first and whenever its status or
    ``action_progress`` changes. Polls come every ``interval`` s, backing off
    to ``max_interval`` while nothing changes. Waiting for ``DELETED`` ends
    when the instance is gone. Raises StatusWaitFailed when a status in
    ``failures`` (not wanted) is reached, StatusWaitTimeout after ``timeout`` s.
    """
    wanted = statuses(targets)
    failed = statuses(failures) - wanted if failures else frozenset()
    if not (timeout > 0 and interval > 0 and max_interval >= interval):
        rule = "need timeout > 0, interval > 0 and max_interval >= interval"
        raise ContractError([FieldProblem("wait", rule, preview((timeout, interval, max_interval)))])
    deadline = time.monotonic() + timeout
    delay, last_key, last_status = interval, None, None
    while True:
        try:
            notebook = await client.show_notebook(notebook_id)
        except UpstreamError as error:
            if error.kind is ErrorKind.NOT_FOUND and NotebookStatus.DELETED in wanted:
                gone = Notebook(id=notebook_id, status=NotebookStatus.DELETED)
                if on_progress is not None:
                    on_progress(gone)  # the caller's progress display ends on the final state too
                return gone
            raise
        key = _progress_key(notebook)
        last_status = str(notebook.status) if notebook.status is not None else None
        if key != last_key:
            last_key, delay = key, interval  # something moves: look again soon
            if on_progress is not None:
                on_progress(notebook)
        else:
            delay = min(delay * 1.5, max_interval)
        if notebook.status in wanted:
            return notebook
        if notebook.status in failed:
            raise StatusWaitFailed(notebook, wanted)
        left = deadline - time.monotonic()
        if left <= 0:
            raise StatusWaitTimeout(notebook_id, last_status, wanted, timeout)
        await asyncio.sleep(min(delay, left))
