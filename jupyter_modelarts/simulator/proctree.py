"""No orphans: a lab's whole process tree, told to die with us, killed with grace.

A lab runs in its own session, so its process group can be signalled as a
whole, and is told by the kernel to die with its parent (``PR_SET_PDEATHSIG``,
which also covers SIGKILL of the simulator).  Kernels and terminals escape the
lab's process group (jupyter_client starts them in new sessions), so a tree
also follows parent links.  Members are psutil processes, which compare their
start time before every signal, so a pid reused by an unrelated process is
never signalled.  PR_SET_PDEATHSIG is Linux only.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import ctypes.util
import logging
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable

import psutil  # type: ignore[import-untyped]

_log = logging.getLogger(__name__)

_KILL_WAIT = 10.0  # seconds to wait for SIGKILLed processes to disappear
_PR_SET_PDEATHSIG = 1


def _load_prctl() -> Callable[..., int] | None:
    # Resolved once, in the parent: the child between fork and exec should only
    # call an already-resolved function, never dlopen (locks held by other threads).
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    prctl: Callable[..., int] = libc.prctl
    return prctl


_prctl = _load_prctl()


def die_with(parent_pid: int) -> Callable[[], None]:
    """preexec_fn: SIGKILL the child when its parent dies, even by SIGKILL.

    The kernel sends it when the *thread* that forked exits; asyncio forks in the event-loop
    thread, so a lab lives at most as long as the loop that manages it.
    """

    def preexec() -> None:
        if _prctl is not None:
            _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent_pid:  # the parent died before prctl took effect
            os.kill(os.getpid(), signal.SIGKILL)

    return preexec


def _alive(process: psutil.Process) -> bool:
    # A zombie holds no resources any more; is_running() is False once the pid is reused.
    with contextlib.suppress(psutil.Error):
        return bool(process.is_running() and process.status() != psutil.STATUS_ZOMBIE)
    return False


def _pgid(process: psutil.Process) -> int | None:
    with contextlib.suppress(OSError):
        return os.getpgid(process.pid)
    return None


class ProcessTree:
    """A process group leader's processes: its group plus everything below it, even in other sessions.

    killpg() is used only while the group id provably still belongs to us (the kernel
    keeps a pgid reserved while any member exists).
    """

    def __init__(self, leader: int) -> None:
        self.leader = leader
        self._members: dict[int, psutil.Process] = {}
        with contextlib.suppress(psutil.Error):
            self._members[leader] = psutil.Process(leader)

    def _group_is_ours(self) -> bool:
        leader = self._members.get(self.leader)
        if leader is not None and leader.is_running():  # alive or not yet reaped
            return True
        return any(_alive(member) and _pgid(member) == self.leader for member in self._members.values())

    def refresh(self) -> None:
        """Remember current members; call while the leader runs, as orphans lose their parent link."""
        if not self._group_is_ours():
            return
        found = {process.pid: process for process in psutil.process_iter() if _pgid(process) == self.leader}
        for process in list(found.values()):
            with contextlib.suppress(psutil.Error):
                found.update((child.pid, child) for child in process.children(recursive=True))
        self._members.update(found)

    def signal(self, signum: signal.Signals, *, group_only: bool = False) -> None:
        if self._group_is_ours():
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.leader, signum)
        for member in [] if group_only else self._members.values():
            if _alive(member):
                with contextlib.suppress(psutil.Error):
                    member.send_signal(signum)

    def alive(self) -> bool:
        return any(_alive(member) for member in self._members.values())


async def terminate(process: asyncio.subprocess.Process, tree: ProcessTree, *, grace: float) -> None:
    """SIGTERM (lets a lab shut its kernels down), SIGKILL after ``grace``, wait until all are gone."""
    tree.refresh()
    if grace > 0 and process.returncode is None:
        tree.signal(signal.SIGTERM, group_only=True)  # the lab itself stops its kernels
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(process.wait(), grace)
        tree.refresh()  # anything started during the grace period
    tree.signal(signal.SIGKILL)
    await process.wait()
    # Orphans are reaped by init; wait for that so "stopped" really means gone, but never
    # hang the simulator on a process stuck in the kernel.  (Not psutil.wait_procs: it
    # counts zombies as alive, and a container without a reaping init keeps them forever.)
    deadline = time.monotonic() + _KILL_WAIT
    while tree.alive():
        if time.monotonic() > deadline:
            _log.warning("lab pid %d: some of its processes survive SIGKILL", tree.leader)
            break
        tree.signal(signal.SIGKILL)
        await asyncio.sleep(0.02)


def kill_now(trees: Iterable[ProcessTree], *, grace: float) -> None:
    """Synchronous last resort for interpreter exit, when no event loop runs any more.

    SIGTERM to every group first, so labs can still stop their kernels, then SIGKILL
    to whatever is left after ``grace`` seconds.
    """
    stopping = list(trees)
    for tree in stopping:
        tree.refresh()
        tree.signal(signal.SIGTERM, group_only=True)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(tree.alive() for tree in stopping):
        time.sleep(0.05)
    for tree in stopping:
        tree.signal(signal.SIGKILL)
