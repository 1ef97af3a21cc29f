"""One table of status rules (core/status.py), and the simulator agreeing with it and with the contract.

The simulator keeps its own guards and its own request validation on purpose
(it stands in for ModelArts, and must refuse what ModelArts refuses even when
our proxy would not have sent it). These tests feed both sides the same
questions and expect the same verdicts, so neither drifts unnoticed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from jupyter_modelarts.core import status
from jupyter_modelarts.core.contract import NotebookCreateRequest, NotebookStatus, parse_request
from jupyter_modelarts.core.errors import ContractError
from jupyter_modelarts.simulator import states
from jupyter_modelarts.simulator.errors import SimError

S = NotebookStatus
A = status.Action

# The simulator's guard for each action that has one (simulator/states.py).
GUARDS: dict[status.Action, Callable[[str], None]] = {
    A.START: states.check_start,
    A.STOP: states.check_stop,
    A.LEASE: states.check_lease,
    A.DELETE: states.check_delete,
    A.UPDATE: lambda current: states.check_update(current, ["name"], stopped_only=["flavor"]),
    A.SWITCH: lambda current: states.check_update(current, ["flavor"], stopped_only=["flavor"]),
}


def simulator_allows(guard: Callable[[str], None], current: str) -> bool:
    try:
        guard(current)
    except SimError:
        return False
    return True


# DELETED instances are not there to be asked about: every operation is a 6309 "not found".
@pytest.mark.parametrize("current", [s for s in NotebookStatus if s is not S.DELETED])
@pytest.mark.parametrize("action", list(GUARDS))
def test_the_simulator_refuses_exactly_what_the_table_refuses(
    current: NotebookStatus, action: status.Action
) -> None:
    assert simulator_allows(GUARDS[action], current) == status.allows(current, action)


def test_the_table_is_whole_and_consistent() -> None:
    assert set(status.ACTIONS) == set(NotebookStatus)
    assert status.TRANSITIONAL.isdisjoint(status.FAILED)
    assert all(target not in status.TRANSITIONAL for target in status.HEADING.values())
    assert [s for s in NotebookStatus if status.allows(s, A.OPEN)] == [S.RUNNING]
    assert status.allows("running", A.STOP) is False  # statuses are compared as ModelArts spells them
    assert status.allows("NAPPING", A.DELETE) is False and status.heading("NAPPING") is None
    assert status.heading(S.STOPPING) == S.STOPPED and S.FROZEN in status.FAILED


def test_the_front_end_gets_the_same_table_through_the_openapi_document() -> None:
    from jupyter_modelarts.server.openapi import openapi_document

    rules = openapi_document("/modelarts", legacy=False)["x-status-rules"]
    assert rules == status.rules_document()
    assert rules["actions"]["STOPPED"] == ["delete", "start", "switch", "update"]


GOOD: dict[str, Any] = {
    "name": "same-verdict",
    "flavor": "modelarts.vm.cpu.2u",
    "image_id": "278e88d1-5b71-4766-8502-b3ba72e824d9",
    "volume": {"category": "EVS", "ownership": "MANAGED", "capacity": 5},
}
# (what changes in GOOD, what it tests). The verdict of each must be the same on both sides.
BODIES: list[tuple[dict[str, Any], str]] = [
    ({}, "a valid body"),
    ({"name": "bad name!"}, "name characters"),
    ({"name": "n" * 129}, "name length"),
    ({"name": "训练-1"}, "Chinese characters in a name"),
    ({"description": "a <b> c"}, "forbidden description characters"),
    ({"description": "d" * 513}, "description length"),
    ({"volume": {"category": "EVS", "ownership": "MANAGED", "capacity": 4}}, "EVS below 5 GB"),
    ({"volume": {"category": "EVS", "ownership": "MANAGED", "capacity": 4097}}, "EVS above 4096 GB"),
    ({"volume": {"category": "EVS", "ownership": "MANAGED", "capacity": "5"}}, "capacity as text"),
    ({"volume": {"category": "TAPE", "ownership": "MANAGED", "capacity": 5}}, "unknown storage"),
    ({"lease": {"type": "TIMING", "duration": 60_000}}, "TIMING lease under an hour"),
    ({"lease": {"type": "IDLE", "duration": 900_000}}, "IDLE lease of 15 min"),
    ({"lease": {"type": "TIMING", "duration": 259_200_001}}, "lease over 72 h"),
    ({"lease": {"type": "TIMING", "duration": -1}}, "auto-stop off"),
    ({"image_id": "not-a-uuid"}, "image id"),
    ({"workspace_id": "0"}, "the default workspace"),
    ({"workspace_id": "ABC"}, "a bad workspace id"),
    (
        {"endpoints": [{"service": "SSH", "key_pair_names": ["k1"], "allowed_access_ips": ["10.0.0.1"]}]},
        "private IP",
    ),
    (
        {"endpoints": [{"service": "SSH", "key_pair_names": ["k1"], "allowed_access_ips": ["203.0.113.7"]}]},
        "ssh",
    ),
    ({"surprise": 1}, "an unknown field"),
]


# Where the proxy is stricter than ModelArts on purpose (docs/contract.md, "Where we are stricter"):
# ModelArts takes these, the contract refuses them before they are sent.
STRICTER = {
    "private IP": "the whitelist takes public IPv4 addresses only",
    "an unknown field": "requests reject unknown fields: ModelArts would drop them silently",
}


@pytest.mark.parametrize(("change", "case"), BODIES, ids=[case for _, case in BODIES])
def test_the_contract_and_the_simulator_give_the_same_verdict(
    sim: Any, change: dict[str, Any], case: str
) -> None:
    body = {**GOOD, **change}
    try:
        parse_request(NotebookCreateRequest, body, "body")
        contract_accepts = True
    except ContractError:
        contract_accepts = False
    answer = sim.control.api("POST", "/notebooks", json=body)
    assert answer.status_code in (200, 201, 400), answer.text
    simulator_accepts = answer.status_code < 300
    if simulator_accepts:
        sim.control.api("DELETE", f"/notebooks/{answer.json()['id']}")
    expected = (False, True) if case in STRICTER else (simulator_accepts, simulator_accepts)
    assert (contract_accepts, simulator_accepts) == expected, answer.text
