"""The simulator's in-memory instances and their recorded history.

One store serves the notebook API and the legacy ``/demanager`` API; legacy
instances carry ``legacy`` details and ``DE-`` ids.  Every status or progress
change is appended to a per-instance history (kept after deletion) that the
control API exposes, so tests can assert the whole path an instance took
without racing its timers.
"""

from __future__ import annotations

import uuid
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from jupyter_modelarts.core.contract.enums import JobStatus, NotebookStatus
from jupyter_modelarts.simulator import errors, states
from jupyter_modelarts.simulator.lease import Lease

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
    progress: list[str] = field(default_factory=lambda: [JobStatus.WAITING] * len(states.STEP_DESCRIPTIONS))
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
        # One port per instance, as ModelArts' SSH gateway does (REFERENCE §6.3).
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
        return sum(1 for i in self._instances.values() if i.status in states.LIVE)

    def record(self, instance: Instance, at: int, note: str = "") -> None:
        entry: dict[str, Any] = {"at": at, "status": instance.status, "progress": list(instance.progress)}
        if note:
            entry["note"] = note
        self._history.setdefault(instance.id, deque(maxlen=_HISTORY_MAX)).append(entry)

    def history(self, instance_id: str) -> list[dict[str, Any]] | None:
        found = self._history.get(instance_id)
        return list(found) if found is not None else None
