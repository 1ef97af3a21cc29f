"""The auto-stop lease: what a request may ask for and what ModelArts answers.

One rule serves create (``lease`` and the top-level ``duration``), start
(query ``duration``/``type``) and renew (body or query): ``-1`` turns auto-stop
off, otherwise TIMING leases run 1 h–72 h and IDLE timeouts 15 min–72 h, in
milliseconds (limits.py explains why TIMING below 1 h is rejected).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, ValidationInfo, field_validator

from jupyter_modelarts.core.contract import limits
from jupyter_modelarts.core.contract.base import (
    CaseInsensitive,
    Lenient,
    QueryModel,
    RequestModel,
    ResponseModel,
    documented,
    rule_error,
)
from jupyter_modelarts.core.contract.enums import LeaseType

_BOUNDS = {
    LeaseType.TIMING: (limits.LEASE_TIMING_MIN_MS, "1 h–72 h"),
    LeaseType.IDLE: (limits.LEASE_IDLE_MIN_MS, "15 min–72 h"),
}


def lease_rule(lease_type: LeaseType) -> str:
    minimum, human = _BOUNDS[lease_type]
    return (
        f"{lease_type.value} lease duration must be {limits.LEASE_DISABLED} (auto-stop off) "
        f"or {minimum}–{limits.LEASE_MAX_MS} ms ({human})"
    )


def lease_problem(duration_ms: int, lease_type: LeaseType) -> str | None:
    """The broken rule for ``duration_ms`` under ``lease_type``, or None when it is fine."""
    if duration_ms == limits.LEASE_DISABLED:
        return None
    minimum, _ = _BOUNDS[lease_type]
    if minimum <= duration_ms <= limits.LEASE_MAX_MS:
        return None
    return lease_rule(lease_type)


def _duration_range(minimum: int) -> list[dict[str, object]]:
    # Each branch names its type, so generators of types (openapi-typescript) see two integers.
    return [
        {"type": "integer", "const": limits.LEASE_DISABLED},
        {"type": "integer", "minimum": minimum, "maximum": limits.LEASE_MAX_MS},
    ]


_OFF = f"milliseconds; {limits.LEASE_DISABLED} turns auto-stop off, otherwise"
# The schema states the bound both lease types share (IDLE's, the lower one); the description adds
# the higher TIMING minimum, which depends on the type given next to the duration.
LeaseDuration = Annotated[
    int,
    documented(
        anyOf=_duration_range(limits.LEASE_IDLE_MIN_MS),
        description=f"{_OFF} {limits.LEASE_IDLE_MIN_MS}–{limits.LEASE_MAX_MS} (15 min–72 h) for an IDLE "
        f"timeout; a TIMING lease needs at least {limits.LEASE_TIMING_MIN_MS} (1 h)",
    ),
]
# Where the lease is always TIMING, the whole rule fits the schema.
TimingDuration = Annotated[
    int,
    documented(
        anyOf=_duration_range(limits.LEASE_TIMING_MIN_MS),
        description=f"a TIMING lease in {_OFF} {limits.LEASE_TIMING_MIN_MS}–{limits.LEASE_MAX_MS} (1 h–72 h)",
    ),
]


def check_duration(value: int | None, info: ValidationInfo, *, forced: LeaseType | None = None) -> int | None:
    """Field-validator body: apply the rule of the (already validated) ``type`` field.

    When ``type`` itself is invalid it is missing from ``info.data``; the most
    permissive bound (IDLE) is applied then, so only real problems are reported.
    """
    if value is None:
        return None
    lease_type = forced or info.data.get("type") or LeaseType.IDLE
    broken = lease_problem(value, lease_type)
    if broken:
        raise rule_error(broken)
    return value


class LeaseRequest(RequestModel):
    """``lease`` of a create request, and the body of renew (``LeaseReq``)."""

    type: CaseInsensitive[LeaseType] = LeaseType.TIMING
    duration: LeaseDuration | None = None

    @field_validator("duration")
    @classmethod
    def _duration_in_range(cls, value: int | None, info: ValidationInfo) -> int | None:
        return check_duration(value, info)


class LeaseRenewRequest(LeaseRequest):
    """``PATCH /notebooks/{id}/lease`` body ``{duration, type}``.

    ModelArts also takes ``?duration=`` (see :class:`RenewQuery`); the query
    wins over the body and forces TIMING.
    """


class RenewQuery(QueryModel):
    """``PATCH /notebooks/{id}/lease?duration=`` (what golangsdk sends, no body): always TIMING."""

    duration: TimingDuration

    @field_validator("duration")
    @classmethod
    def _duration_in_range(cls, value: int, info: ValidationInfo) -> int | None:
        return check_duration(value, info, forced=LeaseType.TIMING)


class StartQuery(QueryModel):
    """``POST /notebooks/{id}/start?duration=&type=`` (no body)."""

    type: CaseInsensitive[LeaseType] | None = Field(default=None, description="TIMING when not given")
    duration: LeaseDuration | None = None

    @field_validator("duration")
    @classmethod
    def _duration_in_range(cls, value: int | None, info: ValidationInfo) -> int | None:
        # An absent type means TIMING upstream; a type that failed validation
        # is absent from info.data too, hence the explicit check of the key.
        forced = LeaseType.TIMING if "type" in info.data and info.data["type"] is None else None
        return check_duration(value, info, forced=forced)


class Lease(ResponseModel):
    """The lease ModelArts reports.  Times are UTC milliseconds.

    The auto-stop deadline is ``create_at + duration`` (docs/modelarts-api.md §6.2):
    ``duration`` grows on every start and renew while ``create_at`` stays.
    """

    create_at: int | None = None
    duration: int | None = None
    enable: bool | None = None
    type: Lenient[LeaseType] | None = None
    update_at: int | None = Field(default=None, description="excludes keep-alive heartbeats")

    @property
    def deadline_ms(self) -> int | None:
        if not self.enable or self.create_at is None or self.duration is None or self.duration < 0:
            return None
        return self.create_at + self.duration

    def remaining_ms(self, now_ms: int) -> int | None:
        """Milliseconds until auto-stop (never negative), or None when auto-stop is off."""
        deadline = self.deadline_ms
        return None if deadline is None else max(0, deadline - now_ms)
