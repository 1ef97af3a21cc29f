"""SyncModelArtsClient: the ModelArts client for blocking callers (magics, CLI).

Each call runs the async :class:`~jupyter_modelarts.core.client.ModelArtsClient`
to completion without blocking anybody's event loop (core.sync_base says how);
the operations come in the same groups as the async client's: notebooks and
leases here, core.sync_catalog and core.sync_legacy.  :meth:`wait_for_status`
is the blocking poll behind ``--wait``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Collection, Iterator

from jupyter_modelarts.core.client import EndpointKind, NotebookInput
from jupyter_modelarts.core.contract import (
    Lease,
    LeaseRenewRequest,
    Notebook,
    NotebookCreateRequest,
    NotebookListQuery,
    NotebookPage,
    NotebookStatus,
    NotebookUpdateRequest,
    StartQuery,
)
from jupyter_modelarts.core.errors import (
    ContractError,
    ErrorKind,
    FieldProblem,
    ModelArtsError,
    UpstreamError,
    preview,
)
from jupyter_modelarts.core.legacy.sync import SyncLegacyOperations
from jupyter_modelarts.core.sync_base import (
    BACKGROUND as BACKGROUND,  # re-exported: tests and exit handling use it from here
)
from jupyter_modelarts.core.sync_catalog import SyncCatalogOperations

__all__ = ["FAILED_STATUSES", "StatusWaitFailed", "StatusWaitTimeout", "SyncModelArtsClient"]

log = logging.getLogger(__name__)

# Where an instance ends up when an operation failed: waiting longer would not help.
FAILED_STATUSES = frozenset(
    {
        NotebookStatus.CREATE_FAILED,
        NotebookStatus.START_FAILED,
        NotebookStatus.DELETE_FAILED,
        NotebookStatus.ERROR,
        NotebookStatus.FROZEN,
    }
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


def _statuses(targets: str | Collection[str]) -> frozenset[NotebookStatus]:
    names = [targets] if isinstance(targets, str) else list(targets)
    known = {status.value: status for status in NotebookStatus}
    unknown = [name for name in names if str(name).upper() not in known]
    if unknown or not names:
        rule = "must name notebook statuses: " + ", ".join(known)
        raise ContractError([FieldProblem("targets", rule, preview(unknown or names))])
    return frozenset(known[str(name).upper()] for name in names)


def _progress_key(notebook: Notebook) -> tuple[object, ...]:
    steps = tuple((step.step, step.status) for step in notebook.action_progress or ())
    return notebook.status, steps


class SyncModelArtsClient(SyncCatalogOperations, SyncLegacyOperations):
    """The methods of ModelArtsClient, blocking; plus :meth:`wait_for_status`."""

    def __repr__(self) -> str:
        return f"SyncModelArtsClient({self.client!r})"

    def __enter__(self) -> SyncModelArtsClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def endpoint(self) -> str:
        return self.client.endpoint

    @property
    def project_id(self) -> str:
        return self.client.project_id

    @property
    def endpoint_kind(self) -> EndpointKind:
        return self.client.endpoint_kind

    def server_now_ms(self) -> int:
        return self.client.server_now_ms()

    # -- waiting --------------------------------------------------------------------

    def wait_for_status(
        self,
        notebook_id: str,
        targets: str | Collection[str],
        timeout: float = 600.0,
        on_progress: Callable[[Notebook], None] | None = None,
        *,
        interval: float = 2.0,
        max_interval: float = 15.0,
        failures: Collection[str] = FAILED_STATUSES,
    ) -> Notebook:
        """Poll until the notebook's status is one of ``targets``; the notebook then.

        ``on_progress`` is called (in the caller's thread) with the notebook
        whenever its status or ``action_progress`` changes, and once at first.
        Polling starts every ``interval`` s and backs off to ``max_interval``
        while nothing changes.  Waiting for ``DELETED`` ends when the
        instance is gone.  Raises StatusWaitFailed when a status in
        ``failures`` (not wanted) is reached, StatusWaitTimeout after ``timeout`` s.
        """
        wanted = _statuses(targets)
        failed = _statuses(failures) - wanted if failures else frozenset()
        if not (timeout > 0 and interval > 0 and max_interval >= interval):
            rule = "need timeout > 0, interval > 0 and max_interval >= interval"
            raise ContractError([FieldProblem("wait", rule, preview((timeout, interval, max_interval)))])
        deadline = time.monotonic() + timeout
        delay, last_key, last_status = interval, None, None
        while True:
            try:
                notebook = self.show_notebook(notebook_id)
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
            time.sleep(min(delay, left))

    # -- notebooks (same signatures as ModelArtsClient) --------------------------------

    def create_notebook(self, request: NotebookCreateRequest | NotebookInput) -> Notebook:
        return self._run(self.client.create_notebook(request))

    def list_notebooks(
        self, query: NotebookListQuery | NotebookInput | None = None, *, all_users: bool = False
    ) -> NotebookPage:
        return self._run(self.client.list_notebooks(query, all_users=all_users))

    def iter_notebooks(
        self, query: NotebookListQuery | NotebookInput | None = None, *, all_users: bool = False
    ) -> Iterator[Notebook]:
        return self._iterate(self.client.iter_notebooks(query, all_users=all_users))

    def list_all_notebooks(
        self, query: NotebookListQuery | NotebookInput | None = None, *, all_users: bool = False
    ) -> list[Notebook]:
        return self._run(self.client.list_all_notebooks(query, all_users=all_users))

    def show_notebook(self, notebook_id: str) -> Notebook:
        return self._run(self.client.show_notebook(notebook_id))

    def update_notebook(self, notebook_id: str, request: NotebookUpdateRequest | NotebookInput) -> Notebook:
        return self._run(self.client.update_notebook(notebook_id, request))

    def delete_notebook(self, notebook_id: str) -> Notebook:
        return self._run(self.client.delete_notebook(notebook_id))

    def start_notebook(self, notebook_id: str, query: StartQuery | NotebookInput | None = None) -> Notebook:
        return self._run(self.client.start_notebook(notebook_id, query))

    def stop_notebook(self, notebook_id: str) -> Notebook:
        return self._run(self.client.stop_notebook(notebook_id))

    def show_lease(self, notebook_id: str) -> Lease:
        return self._run(self.client.show_lease(notebook_id))

    def renew_lease(self, notebook_id: str, request: LeaseRenewRequest | NotebookInput) -> Lease:
        return self._run(self.client.renew_lease(notebook_id, request))
