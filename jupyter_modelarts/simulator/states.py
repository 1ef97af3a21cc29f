"""Instances in memory, their status guards (docs/modelarts-api.md §6.1 / §12.5 / §12.6) and leases.

One store serves the notebook API and the legacy ``/demanager`` API (legacy instances
carry ``legacy`` details and ``DE-`` ids).  Every status or progress change goes into a
per-instance history, kept after deletion and exposed by the control API, so tests can
assert the whole path an instance took without racing its timers.

The statuses are core's :class:`NotebookStatus`; the rules about them are the
simulator's own, as ModelArts applies them.  The state machine runs a guard before
changing anything, so a rejected request leaves the instance untouched.

Leases follow docs/modelarts-api.md §6.2 exactly: ``create_at`` never changes; the first
RUNNING and every start and renew re-anchor ``duration = (now - create_at) + requested``;
the instance auto-stops at ``create_at + duration``; -1 (what Terraform sends) or 0 turn
auto-stop off (§12.2).  IDLE leases use the same arithmetic, a simplification: activity
inside JupyterLab does not reset the idle timer, only start and renew do.
"""

from __future__ import annotations

import uuid
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from jupyter_modelarts.core.contract import limits
from jupyter_modelarts.core.contract.enums import JobStatus, LeaseType, NotebookStatus
from jupyter_modelarts.simulator import errors
from jupyter_modelarts.simulator.errors import SimError

S = NotebookStatus

# Nothing is in flight: name, description and storage size may change (§12.6).
STABLE = frozenset({S.RUNNING, S.STOPPED, S.CREATE_FAILED, S.START_FAILED, S.ERROR})
# Holding (or acquiring) compute: what the max_running cap counts.
LIVE = frozenset({S.INIT, S.CREATING, S.STARTING, S.RUNNING, S.SNAPSHOTTING})
# Delete is refused only while another operation runs (§12.5).
UNDELETABLE = frozenset({S.STARTING, S.STOPPING, S.DELETING, S.SNAPSHOTTING})

STEP_DESCRIPTIONS = (
    "Prepare the storage.",
    "Prepare the compute resource.",
    "Configuring the network.",
    "Initialize the notebook instance.",
)


def check_start(status: str) -> None:
    if status in (S.STOPPED, S.START_FAILED):
        return
    if status == S.RUNNING:
        raise SimError("ModelArts.6305", "The instance is already running.")
    if status == S.STARTING:
        raise SimError("ModelArts.6306", "The instance is starting.")
    raise errors.not_allowed(status)


def check_stop(status: str) -> None:
    if status == S.RUNNING:
        return
    if status == S.STOPPED:
        raise SimError("ModelArts.6307", "The instance is already stopped.")
    if status == S.STOPPING:
        raise SimError("ModelArts.6308", "The instance is stopping.")
    raise errors.not_allowed(status)


def check_lease(status: str) -> None:
    if status != S.RUNNING:
        raise SimError("ModelArts.6327", "The instance is not running.")


def check_delete(status: str) -> None:
    if status in UNDELETABLE:
        raise errors.not_allowed(status)


def check_update(status: str, fields: list[str], stopped_only: list[str]) -> None:
    """``fields`` are being changed; those in ``stopped_only`` need a STOPPED instance."""
    if not fields:
        return
    if status not in STABLE:
        raise errors.not_allowed(status)
    blocked = next((field for field in fields if field in stopped_only), None)
    if status != S.STOPPED and blocked is not None:
        when = f"When the instance is in the '{status}' status"
        raise SimError("ModelArts.6347", f"{when}, the '{blocked}' parameter cannot be modified.")


TIMING, IDLE = LeaseType.TIMING, LeaseType.IDLE


def disables_auto_stop(requested: int) -> bool:
    return requested in (limits.LEASE_DISABLED, 0)


def allowed_range(lease_type: str) -> tuple[int, int]:
    low = limits.LEASE_IDLE_MIN_MS if lease_type == IDLE else limits.LEASE_TIMING_MIN_MS
    return low, limits.LEASE_MAX_MS


