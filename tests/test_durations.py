"""Human durations for leases: parsing, the lease rule, and formatting."""

from __future__ import annotations

import pytest

from jupyter_modelarts.core.contract.enums import LeaseType
from jupyter_modelarts.core.durations import (
    DurationError,
    format_duration,
    format_remaining,
    parse_duration_ms,
    parse_lease,
)
from jupyter_modelarts.core.errors import ModelArtsError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2h", (7_200_000, LeaseType.TIMING)),
        ("90m", (5_400_000, LeaseType.TIMING)),
        ("1h30m", (5_400_000, LeaseType.TIMING)),
        ("1h 30m", (5_400_000, LeaseType.TIMING)),
        ("1.5h", (5_400_000, LeaseType.TIMING)),
        ("3600000", (3_600_000, LeaseType.TIMING)),
        ("3d", (259_200_000, LeaseType.TIMING)),
        ("72h", (259_200_000, LeaseType.TIMING)),
        ("60min", (3_600_000, LeaseType.TIMING)),
        ("3600s", (3_600_000, LeaseType.TIMING)),
        (" 2H ", (7_200_000, LeaseType.TIMING)),
        ("idle:30m", (1_800_000, LeaseType.IDLE)),
        ("IDLE:15m", (900_000, LeaseType.IDLE)),
        ("idle: 72h", (259_200_000, LeaseType.IDLE)),
        ("timing:2h", (7_200_000, LeaseType.TIMING)),
        ("off", (-1, LeaseType.TIMING)),
        ("never", (-1, LeaseType.TIMING)),
        ("-1", (-1, LeaseType.TIMING)),
        ("idle:off", (-1, LeaseType.IDLE)),
    ],
)
def test_parse_lease(text: str, expected: tuple[int, LeaseType]) -> None:
    assert parse_lease(text) == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("59m", "TIMING lease duration must be -1 (auto-stop off) or 3600000–259200000 ms (1 h–72 h)"),
        ("3599999", "is 59 min 59 s"),
        ("72h1s", "is 72 h 1 s"),
        ("idle:14m", "IDLE lease duration must be -1 (auto-stop off) or 900000–259200000 ms (15 min–72 h)"),
        ("0", "is 0 s"),
        ("", "cannot read"),
        ("soon", "cannot read"),
        ("2h30", "cannot read"),
        ("h2", "cannot read"),
        ("-5m", "cannot read"),
        ("2 hours", "cannot read"),
        ("sometimes:2h", "unknown lease type 'sometimes'"),
        ("1h1h", "'1h1h' gives h twice"),
        ("1m30min", "gives min twice"),
        ("idle:", "'idle:' needs a length after the colon, e.g. idle:30m"),
        ("100ms", "'100ms' is 100 ms, but"),
        ("idle:72h1ms", "is 72 h 1 ms, but the IDLE lease"),
        ("99999999999999999999h", "is more than a year; leases last at most 72 h"),
        ("99999999999999999999", "is more than a year"),
    ],
)
def test_parse_lease_errors_name_the_rule(text: str, says: str) -> None:
    with pytest.raises(DurationError) as caught:
        parse_lease(text)
    assert says in str(caught.value)
    assert isinstance(caught.value, ModelArtsError) and isinstance(caught.value, ValueError)


def test_parse_duration_without_the_lease_rule() -> None:
    assert parse_duration_ms("500ms") == 500
    assert parse_duration_ms("10m") == 600_000
    assert parse_duration_ms("1d2h3m4s") == 93_784_000


@pytest.mark.parametrize(
    ("ms", "text"),
    [
        (-1, "off"),
        (0, "0 s"),
        (45_000, "45 s"),
        (900_000, "15 min"),
        (3_600_000, "1 h"),
        (5_400_000, "1 h 30 min"),
        (3_661_000, "1 h 1 min 1 s"),
        (259_200_000, "72 h"),
        (100, "100 ms"),
        (259_200_001, "72 h 1 ms"),
    ],
)
def test_format_duration(ms: int, text: str) -> None:
    assert format_duration(ms) == text


@pytest.mark.parametrize("text", ["2h", "90m", "idle:15m", "72h", "1h 1m"])
def test_format_duration_reads_back(text: str) -> None:
    ms, _ = parse_lease(text)
    assert parse_duration_ms(format_duration(ms).replace(" ", "")) == ms


@pytest.mark.parametrize(
    ("ms", "text"),
    [
        (-5, "0 min"),
        (0, "0 min"),
        (999, "0 s"),
        (59_999, "59 s"),
        (60_000, "1 min"),
        (3_599_999, "59 min"),
        (3_600_000, "1 h 00 min"),
        (3_900_000, "1 h 05 min"),
        (3_959_999, "1 h 05 min"),
        (259_200_000, "72 h 00 min"),
    ],
)
def test_format_remaining_never_overstates(ms: int, text: str) -> None:
    assert format_remaining(ms) == text
