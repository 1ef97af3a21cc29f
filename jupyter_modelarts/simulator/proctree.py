"""No orphans: a lab's whole process tree, told to die with us, found through /proc, killed with grace.

A lab runs in its own session, so its process group can be signalled as a
whole, and is told by the kernel to die with its parent (``PR_SET_PDEATHSIG``,
which also covers SIGKILL of the simulator).  Kernels and terminals escape the
lab's process group (jupyter_client starts them in new sessions), so a tree
also follows the parent links in /proc.  Every pid is remembered with its
start time, so that a pid reused by an unrelated process is never signalled.
Linux only (/proc and prctl); elsewhere only the process group is reached.
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
from typing import NamedTuple

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


class ProcessTree:
    """A process group leader's processes: its group plus everything below it, even in other sessions.

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
        """Remember current members; call while the leader runs, as orphans lose their parent link."""
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
    # hang the simulator on a process stuck in the kernel.
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