@dataclass
class Lease:
    create_at: int
    duration: int
    enable: bool
    type: str
    update_at: int
    requested: int  # the last requested duration in ms (a start without one requests the default hour)

    @classmethod
    def new(cls, now: int, requested: int, lease_type: str) -> Lease:
        lease = cls(create_at=now, duration=0, enable=False, type=lease_type, update_at=now, requested=0)
        lease.reanchor(now, requested)  # at its own creation: duration = requested, or 0 when disabled
        return lease

    def reanchor(self, now: int, requested: int | None = None, lease_type: str | None = None) -> None:
        if requested is not None:
            self.requested = requested
        if lease_type is not None:
            self.type = lease_type
        self.update_at = now
        self.enable = not disables_auto_stop(self.requested)
        self.duration = (now - self.create_at) + self.requested if self.enable else 0

    def deadline(self) -> int | None:
        """Virtual time at which the instance auto-stops, None when auto-stop is off."""
        return self.create_at + self.duration if self.enable else None

    def to_json(self) -> dict[str, Any]:
        keys = ("create_at", "duration", "enable", "type", "update_at")
        return {key: getattr(self, key) for key in keys}


_HISTORY_MAX = 200


def new_token() -> str:
    return str(uuid.uuid4())


@dataclass
class SshAccess:
    key_pair_names: list[str]
    allowed_access_ips: list[str]
    port: int


@dataclass
class Instance:
    id: str
    name: str
    description: str
    feature: str
    flavor: str
    image_id: str
    workspace_id: str
    volume: dict[str, Any]
    lease: Lease
    create_at: int
    update_at: int
    ssh_port: int
    status: str = NotebookStatus.INIT
    token: str = field(default_factory=new_token)
    url: str | None = None
    fail_reason: str | None = None
    ssh: SshAccess | None = None
    data_volumes: list[dict[str, Any]] = field(default_factory=list)
    hooks: dict[str, Any] | None = None
    progress: list[str] = field(default_factory=lambda: [JobStatus.WAITING] * len(STEP_DESCRIPTIONS))
    reached_running: bool = False
    resizing_until: int | None = None  # virtual ms; the volume reports RESIZING until then
    legacy: dict[str, Any] | None = None

    def __repr__(self) -> str:
        # Never show the token (the dataclass default repr would).
        return f"Instance(id={self.id!r}, name={self.name!r}, status={str(self.status)!r})"


class InstanceStore:
    def __init__(self) -> None:
        self._instances: dict[str, Instance] = {}
        self._history: dict[str, deque[dict[str, Any]]] = {}
        self._next_ssh_port = 30000

    def allocate_ssh_port(self) -> int:
        # One port per instance, as ModelArts' SSH gateway does (docs/modelarts-api.md §6.3).
        port = self._next_ssh_port
        self._next_ssh_port = 30000 + (self._next_ssh_port - 30000 + 1) % 3000
        return port

    def add(self, instance: Instance) -> None:
        self._instances[instance.id] = instance

    def get(self, instance_id: str, *, legacy: bool = False) -> Instance:
        """The instance, or ModelArts.6309; each API sees only its own instances."""
        instance = self._instances.get(instance_id)
        if instance is None or (instance.legacy is not None) != legacy:
            raise errors.instance_not_found()
        return instance

    def find(self, instance_id: str) -> Instance | None:
        return self._instances.get(instance_id)

    def remove(self, instance_id: str) -> None:
        self._instances.pop(instance_id, None)

    def all(self, *, legacy: bool | None = None) -> list[Instance]:
        return [i for i in self._instances.values() if legacy is None or (i.legacy is not None) == legacy]

    def count(self) -> int:
        return len(self._instances)

    def live_count(self) -> int:
        return sum(1 for i in self._instances.values() if i.status in LIVE)

    def record(self, instance: Instance, at: int, note: str = "") -> None:
        entry: dict[str, Any] = {"at": at, "status": instance.status, "progress": list(instance.progress)}
        if note:
            entry["note"] = note
        self._history.setdefault(instance.id, deque(maxlen=_HISTORY_MAX)).append(entry)

    def history(self, instance_id: str) -> list[dict[str, Any]] | None:
        found = self._history.get(instance_id)
        return list(found) if found is not None else None
