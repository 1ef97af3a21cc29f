"""The :class:`Simulator`, a real HTTP server speaking the ModelArts notebook API, and its URL map.

``await sim.start()``, point a client at ``sim.endpoint``, ``await sim.stop()`` (which
stops every JupyterLab it started).  ``lab=False`` starts no processes (instance URLs
lead to a stand-in page); ``lab_manager=`` plugs in any object with the LabManager
interface.  :class:`SimulatorThread` runs one in a background thread with its own event
loop, for synchronous callers (CLI, magics tests, benchmarks): its ``start()`` returns
once the simulator listens (or raises what prevented it), ``stop()`` once every
JupyterLab it started is gone.  Usage in docs/simulator.md.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application, RequestHandler

from jupyter_modelarts.simulator.catalog import Catalog
from jupyter_modelarts.simulator.faults import FaultInjector
from jupyter_modelarts.simulator.handlers import api, control
from jupyter_modelarts.simulator.handlers.base import Authenticator, NotFoundHandler
from jupyter_modelarts.simulator.legacy import handlers as legacy
from jupyter_modelarts.simulator.lifecycle import Lifecycle
from jupyter_modelarts.simulator.states import InstanceStore
from jupyter_modelarts.simulator.world import LabBackend, PageLab, VirtualClock, World

_access_log = logging.getLogger("jupyter_modelarts.simulator.access")
T = TypeVar("T")

_PROJECT = r"/v1/(?P<project_id>[^/]+)"
_NOTEBOOK = _PROJECT + r"/notebooks/(?P<notebook_id>[^/]+)"
_LEGACY = _PROJECT + r"/demanager/instances/(?P<instance_id>[^/]+)"

ROUTES: list[tuple[str, type[RequestHandler]]] = [
    # Fixed segments before the {id} pattern, which would swallow "all" and "flavors".
    (_PROJECT + r"/notebooks", api.NotebooksHandler),
    (_PROJECT + r"/notebooks/all", api.AllNotebooksHandler),
    (_PROJECT + r"/notebooks/flavors", api.FlavorsHandler),
    (_NOTEBOOK, api.NotebookHandler),
    (_NOTEBOOK + r"/start", api.StartHandler),
    (_NOTEBOOK + r"/stop", api.StopHandler),
    (_NOTEBOOK + r"/lease", api.LeaseHandler),
    (_NOTEBOOK + r"/flavors", api.SwitchableFlavorsHandler),
    (_PROJECT + r"/images", api.ImagesHandler),
    (_PROJECT + r"/images/(?P<image_id>[^/]+)", api.ImageHandler),
    (_PROJECT + r"/authoring/features/(?P<feature>[^/]+)", api.FeatureHandler),
    (_PROJECT + r"/demanager/instances", legacy.LegacyInstancesHandler),
    (_LEGACY, legacy.LegacyInstanceHandler),
    (_LEGACY + r"/action", legacy.LegacyActionHandler),
    (_LEGACY + r"/token", legacy.LegacyTokenHandler),
    (r"/_sim/info", control.InfoHandler),
    (r"/_sim/clock", control.ClockHandler),
    (r"/_sim/speed", control.SpeedHandler),
    (r"/_sim/faults", control.FaultsHandler),
    (r"/_sim/faults/(?P<rule_id>[^/]+)", control.FaultHandler),
    (r"/_sim/flavors/(?P<flavor_id>[^/]+)", control.FlavorControlHandler),
    (r"/_sim/fail-next", control.FailNextHandler),
    (r"/_sim/instances/(?P<instance_id>[^/]+)/history", control.HistoryHandler),
    (r"/_lab/(?P<instance_id>[^/]+)/lab(?:/.*)?", control.LabPageHandler),
]


def _log_request(handler: RequestHandler) -> None:
    # Method and path only: query strings may carry an instance token (?token=...).
    request = handler.request
    _access_log.info(
        "%d %s %s %.1fms", handler.get_status(), request.method, request.path, 1000 * request.request_time()
    )


class Simulator:
    def __init__(
        self,
        access_key: str,
        secret_key: str,
        project_id: str,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        speed: float = 1.0,
        iam_tokens: Iterable[str] = (),
        security_tokens: Iterable[str] = (),
        quota: int = 10,
        max_running: int = 4,
        workdir: str | Path | None = None,
        region: str = "sim-local-1",
        lab: bool = True,
        lab_manager: LabBackend | None = None,
    ) -> None:
        problems = [
            rule
            for failed, rule in (
                (not access_key, "access_key must not be empty"),
                (not secret_key, "secret_key must not be empty"),
                (not project_id or "/" in project_id, "project_id must be a non-empty path segment"),
                (not speed > 0, "speed must be positive"),
                (quota < 0, "quota must not be negative"),
                (max_running < 0, "max_running must not be negative"),
                (not 0 <= port <= 65535, "port must be 0-65535"),
            )
            if failed
        ]
        if problems:
            raise ValueError("invalid simulator settings: " + "; ".join(problems))
        self._authenticator = Authenticator(
            access_key, secret_key, iam_tokens=iam_tokens, security_tokens=security_tokens
        )
        self.project_id = project_id
        self.host = host
        self.port = port
        self.speed = speed
        self.quota = quota
        self.max_running = max_running
        self.region = region
        self._workdir = Path(workdir) if workdir is not None else None
        self._owns_workdir = workdir is None
        self._lab_enabled = lab
        self._lab_manager = lab_manager
        self._server: HTTPServer | None = None
        self._stopping = asyncio.Event()
        self.world: World | None = None

    def __repr__(self) -> str:
        return f"Simulator(endpoint={self.endpoint!r}, project_id={self.project_id!r}, speed={self.speed})"

    @property
    def endpoint(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def workdir(self) -> Path:
        if self._workdir is None:
            raise RuntimeError("the simulator has not been started")
        return self._workdir

    def _make_lab(self) -> LabBackend:
        if self._lab_manager is not None:
            return self._lab_manager
        if not self._lab_enabled:
            return PageLab(lambda: self.endpoint)
        from jupyter_modelarts.simulator.lab import LabManager  # only the real-process mode needs it

        return LabManager(self.workdir / "labs")

    async def start(self) -> None:
        if self._server is not None:
            raise RuntimeError("the simulator is already running")
        self._stopping = asyncio.Event()
        if self._workdir is None:
            self._workdir = Path(tempfile.mkdtemp(prefix="modelarts-sim-"))
        self._workdir.mkdir(parents=True, exist_ok=True)
        clock = VirtualClock()
        catalog = Catalog(self.region)
        store = InstanceStore()
        lab = self._make_lab()
        lifecycle = Lifecycle(
            store=store, clock=clock, catalog=catalog, lab=lab, speed=self.speed, max_running=self.max_running
        )
        world = World(
            project_id=self.project_id,
            region=self.region,
            quota=self.quota,
            clock=clock,
            catalog=catalog,
            store=store,
            lifecycle=lifecycle,
            faults=FaultInjector(),
            lab=lab,
            started_at=clock.now_ms(),
        )
        arguments = {"world": world, "authenticator": self._authenticator, "stopping": self._stopping}
        app = Application(
            [(pattern, handler, arguments) for pattern, handler in ROUTES],
            default_handler_class=NotFoundHandler,
            default_handler_args=arguments,
            log_function=_log_request,
            compress_response=False,
        )
        sockets = bind_sockets(self.port, self.host)
        self.port = sockets[0].getsockname()[1]
        self._server = HTTPServer(app, xheaders=False)
        self._server.add_sockets(sockets)
        world.endpoint = self.endpoint
        self.world = world
        lifecycle.start_ticker()
        logging.getLogger(__name__).info("ModelArts simulator listening on %s", self.endpoint)

    async def stop(self) -> None:
        """Stop serving, end every transition and JupyterLab; remove a temporary workdir."""
        if self._server is None:
            return
        self._stopping.set()  # wakes stalled requests
        self._server.stop()
        if self.world is not None:
            await self.world.lifecycle.shutdown()
        await self._server.close_all_connections()
        self._server = None
        if self._owns_workdir and self._workdir is not None:
            await asyncio.to_thread(shutil.rmtree, self._workdir, ignore_errors=True)
            self._workdir = None

    async def __aenter__(self) -> Simulator:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()


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
            return
        finally:
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
