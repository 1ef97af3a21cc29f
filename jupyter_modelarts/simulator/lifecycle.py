"""The notebook state machine: timed transitions, JupyterLab processes, auto-stop.

Handlers call the ``begin_*`` methods, which check the guard, switch the
instance to its transitional status synchronously (so the response already
shows STARTING, STOPPING...) and schedule the rest as an asyncio task.  At
speed 1 a progress step takes about two seconds, like the cloud's typical
half-minute creation; tests use large speeds.  A JupyterLab start takes as
long as it takes, whatever the speed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any

from jupyter_modelarts.core.contract.enums import JobStatus, NotebookStatus
from jupyter_modelarts.simulator import states
from jupyter_modelarts.simulator.catalog import Catalog
from jupyter_modelarts.simulator.errors import SimError
from jupyter_modelarts.simulator.lab import LabStartError
from jupyter_modelarts.simulator.states import Instance, InstanceStore, new_token
from jupyter_modelarts.simulator.world import LabBackend, VirtualClock

_log = logging.getLogger(__name__)

BASE_STEP_SECONDS = 2.0
# How often the auto-stop check runs in real time; POST /_sim/clock also runs it at once.
TICK_SECONDS = 0.25


@dataclass(kw_only=True, eq=False)
class Lifecycle:
    store: InstanceStore
    clock: VirtualClock
    catalog: Catalog
    lab: LabBackend
    speed: float
    max_running: int
    # Reasons for failures forced through the control API, consumed by the next create/start.
    fail_next: dict[str, str] = field(default_factory=dict, init=False)
    _tasks: dict[str, asyncio.Task[None]] = field(default_factory=dict, init=False, repr=False)
    _ticker: asyncio.Task[None] | None = field(default=None, init=False, repr=False)

    @property
    def step_seconds(self) -> float:
        return BASE_STEP_SECONDS / self.speed

    def check_capacity(self, operation: str) -> None:
        if self.store.live_count() >= self.max_running:
            quota = f"Quota: running instances ({self.max_running}) is exhausted."
            raise SimError("ModelArts.0113", f"{operation} Notebook failed. {quota}")

    def begin_create(self, instance: Instance) -> None:
        self.store.add(instance)
        self.store.record(instance, instance.create_at, "created")
        forced = self.fail_next.pop("create", None)
        self._spawn(instance, self._provision(instance, forced))

    def begin_start(self, instance: Instance, requested: int | None, lease_type: str | None) -> None:
        states.check_start(instance.status)
        if self.catalog.is_sold_out(instance.flavor):
            raise SimError("ModelArts.6716", f"Flavor {instance.flavor} sold out.")
        self.check_capacity("Start")
        now = self.clock.now_ms()
        instance.token = new_token()  # every start hands out a new token (docs/modelarts-api.md §4.6)
        instance.url = None
        instance.fail_reason = None
        instance.lease.reanchor(now, requested, lease_type)
        self._set(instance, NotebookStatus.STARTING, "start requested", now)
        forced = self.fail_next.pop("start", None)
        self._spawn(instance, self._start(instance, forced))

    def begin_stop(self, instance: Instance, note: str = "stop requested") -> None:
        states.check_stop(instance.status)
        now = self.clock.now_ms()
        # The documented stop example re-anchors the lease too (docs/modelarts-api.md §6.2, informational).
        instance.lease.reanchor(now)
        self._set(instance, NotebookStatus.STOPPING, note, now)
        self._spawn(instance, self._stop(instance))

    def begin_delete(self, instance: Instance) -> None:
        states.check_delete(instance.status)
        previous = self._tasks.get(instance.id)  # a provisioning still in progress is abandoned
        self._set(instance, NotebookStatus.DELETING, "delete requested")
        self._spawn(instance, self._delete(instance, previous))

    def renew(self, instance: Instance, requested: int, lease_type: str) -> None:
        states.check_lease(instance.status)
        now = self.clock.now_ms()
        instance.lease.reanchor(now, requested, lease_type)
        instance.update_at = now

    def expire_leases(self) -> list[str]:
        """Stop every RUNNING instance whose lease deadline has passed; their ids."""
        now = self.clock.now_ms()
        expired = []
        for instance in self.store.all():
            deadline = instance.lease.deadline()
            if instance.status == NotebookStatus.RUNNING and deadline is not None and deadline <= now:
                self.begin_stop(instance, note="auto-stopped: lease expired")
                expired.append(instance.id)
        return expired

    def start_ticker(self) -> None:
        self._ticker = asyncio.create_task(self._tick_forever())

    async def _tick_forever(self) -> None:
        while True:
            await asyncio.sleep(TICK_SECONDS)
            try:
                self.expire_leases()
            except Exception:  # the ticker must survive anything one instance does
                _log.exception("auto-stop check failed")

    def _spawn(self, instance: Instance, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(self._guarded(instance, work))
        self._tasks[instance.id] = task

        def forget(done: asyncio.Task[None]) -> None:
            if self._tasks.get(instance.id) is done:
                del self._tasks[instance.id]

        task.add_done_callback(forget)

    async def _guarded(self, instance: Instance, work: Coroutine[Any, Any, None]) -> None:
        try:
            await work
        except asyncio.CancelledError:
            raise
        except Exception:
            _log.exception("instance %s: transition failed", instance.id)
            self._set(instance, NotebookStatus.ERROR, "internal error")
            instance.fail_reason = "Internal error in the simulator."

    def _set(self, instance: Instance, status: str, note: str = "", now: int | None = None) -> None:
        # One clock read per transition: the history entry, update_at and the lease agree to the ms.
        now = self.clock.now_ms() if now is None else now
        instance.status = status
        instance.update_at = now
        self.store.record(instance, now, note)

    async def _pause(self, steps: float = 1.0) -> None:
        await asyncio.sleep(self.step_seconds * steps)

    async def _provision(self, instance: Instance, forced_failure: str | None) -> None:
        await self._pause(0.5)
        self._set(instance, NotebookStatus.CREATING)
        for index in range(len(instance.progress)):
            instance.progress[index] = JobStatus.PROCESSING
            self._set(instance, NotebookStatus.CREATING)
            await self._pause()
            if forced_failure is not None and index == 1:  # step 2: the compute resource
                instance.progress[index] = JobStatus.FAILED
                instance.fail_reason = forced_failure
                self._set(instance, NotebookStatus.CREATE_FAILED, "forced failure")
                return
            instance.progress[index] = JobStatus.COMPLETED
        self._set(instance, NotebookStatus.STARTING)
        await self._launch_lab(instance, failed_status=NotebookStatus.CREATE_FAILED)

    async def _start(self, instance: Instance, forced_failure: str | None) -> None:
        await self._pause()
        if forced_failure is not None:
            instance.fail_reason = forced_failure
            self._set(instance, NotebookStatus.START_FAILED, "forced failure")
            return
        await self._launch_lab(instance, failed_status=NotebookStatus.START_FAILED)

    async def _launch_lab(self, instance: Instance, *, failed_status: str) -> None:
        try:
            url = await self.lab.start(instance.id, instance.token)
        except LabStartError as failure:
            _log.warning("instance %s: JupyterLab did not start: %s", instance.id, failure)
            first_line = str(failure).splitlines()[0] if str(failure) else "unknown reason"
            instance.fail_reason = f"The notebook server could not start: {first_line}"
            if failed_status == NotebookStatus.CREATE_FAILED:
                instance.progress[-1] = JobStatus.FAILED  # step 4 initialises the notebook
            self._set(instance, failed_status, "JupyterLab did not start")
            return
        instance.url = url
        now = self.clock.now_ms()
        if not instance.reached_running:
            instance.reached_running = True
            instance.lease.reanchor(now)  # provisioning time does not eat into the lease (§6.2)
        self._set(instance, NotebookStatus.RUNNING, now=now)

    async def _stop(self, instance: Instance) -> None:
        await self.lab.stop(instance.id)
        await self._pause()
        instance.url = None
        self._set(instance, NotebookStatus.STOPPED)

    async def _delete(self, instance: Instance, previous: asyncio.Task[None] | None) -> None:
        if previous is not None and not previous.done():
            previous.cancel()
            await asyncio.wait([previous])  # wait() never raises the task's CancelledError into us
        await self.lab.remove(instance.id)
        await self._pause()
        instance.url = None
        self.store.remove(instance.id)
        instance.status = NotebookStatus.DELETED
        self.store.record(instance, self.clock.now_ms(), "deleted")

    async def shutdown(self) -> None:
        tasks = [task for task in (self._ticker, *self._tasks.values()) if task is not None]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks)
        try:
            await self.lab.shutdown()
        except Exception:  # shutting down must go on; the lab manager also kills at exit
            _log.exception("stopping the JupyterLab servers failed")
