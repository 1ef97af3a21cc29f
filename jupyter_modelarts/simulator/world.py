"""Everything a request handler may touch, in one object passed through tornado settings."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from jupyter_modelarts.simulator.catalog import Catalog
from jupyter_modelarts.simulator.clock import VirtualClock
from jupyter_modelarts.simulator.faults import FaultInjector
from jupyter_modelarts.simulator.labs import LabBackend, PageLab
from jupyter_modelarts.simulator.lifecycle import Lifecycle
from jupyter_modelarts.simulator.store import InstanceStore


def derived_id(project_id: str, purpose: str) -> str:
    """A stable 32-hex id (user, domain) derived from the project, like IAM ids look."""
    return hashlib.sha256(f"{purpose}:{project_id}".encode()).hexdigest()[:32]


@dataclass
class World:
    project_id: str
    region: str
    quota: int
    clock: VirtualClock
    catalog: Catalog
    store: InstanceStore
    lifecycle: Lifecycle
    faults: FaultInjector
    lab: LabBackend
    endpoint: str = ""
    started_at: int = 0  # virtual ms when the simulator started serving

    # The lifecycle owns the two settings it applies (PUT /_sim/speed changes one): read, never copied.
    @property
    def speed(self) -> float:
        return self.lifecycle.speed

    @property
    def max_running(self) -> int:
        return self.lifecycle.max_running

    @property
    def user_id(self) -> str:
        return derived_id(self.project_id, "user")

    @property
    def domain_id(self) -> str:
        return derived_id(self.project_id, "domain")

    @property
    def page_lab(self) -> PageLab | None:
        return self.lab if isinstance(self.lab, PageLab) else None
