"""Auto-stop lease arithmetic, exactly as REFERENCE §6.2 infers it.

``create_at`` never changes.  On create the duration is the requested one; when
the instance first reaches RUNNING, and on every start and renew, the lease is
re-anchored: ``update_at = now`` and ``duration = (now - create_at) + requested``.
The instance auto-stops at ``create_at + duration``.  A requested duration of
-1 (what Terraform sends) or 0 turns auto-stop off: ``enable=false``,
``duration=0`` (REFERENCE §12.2).

IDLE leases use the same arithmetic, so ``create_at + duration`` is always
"last lease update + requested idle timeout".  The simplification: activity
inside JupyterLab does not reset the idle timer, only start and renew do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jupyter_modelarts.core.contract import limits
from jupyter_modelarts.core.contract.enums import LeaseType

TIMING, IDLE = LeaseType.TIMING, LeaseType.IDLE
LEASE_TYPES = tuple(LeaseType)


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
        enable = not disables_auto_stop(requested)
        return cls(
            create_at=now,
            duration=requested if enable else 0,
            enable=enable,
            type=lease_type,
            update_at=now,
            requested=requested,
        )

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
        return {
            "create_at": self.create_at,
            "duration": self.duration,
            "enable": self.enable,
            "type": self.type,
            "update_at": self.update_at,
        }
