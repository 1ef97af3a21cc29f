"""Run a :class:`Simulator` in a background thread with its own event loop.

For synchronous callers (CLI, magics tests, benchmarks)::

    with SimulatorThread("AK", "SK", project_id, lab=False, speed=100) as sim:
        httpx.get(sim.endpoint + "/...")

``start()`` returns once the simulator listens (or raises what prevented it);
``stop()`` returns once every JupyterLab it started is gone.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from jupyter_modelarts.simulator.server import Simulator

T = TypeVar("T")
_JOIN_TIMEOUT = 120.0  # stopping waits for JupyterLab processes to exit (each has a grace period)


class SimulatorThread:
    def __init__(self, access_key: str, secret_key: str, project_id: str, **options: Any) -> None:
        # Built here, in the caller's thread, so bad settings raise at once (ValueError).
        self.simulator = Simulator(access_key, secret_key, project_id, **options)
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._done: asyncio.Event | None = None
        self._ready = threading.Event()
        self._failure: BaseException | None = None

    def __repr__(self) -> str:
        return f"SimulatorThread({self.simulator!r})"

    @property
    def endpoint(self) -> str:
        return self.simulator.endpoint

    def start(self) -> SimulatorThread:
        if self._thread is not None:
            raise RuntimeError("the simulator thread was already started")
        self._thread = threading.Thread(target=self._run, name="modelarts-simulator", daemon=True)
        self._thread.start()
        self._ready.wait()
        if self._failure is not None:
            self._thread.join()
            raise self._failure
        return self

    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._done = asyncio.Event()
        try:
            await self.simulator.start()
        except BaseException as failure:
            self._failure = failure
            self._ready.set()
            return
        self._ready.set()
        try:
            await self._done.wait()
        finally:
            await self.simulator.stop()

    def call(self, function: Callable[[Simulator], T]) -> T:
        """Run ``function(simulator)`` on the simulator's loop (its state is not thread-safe)."""
        if self._loop is None:
            raise RuntimeError("the simulator thread is not running")

        async def run() -> T:
            return function(self.simulator)

        return asyncio.run_coroutine_threadsafe(run(), self._loop).result()

    def stop(self) -> None:
        if self._thread is None or self._loop is None or self._done is None:
            return
        if self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._done.set)
            self._thread.join(_JOIN_TIMEOUT)
            if self._thread.is_alive():
                raise RuntimeError("the simulator did not stop in time")
        self._thread = None

    def __enter__(self) -> SimulatorThread:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
