"""Lease requests (create ``lease``, start query, renew body and query) and the Lease answer."""

from __future__ import annotations

from typing import Any

import pytest

from jupyter_modelarts.core.contract import Lease, LeaseRenewRequest, StartQuery, parse_request
from jupyter_modelarts.core.contract.enums import LeaseType
from jupyter_modelarts.core.contract.lease import LeaseRequest, RenewQuery, lease_problem
from jupyter_modelarts.core.contract.validation import to_query, to_upstream_json
from jupyter_modelarts.core.errors import ContractError

TIMING_MIN, IDLE_MIN, MAX = 3_600_000, 900_000, 259_200_000


@pytest.mark.parametrize(
    ("duration", "lease_type", "ok"),
    [
        (-1, LeaseType.TIMING, True),
        (-1, LeaseType.IDLE, True),
        (0, LeaseType.TIMING, False),
        (-2, LeaseType.IDLE, False),
        (TIMING_MIN - 1, LeaseType.TIMING, False),  # §8 would only warn; limits.py rejects on purpose
        (TIMING_MIN, LeaseType.TIMING, True),
        (IDLE_MIN - 1, LeaseType.IDLE, False),
        (IDLE_MIN, LeaseType.IDLE, True),
        (IDLE_MIN, LeaseType.TIMING, False),
        (MAX, LeaseType.TIMING, True),
        (MAX, LeaseType.IDLE, True),
        (MAX + 1, LeaseType.TIMING, False),
        (MAX + 1, LeaseType.IDLE, False),
    ],
)
def test_lease_rule(duration: int, lease_type: LeaseType, ok: bool) -> None:
    assert (lease_problem(duration, lease_type) is None) is ok
    body = {"type": lease_type.value.lower(), "duration": duration}
    for model in (LeaseRequest, LeaseRenewRequest):
        if ok:
            assert parse_request(model, body).duration == duration
        else:
            with pytest.raises(ContractError) as caught:
                parse_request(model, body)
            assert [p.location for p in caught.value.problems] == ["body.duration"]


def test_default_type_is_timing() -> None:
    request = parse_request(LeaseRequest, {"duration": TIMING_MIN})
    assert request.type is LeaseType.TIMING
    # The default is ModelArts' default too, so it is not sent.
    assert to_upstream_json(request) == b'{"duration":3600000}'
    with pytest.raises(ContractError):
        parse_request(LeaseRequest, {"duration": IDLE_MIN})


def test_invalid_type_does_not_invent_a_duration_problem() -> None:
    with pytest.raises(ContractError) as caught:
        parse_request(LeaseRequest, {"type": "sometimes", "duration": IDLE_MIN})
    assert [p.location for p in caught.value.problems] == ["body.type"]


def test_renew_body_rules_are_worded_for_people() -> None:
    with pytest.raises(ContractError) as caught:
        parse_request(LeaseRenewRequest, {"type": "IDLE", "duration": 60_000})
    (problem,) = caught.value.problems
    assert (
        problem.rule == "IDLE lease duration must be -1 (auto-stop off) or 900000–259200000 ms (15 min–72 h)"
    )
    assert problem.value == "60000"


@pytest.mark.parametrize(
    ("query", "where"),
    [
        ({"duration": "900000"}, "query.duration"),  # no type: TIMING upstream
        ({"duration": "900000", "type": "timing"}, "query.duration"),
        ({"duration": "899999", "type": "idle"}, "query.duration"),
        ({"duration": "soon"}, "query.duration"),
        ({"type": "forever"}, "query.type"),
        ({"duration": "3600000", "extra": "1"}, "query.extra"),
        ({"duration": ["3600000", "7200000"]}, "query.duration"),
    ],
)
def test_start_query_rejects(query: dict[str, Any], where: str) -> None:
    with pytest.raises(ContractError) as caught:
        parse_request(StartQuery, query)
    assert [p.location for p in caught.value.problems] == [where]


@pytest.mark.parametrize(
    ("query", "sent"),
    [
        ({}, []),
        ({"duration": "-1"}, [("duration", "-1")]),
        ({"duration": ["3600000"]}, [("duration", "3600000")]),
        ({"duration": "900000", "type": "idle"}, [("type", "IDLE"), ("duration", "900000")]),
        ({"type": "Timing"}, [("type", "TIMING")]),
    ],
)
def test_start_query_accepts(query: dict[str, Any], sent: list[tuple[str, str]]) -> None:
    assert to_query(parse_request(StartQuery, query)) == sent


def test_renew_query_forces_timing() -> None:
    assert to_query(parse_request(RenewQuery, {"duration": "3600000"})) == [("duration", "3600000")]
    with pytest.raises(ContractError) as caught:
        parse_request(RenewQuery, {"duration": str(IDLE_MIN)})
    assert caught.value.problems[0].location == "query.duration"
    with pytest.raises(ContractError):
        parse_request(RenewQuery, {})


def test_lease_answer_arithmetic() -> None:
    # REFERENCE §4.8: created at 1687656452470, renewed at 1687657510014 for one hour.
    lease = Lease.model_validate(
        {
            "create_at": 1687656452470,
            "duration": 4657544,
            "enable": True,
            "type": "timing",
            "update_at": 1687657510014,
        }
    )
    assert lease.type is LeaseType.TIMING
    assert lease.deadline_ms == 1687657510014 + 3_600_000
    assert lease.remaining_ms(1687657510014) == 3_600_000
    assert lease.remaining_ms(1687657510014 + 5_000_000) == 0


@pytest.mark.parametrize(
    "data",
    [
        {"create_at": 1, "duration": 3_600_000, "enable": False},
        {"create_at": 1, "duration": -1, "enable": True},
        {"duration": 3_600_000, "enable": True},
        {},
    ],
)
def test_lease_without_deadline(data: dict[str, Any]) -> None:
    lease = Lease.model_validate(data)
    assert lease.deadline_ms is None
    assert lease.remaining_ms(10) is None


def test_lease_answer_keeps_unknown_fields_and_types() -> None:
    lease = Lease.model_validate({"type": "SOMETHING_NEW", "enable": True, "extra_field": 1})
    assert lease.type == "SOMETHING_NEW"
    assert lease.model_dump(exclude_none=True) == {"type": "SOMETHING_NEW", "enable": True, "extra_field": 1}
