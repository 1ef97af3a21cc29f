"""Running the async client from blocking code: one background event loop, shared by the process.

Each call of :class:`~jupyter_modelarts.core.sync.SyncModelArtsClient` runs the
async client on one background event-loop thread, never with ``asyncio.run``
in the caller's thread: inside a Jupyter kernel that thread already runs a
loop, and a second loop there fails.  A client that already lives on another
running loop (the server's) is driven on that loop instead, so one client can
serve both.  The background loop and the clients on it are closed at
interpreter exit.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import threading
import weakref
from collections.abc import AsyncIterator, Coroutine, Iterator
from typing import Any, TypeVar

from jupyter_modelarts.core.client import ModelArtsClient

T = TypeVar("T")
_CLOSE_TIMEOUT = 10.0  # seconds granted at exit to close connections and stop the loop


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


class SyncClientBase:
    """Holds the async client and runs its coroutines to completion for a blocking caller.

    The groups of blocking operations (core.sync, core.sync_catalog, core.sync_legacy)
    derive from it, so each wraps its async twin with precise types.
    """

    def __init__(self, client: ModelArtsClient) -> None:
        self.client = client

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
