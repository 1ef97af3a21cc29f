"""One real JupyterLab server per RUNNING simulated notebook instance.

Each lab listens on a free loopback port under the base URL ``/{instance_id}/``
and accepts exactly one credential, the instance's token, so opening
``url?token=<token>`` behaves like opening a ModelArts notebook.

No lab may outlive the simulator: every lab runs in its own session (so its
process group can be killed as a whole), is told by the kernel to die with its
parent (``PR_SET_PDEATHSIG``, covering SIGKILL of the simulator), and is
stopped at interpreter exit.  Kernels and terminals escape the lab's process
group (jupyter_client starts them in new sessions), so stopping also follows
the parent links in /proc.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import ctypes
import ctypes.util
import json
import logging
import os
import re
import shutil
import signal
import socket
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import httpx

_log = logging.getLogger(__name__)

_INSTANCE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
# Variables that would let the user's Jupyter/IPython setup or the simulator's
# own cloud credentials leak into the instance.
_SCRUBBED_ENV_PREFIXES = ("JUPYTER", "JPY_", "IPYTHON", "HUAWEICLOUD_", "MODELARTS_")
_PORT_ATTEMPTS = 5  # a freshly probed port can be grabbed by someone else before the lab binds it
_LOG_TAIL_CHARS = 3000
_POLL_INTERVAL = 0.1
_KILL_WAIT = 10.0  # seconds to wait for SIGKILLed processes to disappear
_PR_SET_PDEATHSIG = 1


class LabStartError(Exception):
    """A lab did not come up; the message carries the tail of its log, token redacted."""


def _load_prctl() -> Callable[..., int] | None:
    # Resolved once, in the parent: the child between fork and exec should only
    # call an already-resolved function, never dlopen (locks held by other threads).
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    prctl: Callable[..., int] = libc.prctl
    return prctl


_prctl = _load_prctl()


def _die_with(parent_pid: int) -> Callable[[], None]:
    """preexec_fn: SIGKILL the lab when its parent dies, even by SIGKILL.

    The kernel sends it when the *thread* that forked exits; asyncio forks in the event-loop
    thread, so a lab lives at most as long as the loop that manages it.
    """

    def preexec() -> None:
        if _prctl is not None:
            _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent_pid:  # the parent died before prctl took effect
            os.kill(os.getpid(), signal.SIGKILL)

    return preexec


class _Stat(NamedTuple):
    state: str
    ppid: int
    pgrp: int
    start: int  # clock ticks after boot: tells a process from a later one with the same pid


def _proc_stat(pid: int) -> _Stat | None:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as stat:
            text = stat.read()
    except OSError:
        return None
    fields = text.rsplit(")", 1)[1].split()  # the command name may contain spaces and ')'
    return _Stat(fields[0], int(fields[1]), int(fields[2]), int(fields[19]))


def _alive(pid: int, start: int) -> bool:
    stat = _proc_stat(pid)
    # A zombie holds no resources any more; another start time means the pid was reused.
    return stat is not None and stat.state != "Z" and stat.start == start


class _ProcessTree:
    """A lab's processes: its process group plus everything below it, even in other sessions.

    Members are remembered with their start times, so that a pid reused by an unrelated
    process is never signalled; killpg() is used only while the group id provably
    still belongs to us (the kernel keeps a pgid reserved while any member exists).
    """

    def __init__(self, leader: int) -> None:
        self.leader = leader
        stat = _proc_stat(leader)
        self._leader_start = stat.start if stat else None
        self._members: dict[int, _Stat] = {}

    def _group_is_ours(self) -> bool:
        stat = _proc_stat(self.leader)
        if stat is not None and stat.start == self._leader_start:  # alive or not yet reaped
            return True
        return any(m.pgrp == self.leader and _alive(pid, m.start) for pid, m in self._members.items())

    def refresh(self) -> None:
        """Remember current members; call while the lab runs, as orphans lose their parent link."""
        if not self._group_is_ours():
            return
        stats = {
            int(name): stat
            for name in os.listdir("/proc")
            if name.isdigit() and (stat := _proc_stat(int(name)))
        }
        found = {pid for pid, stat in stats.items() if stat.pgrp == self.leader} | {self.leader}
        grew = True
        while grew:
            below = {pid for pid, stat in stats.items() if stat.ppid in found} - found
            found |= below
            grew = bool(below)
        self._members.update({pid: stats[pid] for pid in found if pid in stats})

    def signal(self, signum: signal.Signals, *, group_only: bool = False) -> None:
        if self._group_is_ours():
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.leader, signum)
        for pid, member in [] if group_only else self._members.items():
            if _alive(pid, member.start):
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signum)

    def alive(self) -> bool:
        return any(_alive(pid, member.start) for pid, member in self._members.items())


def _redact(text: str, secret: str) -> str:
    return text.replace(secret, "<token>") if secret else text


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
    token: str
    port: int
    url: str
    tree: _ProcessTree


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

    # -- public API ---------------------------------------------------------

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

    # -- internals ----------------------------------------------------------

    def _instance_dir(self, instance_id: str) -> Path:
        if not _INSTANCE_ID.fullmatch(instance_id) or instance_id in (".", ".."):
            raise ValueError(
                f"instance_id {instance_id!r}: must be 1-128 letters, digits, '.', '_' or '-' "
                "starting with a letter or digit"
            )
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
            process = await asyncio.create_subprocess_exec(
                self.python, "-m", "jupyterlab", "--no-browser", f"--ServerApp.port={port}",
                stdin=asyncio.subprocess.DEVNULL, stdout=log_file, stderr=asyncio.subprocess.STDOUT,
                cwd=self.workdir(instance_id), env=env,
                start_new_session=True, preexec_fn=_die_with(os.getpid()),
            )  # fmt: skip
        url = f"http://127.0.0.1:{port}/{instance_id}/lab"
        lab = _Lab(process=process, token=token, port=port, url=url, tree=_ProcessTree(process.pid))
        _log.info("lab %s: started pid %d on port %d", instance_id, process.pid, port)
        try:
            await self._wait_ready(instance_id, lab)
        except BaseException as failure:
            # Also on cancellation: a half-started lab must not survive its start().
            await asyncio.shield(self._terminate(lab, grace=0.0))
            if isinstance(failure, LabStartError):
                tail = _redact(_read_from(log_path, log_offset), token)
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
        await self._terminate(lab, grace=self.stop_grace)
        self._reserved_ports.discard(lab.port)
        if not self._labs:
            _managers_with_labs.discard(self)
        _log.info("lab %s: stopped", instance_id)

    async def _terminate(self, lab: _Lab, *, grace: float) -> None:
        """SIGTERM (lets the lab shut its kernels down), SIGKILL after ``grace``, wait until all gone."""
        lab.tree.refresh()
        if grace > 0 and lab.process.returncode is None:
            lab.tree.signal(signal.SIGTERM, group_only=True)  # the lab itself stops its kernels
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(lab.process.wait(), grace)
            lab.tree.refresh()  # anything started during the grace period
        lab.tree.signal(signal.SIGKILL)
        await lab.process.wait()
        # Orphans are reaped by init; wait for that so "stopped" really means gone, but never
        # hang the simulator on a process stuck in the kernel.
        deadline = time.monotonic() + _KILL_WAIT
        while lab.tree.alive():
            if time.monotonic() > deadline:
                _log.warning("lab pid %d: some of its processes survive SIGKILL", lab.tree.leader)
                break
            lab.tree.signal(signal.SIGKILL)
            await asyncio.sleep(0.02)

    def _kill_all_now(self) -> None:
        """Synchronous last resort for interpreter exit, when no event loop runs any more."""
        trees = [lab.tree for lab in self._labs.values()]
        self._labs.clear()
        for tree in trees:
            tree.refresh()
            tree.signal(signal.SIGTERM, group_only=True)
        deadline = time.monotonic() + min(self.stop_grace, 5.0)
        while time.monotonic() < deadline and any(tree.alive() for tree in trees):
            time.sleep(0.05)
        for tree in trees:
            tree.signal(signal.SIGKILL)


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
