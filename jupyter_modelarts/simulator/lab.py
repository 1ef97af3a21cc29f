"""One real JupyterLab server per RUNNING simulated notebook instance.

Each lab listens on a free loopback port under the base URL ``/{instance_id}/``
and accepts exactly one credential, the instance's token, so opening
``url?token=<token>`` behaves like opening a ModelArts notebook.

No lab may outlive the simulator: every lab runs in its own session, dies with
its parent and is stopped with its whole process tree, kernels included
(simulator/proctree.py has the machinery); labs still running at interpreter
exit are stopped then.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import json
import logging
import os
import re
import shutil
import socket
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from jupyter_modelarts.simulator.proctree import ProcessTree, die_with, kill_now, terminate

_log = logging.getLogger(__name__)

_INSTANCE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
# Variables that would let the user's Jupyter/IPython setup or the simulator's
# own cloud credentials leak into the instance.
_SCRUBBED_ENV_PREFIXES = ("JUPYTER", "JPY_", "IPYTHON", "HUAWEICLOUD_", "MODELARTS_")
_PORT_ATTEMPTS = 5  # a freshly probed port can be grabbed by someone else before the lab binds it
_LOG_TAIL_CHARS = 3000
_POLL_INTERVAL = 0.1


class LabStartError(Exception):
    """A lab did not come up; the message carries the tail of its log, token redacted."""


def _pick_port(reserved: set[int]) -> int:
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind(("127.0.0.1", 0))
            port: int = probe.getsockname()[1]
        if port not in reserved:
            return port


@dataclass
class _Lab:
    process: asyncio.subprocess.Process
    token: str = field(repr=False)  # the instance's credential: never in a repr, hence never in a log
    port: int
    url: str
    tree: ProcessTree


class _PortTaken(Exception):
    pass


class LabManager:
    """Starts, stops and removes the JupyterLab servers of simulated instances."""

    def __init__(
        self,
        root: Path,
        *,
        python: str = sys.executable,
        startup_timeout: float = 90.0,
        stop_grace: float = 10.0,
    ) -> None:
        self.root = Path(root)
        self.python = python
        self.startup_timeout = startup_timeout
        self.stop_grace = stop_grace
        self._labs: dict[str, _Lab] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._reserved_ports: set[int] = set()

    def workdir(self, instance_id: str) -> Path:
        """The lab's root directory (created on first start; survives stop/start)."""
        return self._instance_dir(instance_id) / "work"

    def is_running(self, instance_id: str) -> bool:
        lab = self._labs.get(instance_id)
        return lab is not None and lab.process.returncode is None

    async def start(self, instance_id: str, token: str) -> str:
        """Start (or keep) the lab and return its URL once it answers."""
        if not token:
            raise ValueError("a lab needs a non-empty token")
        self._instance_dir(instance_id)  # validates the id before anything happens
        async with self._lock(instance_id):
            lab = self._labs.get(instance_id)
            if lab is not None and lab.process.returncode is None and lab.token == token:
                return lab.url
            if lab is not None:  # crashed, or a new token: the old credential must stop working
                await self._stop_locked(instance_id)
            for _ in range(_PORT_ATTEMPTS):
                # Reserved so that concurrent starts of other instances never probe the same port.
                port = _pick_port(self._reserved_ports)
                self._reserved_ports.add(port)
                try:
                    lab = await self._launch(instance_id, token, port)
                except _PortTaken:
                    _log.info("lab %s: port %d was taken before it could bind, retrying", instance_id, port)
                    self._reserved_ports.discard(port)
                    continue
                except BaseException:
                    self._reserved_ports.discard(port)
                    raise
                self._labs[instance_id] = lab
                _managers_with_labs.add(self)
                return lab.url
            raise LabStartError(f"lab {instance_id}: no free port after {_PORT_ATTEMPTS} attempts")

    async def stop(self, instance_id: str) -> None:
        """Stop the lab and everything it started; a no-op when it is not running."""
        async with self._lock(instance_id):
            await self._stop_locked(instance_id)

    async def remove(self, instance_id: str) -> None:
        """Stop the lab and delete its work directory, configuration and log."""
        directory = self._instance_dir(instance_id)
        async with self._lock(instance_id):
            await self._stop_locked(instance_id)
            await asyncio.to_thread(shutil.rmtree, directory, ignore_errors=True)

    async def shutdown(self) -> None:
        """Stop every lab (concurrently: each may take a grace period)."""
        await asyncio.gather(*(self.stop(instance_id) for instance_id in list(self._labs)))

    def _instance_dir(self, instance_id: str) -> Path:
        if not _INSTANCE_ID.fullmatch(instance_id):  # which also rules out "." and ".."
            rule = "must be 1-128 letters, digits, '.', '_' or '-' starting with a letter or digit"
            raise ValueError(f"instance_id {instance_id!r}: {rule}")
        return self.root / instance_id

    def _lock(self, instance_id: str) -> asyncio.Lock:
        # One lock per instance: starts of different instances run in parallel.
        return self._locks.setdefault(instance_id, asyncio.Lock())

    def _prepare(self, instance_id: str, token: str) -> tuple[Path, dict[str, str]]:
        base = self._instance_dir(instance_id)
        private = base / "jupyter"
        dirs = {name: private / name for name in ("config", "data", "runtime", "ipython")}
        for directory in (self.workdir(instance_id), *dirs.values()):
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        config = {
            "IdentityProvider": {"token": token},  # in a 0600 file, never on the command line
            "ServerApp": {
                "ip": "127.0.0.1",
                "port_retries": 0,
                "base_url": f"/{instance_id}/",
                "root_dir": str(self.workdir(instance_id)),
                "allow_root": True,
                "open_browser": False,
                # The simulated instance must not load our own extension (and start proxying itself).
                "jpserver_extensions": {"jupyter_modelarts": False},
            },
        }
        # A new secret per start: browser sessions opened with an earlier token end with it.
        (dirs["runtime"] / "jupyter_cookie_secret").unlink(missing_ok=True)
        config_file = dirs["config"] / "jupyter_server_config.json"
        descriptor = os.open(config_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(config, handle)
        env = {key: value for key, value in os.environ.items() if not key.startswith(_SCRUBBED_ENV_PREFIXES)}
        env.update(
            JUPYTER_CONFIG_DIR=str(dirs["config"]),
            JUPYTER_DATA_DIR=str(dirs["data"]),
            JUPYTER_RUNTIME_DIR=str(dirs["runtime"]),
            IPYTHONDIR=str(dirs["ipython"]),
            JUPYTER_PLATFORM_DIRS="1",
        )
        return base / "lab.log", env

    async def _launch(self, instance_id: str, token: str, port: int) -> _Lab:
        log_path, env = await asyncio.to_thread(self._prepare, instance_id, token)
        log_file = await asyncio.to_thread(open, log_path, "ab")
        with log_file:
            log_file.write(f"--- {time.strftime('%Y-%m-%dT%H:%M:%S')} starting on port {port}\n".encode())
            log_file.flush()
            log_offset = log_file.tell()
            command = [self.python, "-m", "jupyterlab", "--no-browser", f"--ServerApp.port={port}"]
            process = await asyncio.create_subprocess_exec(
                *command,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log_file,
                stderr=asyncio.subprocess.STDOUT,
                cwd=self.workdir(instance_id),
                env=env,
                start_new_session=True,
                preexec_fn=die_with(os.getpid()),
            )
        url = f"http://127.0.0.1:{port}/{instance_id}/lab"
        lab = _Lab(process=process, token=token, port=port, url=url, tree=ProcessTree(process.pid))
        _log.info("lab %s: started pid %d on port %d", instance_id, process.pid, port)
        try:
            await self._wait_ready(instance_id, lab)
        except BaseException as failure:
            # Also on cancellation: a half-started lab must not survive its start().
            await asyncio.shield(terminate(process, lab.tree, grace=0.0))
            if isinstance(failure, LabStartError):
                tail = _read_from(log_path, log_offset).replace(token, "<token>")
                if process.returncode is not None and "is already in use" in tail:
                    raise _PortTaken from None
                raise LabStartError(f"{failure}; log {log_path} ends with:\n{tail}") from None
            raise
        return lab

    async def _wait_ready(self, instance_id: str, lab: _Lab) -> None:
        status_url = f"http://127.0.0.1:{lab.port}/{instance_id}/api/status"
        headers = {"Authorization": f"token {lab.token}"}
        deadline = asyncio.get_running_loop().time() + self.startup_timeout
        # trust_env=False: a proxy configured for the outside world must not see loopback calls.
        async with httpx.AsyncClient(timeout=5.0, trust_env=False) as client:
            while True:
                if lab.process.returncode is not None:
                    raise LabStartError(
                        f"lab {instance_id} exited with status {lab.process.returncode} while starting"
                    )
                with contextlib.suppress(httpx.TransportError):
                    if (await client.get(status_url, headers=headers)).status_code == 200:
                        return
                remaining = deadline - asyncio.get_running_loop().time()
                if remaining <= 0:
                    raise LabStartError(f"lab {instance_id} did not answer within {self.startup_timeout:g} s")
                # Sleeps, but wakes at once if the process dies.
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(lab.process.wait(), min(_POLL_INTERVAL, remaining))

    async def _stop_locked(self, instance_id: str) -> None:
        lab = self._labs.pop(instance_id, None)
        if lab is None:
            return
        await terminate(lab.process, lab.tree, grace=self.stop_grace)
        self._reserved_ports.discard(lab.port)
        if not self._labs:
            _managers_with_labs.discard(self)
        _log.info("lab %s: stopped", instance_id)

    def _kill_all_now(self) -> None:
        """Synchronous last resort for interpreter exit, when no event loop runs any more."""
        trees = [lab.tree for lab in self._labs.values()]
        self._labs.clear()
        kill_now(trees, grace=min(self.stop_grace, 5.0))


def _read_from(path: Path, offset: int) -> str:
    with contextlib.suppress(OSError), open(path, "rb") as log_file:
        log_file.seek(offset)
        text = log_file.read().decode("utf-8", errors="replace")
        return text[-_LOG_TAIL_CHARS:]
    return "(log unreadable)"


# Strong references on purpose: a manager dropped while its labs run must still stop
# them at exit (garbage collection would only SIGKILL the lab, leaving its kernels).
_managers_with_labs: set[LabManager] = set()


@atexit.register
def _stop_labs_at_exit() -> None:
    for manager in list(_managers_with_labs):
        manager._kill_all_now()
