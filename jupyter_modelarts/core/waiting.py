"""Waiting for a notebook to reach a status: the poll behind ``--wait`` and ``wait``.

It polls ``show`` fast while something moves and backs off while nothing
does, reports every change (status or a provisioning step), and ends early
on a failure status (core/status.py), since waiting longer would not help.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Collection

from jupyter_modelarts.core import status
from jupyter_modelarts.core.client import ModelArtsClient
from jupyter_modelarts.core.contract import Notebook, NotebookStatus
from jupyter_modelarts.core.errors import (
    ContractError,
    ErrorKind,
    FieldProblem,
    ModelArtsError,
    UpstreamError,
    preview,
)


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
    failures: Collection[str] = status.FAILED,
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
