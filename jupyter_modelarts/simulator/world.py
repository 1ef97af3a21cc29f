"""Everything a request handler may touch, in one :class:`World` passed through tornado settings.

Every ModelArts timestamp the simulator hands out (``create_at``, ``update_at``, the
lease) and the ``Date`` header come from a :class:`VirtualClock`, real time plus an
offset tests can advance, so a test can jump an hour ahead and watch a lease expire
without waiting.  Signature date checks deliberately do NOT use it: the gateway
compares ``X-Sdk-Date`` with real time.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import formatdate
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from jupyter_modelarts.simulator.catalog import Catalog
from jupyter_modelarts.simulator.faults import FaultInjector
from jupyter_modelarts.simulator.states import InstanceStore

if TYPE_CHECKING:
    from jupyter_modelarts.simulator.lifecycle import Lifecycle

_PACKAGE_JSON = Path(__file__).resolve().parents[2] / "package.json"


@cache
def package_version() -> str:
    """The version in ``X-ModelArts-Simulator`` (which tells the simulator from the cloud), even
    in a source checkout never installed: then from ``package.json``, its single source of truth."""
    try:
        return metadata.version("jupyter_modelarts")
    except metadata.PackageNotFoundError:
        pass
    try:
        version = json.loads(_PACKAGE_JSON.read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError, TypeError):
        return "unknown"
    return str(version)


class VirtualClock:
    def __init__(self) -> None:
        self._offset_ms = 0

    @property
    def offset_ms(self) -> int:
        return self._offset_ms

    def now_ms(self) -> int:
        """Current virtual time in UTC milliseconds, ModelArts' timestamp unit."""
        return int(time.time() * 1000) + self._offset_ms

    def advance(self, milliseconds: int) -> int:
        """Move the clock forward (never backward: leases only make sense forward); returns now."""
        if milliseconds < 0:
            raise ValueError("the virtual clock only moves forward")
        self._offset_ms += milliseconds
        return self.now_ms()

    def http_date(self) -> str:
        """RFC 7231 date of the virtual now, for the ``Date`` header."""
        return formatdate(self.now_ms() / 1000, usegmt=True)


class LabBackend(Protocol):
    """What the state machine needs from a JupyterLab process manager such as ``lab.LabManager``."""

    async def start(self, instance_id: str, token: str) -> str: ...

    async def stop(self, instance_id: str) -> None: ...

    async def remove(self, instance_id: str) -> None: ...

    def is_running(self, instance_id: str) -> bool: ...

    async def shutdown(self) -> None: ...


class PageLab:
    """``lab=False``: ``url`` leads to a page of the simulator that checks the token (fast API tests)."""

    def __init__(self, base_url: Callable[[], str]) -> None:
        self._base_url = base_url  # the simulator's endpoint is only known once it listens
        self._tokens: dict[str, str] = {}

    async def start(self, instance_id: str, token: str) -> str:
        self._tokens[instance_id] = token
        return f"{self._base_url()}/_lab/{instance_id}/lab"

    async def stop(self, instance_id: str) -> None:
        self._tokens.pop(instance_id, None)

    async def remove(self, instance_id: str) -> None:
        self._tokens.pop(instance_id, None)

    def is_running(self, instance_id: str) -> bool:
        return instance_id in self._tokens

    async def shutdown(self) -> None:
        self._tokens.clear()

    def accepts(self, instance_id: str, token: str) -> bool:
        expected = self._tokens.get(instance_id)
        return expected is not None and bool(token) and hmac.compare_digest(token.encode(), expected.encode())


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

    def derived_id(self, purpose: str) -> str:
        """A stable 32-hex id (user, domain) derived from the project, like IAM ids look."""
        return hashlib.sha256(f"{purpose}:{self.project_id}".encode()).hexdigest()[:32]

    @property
    def user_id(self) -> str:
        return self.derived_id("user")

    @property
    def page_lab(self) -> PageLab | None:
        return self.lab if isinstance(self.lab, PageLab) else None
