"""Human durations for the auto-stop lease, shared by magics, CLI and UI.

Accepted forms (case-insensitive, spaces allowed between parts):

* ``"2h"``, ``"90m"``, ``"1h30m"``, ``"1.5h"``, ``"3d"``, ``"45s"``, ``"500ms"``
* ``"3600000"``: a bare number is milliseconds, as in the API
* ``"idle:30m"`` / ``"timing:2h"``: choose the lease type (TIMING by default)
* ``"off"``, ``"never"`` or ``"-1"``: no auto-stop

:func:`parse_lease` also applies the lease rule of the contract (TIMING
1 h–72 h, IDLE 15 min–72 h), so a magic or the CLI reports the same rule as
the REST API would.
"""

from __future__ import annotations

import re

from jupyter_modelarts.core.contract import limits
from jupyter_modelarts.core.contract.enums import LeaseType
from jupyter_modelarts.core.contract.lease import lease_problem
from jupyter_modelarts.core.errors import ModelArtsError

_MS_PER_UNIT = {"ms": 1, "s": 1_000, "m": 60_000, "min": 60_000, "h": 3_600_000, "d": 86_400_000}
_PART = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(ms|min|s|m|h|d)\s*")
_OFF = frozenset({"off", "never", str(limits.LEASE_DISABLED)})
FORMS = "e.g. 2h, 90m, 1h30m, 3600000 (ms), idle:30m, timing:2h or off"
# Beyond any lease by far: longer inputs are refused as typos, before they print as nonsense.
_LONGEST_MS = 365 * 86_400_000


class DurationError(ModelArtsError, ValueError):
    """A duration that cannot be read, or that breaks the lease rule."""


def parse_duration_ms(text: str) -> int:
    """Milliseconds in ``text`` ("2h", "90m", "1h30m", "3600000"); no lease rule applied."""
    body = text.strip().lower()
    if re.fullmatch(r"\d+", body):
        return _at_most_a_year(int(body), text)
    total = 0.0
    position = 0
    units: set[int] = set()
    for match in _PART.finditer(body):
        if match.start() != position:
            break
        unit = _MS_PER_UNIT[match.group(2)]
        if unit in units:  # "1h1h" is a typo more often than a sum
            raise DurationError(f"{text.strip()!r} gives {match.group(2)} twice ({FORMS})")
        units.add(unit)
        total += float(match.group(1)) * unit
        position = match.end()
    if not body or position != len(body):
        raise DurationError(f"cannot read {text!r} as a duration ({FORMS})")
    return _at_most_a_year(round(total), text)


def _at_most_a_year(milliseconds: int, text: str) -> int:
    if milliseconds > _LONGEST_MS:
        raise DurationError(f"{text.strip()!r} is more than a year; leases last at most 72 h")
    return milliseconds


def parse_lease(text: str) -> tuple[int, LeaseType]:
    """``(milliseconds, type)`` for a lease; ``-1`` means auto-stop off.

    >>> parse_lease("idle:30m")
    (1800000, <LeaseType.IDLE: 'IDLE'>)
    """
    body = text.strip().lower()
    lease_type = LeaseType.TIMING
    prefix, colon, rest = body.partition(":")
    if colon:
        try:
            lease_type = LeaseType(prefix.strip().upper())
        except ValueError:
            raise DurationError(f"unknown lease type {prefix!r} in {text!r}: use timing: or idle:") from None
        body = rest.strip()
        if not body:
            raise DurationError(f"{text.strip()!r} needs a length after the colon, e.g. {prefix.strip()}:30m")
    if body in _OFF:
        return limits.LEASE_DISABLED, lease_type
    milliseconds = parse_duration_ms(body)
    broken = lease_problem(milliseconds, lease_type)
    if broken:
        raise DurationError(f"{text.strip()!r} is {format_duration(milliseconds)}, but the {broken}")
    return milliseconds, lease_type


def format_duration(ms: int) -> str:
    """A requested length for people: ``5400000`` -> ``"1 h 30 min"``, ``-1`` -> ``"off"``."""
    if ms < 0:
        return "off"
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    # Milliseconds are shown too, so that "72 h 1 ms" never reads as an allowed "72 h".
    units = ((hours, "h"), (minutes, "min"), (seconds, "s"), (millis, "ms"))
    return " ".join(f"{amount} {unit}" for amount, unit in units if amount) or "0 s"


def format_remaining(ms: int) -> str:
    """Time left before auto-stop, rounded down so it never overstates: ``"1 h 05 min"``."""
    if ms <= 0:
        return "0 min"
    if ms < 60_000:
        return f"{ms // 1000} s"
    hours, rest = divmod(ms, 3_600_000)
    minutes = rest // 60_000
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"
