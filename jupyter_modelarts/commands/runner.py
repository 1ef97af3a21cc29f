"""Running a verb from blocking code: the coroutine on one background loop, the person in their thread.

The verbs are coroutines over the async client. A magic runs inside a kernel whose thread already runs
an event loop, so neither ``asyncio.run`` nor a second loop in that thread is possible; the CLI could,
but one way for both is simpler. :func:`run` sends the coroutine to a process-wide loop in a daemon
thread (where the memoised clients live) and meanwhile serves, in the caller's own thread, whatever the
verb asks of the person: progress displays and yes/no questions. So ``display()`` and ``input()`` run
where IPython and ipykernel expect them, and Ctrl-C (a KeyboardInterrupt in the caller's thread) cancels
the verb. The loop and its clients are closed at exit.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import contextlib
import queue
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from jupyter_modelarts.commands.context import PersonUi, Ui
from jupyter_modelarts.commands.render.formats import Progress
from jupyter_modelarts.core.connect import aclose_clients
from jupyter_modelarts.core.contract import Notebook

T = TypeVar("T")
Job = Callable[[], None]
_CLOSE_TIMEOUT = 10.0  # seconds granted at exit to close connections and stop the loop


class _BackgroundLoop:
    """One event loop in a daemon thread, started on first use and stopped at exit."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    def get(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                thread = threading.Thread(target=loop.run_forever, name="modelarts-verbs", daemon=True)
                thread.start()
                self._loop, self._thread = loop, thread
                atexit.register(self.close)
            return self._loop

    def close(self) -> None:
        """Close the clients on the loop, then the loop (idempotent; also the atexit hook)."""
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is None or thread is None:
            return
        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(aclose_clients(), loop).result(_CLOSE_TIMEOUT)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(_CLOSE_TIMEOUT)
        if not thread.is_alive():
            loop.close()
        atexit.unregister(self.close)


BACKGROUND = _BackgroundLoop()


class _ProgressProxy:
    """A Progress whose calls run in the person's thread, in the order the verb made them."""

    def __init__(self, make: Callable[[], Progress], post: Callable[[Job], None]) -> None:
        self._post = post
        self._made: list[Progress] = []
        post(lambda: self._made.append(make()))

    def update(self, notebook: Notebook) -> None:
        self._post(lambda: self._made[0].update(notebook))

    def close(self) -> None:
        self._post(lambda: self._made[0].close())


class _ProxyUi:
    """What the verb talks to on the loop: the person's Ui, reached through the job queue."""

    def __init__(self, person: PersonUi, post: Callable[[Job], None]) -> None:
        self._person = person
        self._post = post

    def progress(self) -> Progress:
        return _ProgressProxy(self._person.progress, self._post)

    async def confirm(self, question: str) -> bool:
        answer: concurrent.futures.Future[bool] = concurrent.futures.Future()

        def ask() -> None:
            try:
                answer.set_result(self._person.confirm(question))
            except Exception as error:  # the verb decides (Declined: nobody could be asked)
                answer.set_exception(error)
            except BaseException:
                # Ctrl-C at the prompt is the person's, not the verb's: raised here, in their thread,
                # it ends run() (which cancels the verb). Passed into the loop it would kill the loop.
                answer.cancel()
                raise

        self._post(ask)
        return await asyncio.wrap_future(answer)


def run(verb: Callable[[Ui], Coroutine[Any, Any, T]], person: PersonUi) -> T:
    """Run ``verb(ui)`` on the background loop; serve its UI calls here until it ends; its result."""
    jobs: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
    future = asyncio.run_coroutine_threadsafe(verb(_ProxyUi(person, jobs.put)), BACKGROUND.get())
    future.add_done_callback(lambda _: jobs.put(None))
    try:
        while (job := jobs.get()) is not None:
            job()
        return future.result()
    except BaseException:
        future.cancel()  # e.g. KeyboardInterrupt: stop waiting; whatever was sent carries on
        raise
