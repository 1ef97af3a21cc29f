"""SyncModelArtsClient: the ModelArts client for blocking callers (magics, CLI).

Each call runs the async :class:`~jupyter_modelarts.core.client.ModelArtsClient`
on one background event-loop thread shared by the whole process, never with
``asyncio.run`` in the caller's thread: inside a Jupyter kernel that thread
already runs a loop, and a second loop there fails.  A client that already
lives on another running loop (the server's) is driven on that loop instead,
so one client can serve both.  The background loop and the clients on it are
closed at interpreter exit.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import logging
import threading
import time
import weakref
from collections.abc import AsyncIterator, Callable, Collection, Coroutine, Iterator
from typing import Any, TypeVar

from .client import EndpointKind, ModelArtsClient, NotebookInput
from .client_legacy import LegacyInput
from .errors import ContractError, ErrorKind, FieldProblem, ModelArtsError, UpstreamError, preview
from .models import (
    Flavor,
    FlavorListQuery,
    FlavorPage,
    Image,
    ImageListQuery,
    ImagePage,
    Lease,
    LeaseRenewRequest,
    LegacyActionRequest,
    LegacyActionResult,
    LegacyCreateRequest,
    LegacyInstance,
    LegacyInstancePage,
    LegacyListQuery,
    LegacyToken,
    LegacyUpdateRequest,
    Notebook,
    NotebookCreateRequest,
    NotebookListQuery,
    NotebookPage,
    NotebookStatus,
    NotebookUpdateRequest,
    Quota,
    StartQuery,
    SwitchableFlavorsQuery,
)

__all__ = ["FAILED_STATUSES", "StatusWaitFailed", "StatusWaitTimeout", "SyncModelArtsClient"]

log = logging.getLogger(__name__)
T = TypeVar("T")
_CLOSE_TIMEOUT = 10.0  # seconds granted at exit to close connections and stop the loop

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


class _BackgroundLoop:
    """One event loop in a daemon thread, started on first use and stopped at exit."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._clients: weakref.WeakSet[ModelArtsClient] = weakref.WeakSet()

    def loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                thread = threading.Thread(target=loop.run_forever, name="modelarts-client-loop", daemon=True)
                thread.start()
                self._loop, self._thread = loop, thread
                atexit.register(self.close)
            return self._loop

    def current(self) -> asyncio.AbstractEventLoop | None:
        return self._loop

    def in_loop_thread(self) -> bool:
        return self._thread is not None and threading.current_thread() is self._thread

    def adopt(self, client: ModelArtsClient) -> None:
        self._clients.add(client)

    def close(self) -> None:
        """Close every client on this loop, then the loop (idempotent; also the atexit hook)."""
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is None or thread is None:
            return
        clients = [client for client in self._clients if client.event_loop is loop and not client.closed]

        async def close_clients() -> None:
            await asyncio.gather(*(client.aclose() for client in clients), return_exceptions=True)

        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(close_clients(), loop).result(_CLOSE_TIMEOUT)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(_CLOSE_TIMEOUT)
        if not thread.is_alive():
            loop.close()
        atexit.unregister(self.close)


BACKGROUND = _BackgroundLoop()


def _wait(coro: Coroutine[Any, Any, T], loop: asyncio.AbstractEventLoop) -> T:
    future = asyncio.run_coroutine_threadsafe(coro, loop)
    try:
        return future.result()
    except BaseException:
        future.cancel()  # e.g. KeyboardInterrupt in a kernel: do not leave the call running
        raise


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


class SyncModelArtsClient:
    """The methods of ModelArtsClient, blocking; plus :meth:`wait_for_status`."""

    def __init__(self, client: ModelArtsClient) -> None:
        self.client = client

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

    def close(self) -> None:
        if not self.client.closed:
            self._run(self.client.aclose())

    def _run(self, coro: Coroutine[Any, Any, T]) -> T:
        home = self.client.event_loop
        if home is None or home is BACKGROUND.current():
            if BACKGROUND.in_loop_thread():
                coro.close()
                raise RuntimeError("SyncModelArtsClient cannot be called from its own event-loop thread")
            BACKGROUND.adopt(self.client)
            return _wait(coro, BACKGROUND.loop())
        # The client lives on another loop (e.g. the server's): drive it there, unless that would block it.
        try:
            current: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            current = None
        if home is current or not home.is_running():
            coro.close()
            raise RuntimeError(
                "This ModelArtsClient runs on an event loop that is "
                + ("this thread's own: await its methods instead" if home is current else "not running")
            )
        return _wait(coro, home)

    def _iterate(self, items: AsyncIterator[T]) -> Iterator[T]:
        async def step() -> list[T]:
            try:
                return [await anext(items)]
            except StopAsyncIteration:
                return []

        async def finish() -> None:
            closer = getattr(items, "aclose", None)  # async generators must be finalised on their loop
            if closer is not None:
                await closer()

        try:
            while batch := self._run(step()):
                yield batch[0]
        finally:
            self._run(finish())

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
                    return Notebook(id=notebook_id, status=NotebookStatus.DELETED)
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

    # -- catalogue --------------------------------------------------------------------

    def list_flavors(self, query: FlavorListQuery | NotebookInput | None = None) -> FlavorPage:
        return self._run(self.client.list_flavors(query))

    def all_flavors(self, query: FlavorListQuery | NotebookInput | None = None) -> list[Flavor]:
        return self._run(self.client.all_flavors(query))

    def switchable_flavors(
        self, notebook_id: str, query: SwitchableFlavorsQuery | NotebookInput | None = None
    ) -> FlavorPage:
        return self._run(self.client.switchable_flavors(notebook_id, query))

    def list_images(self, query: ImageListQuery | NotebookInput | None = None) -> ImagePage:
        return self._run(self.client.list_images(query))

    def all_images(self, query: ImageListQuery | NotebookInput | None = None) -> list[Image]:
        return self._run(self.client.all_images(query))

    def show_image(self, image_id: str) -> Image:
        return self._run(self.client.show_image(image_id))

    def notebook_quota(self) -> Quota:
        return self._run(self.client.notebook_quota())

    # -- legacy DevEnviron API -----------------------------------------------------------

    def legacy_create(self, request: LegacyCreateRequest | LegacyInput) -> LegacyInstance:
        return self._run(self.client.legacy_create(request))

    def legacy_list(self, query: LegacyListQuery | LegacyInput | None = None) -> LegacyInstancePage:
        return self._run(self.client.legacy_list(query))

    def legacy_show(self, instance_id: str) -> LegacyInstance:
        return self._run(self.client.legacy_show(instance_id))

    def legacy_update(self, instance_id: str, request: LegacyUpdateRequest | LegacyInput) -> LegacyInstance:
        return self._run(self.client.legacy_update(instance_id, request))

    def legacy_delete(self, instance_id: str) -> None:
        self._run(self.client.legacy_delete(instance_id))

    def legacy_action(
        self, instance_id: str, request: LegacyActionRequest | LegacyInput
    ) -> LegacyActionResult:
        return self._run(self.client.legacy_action(instance_id, request))

    def legacy_token(self, instance_id: str) -> LegacyToken:
        return self._run(self.client.legacy_token(instance_id))
