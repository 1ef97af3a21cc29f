"""Soft warnings (REFERENCE §8): valid requests that stricter ModelArts sources might refuse."""

from __future__ import annotations

from typing import Any

import pytest

from jupyter_modelarts.core.contract import (
    NotebookCreateRequest,
    NotebookListQuery,
    NotebookUpdateRequest,
    parse_request,
)
from jupyter_modelarts.core.contract.advice import DESCRIPTION_ADVICE, LIMIT_ADVICE, NAME_ADVICE, advise
from jupyter_modelarts.core.errors import FieldProblem
from jupyter_modelarts.core.legacy.models import LegacyUpdateRequest

CREATE = {
    "name": "nb",
    "image_id": "e1a07296-22a8-4f05-8bc8-e936c8e54090",
    "flavor": "modelarts.vm.cpu.2u",
    "volume": {"category": "EVS", "ownership": "MANAGED"},
}


def test_nothing_to_say_about_an_ordinary_request() -> None:
    assert advise(parse_request(NotebookCreateRequest, CREATE)) == []


@pytest.mark.parametrize(("length", "warned"), [(64, False), (65, True), (128, True)])
def test_long_names_are_accepted_but_advised(length: int, warned: bool) -> None:
    request = parse_request(NotebookCreateRequest, {**CREATE, "name": "n" * length})
    found = advise(request)
    assert bool(found) is warned
    if warned:
        assert found[0].location == "body.name" and found[0].rule == NAME_ADVICE


@pytest.mark.parametrize(
    ("description", "warned"),
    [("plain text, ok.", False), ("a & b", True), ('say "hi"', True), ("it's", True), ("a/b", True)],
)
def test_description_characters_are_advised(description: str, warned: bool) -> None:
    for model, body in (
        (NotebookCreateRequest, CREATE),
        (NotebookUpdateRequest, {}),
        (LegacyUpdateRequest, {}),
    ):
        request = parse_request(model, {**body, "description": description})
        found = advise(request)
        assert [p.rule for p in found] == ([DESCRIPTION_ADVICE] if warned else [])


def test_both_warnings_together_with_a_custom_location() -> None:
    request = parse_request(NotebookUpdateRequest, {"name": "n" * 70, "description": "a/b"})
    assert [p.location for p in advise(request, "magic")] == ["magic.name", "magic.description"]


@pytest.mark.parametrize(
    ("query", "warned"),
    [
        ({"limit": "10"}, False),
        ({"limit": "50"}, False),
        ({"limit": "25"}, True),
        ({}, False),
        ({"name": "n" * 100}, False),
    ],
)
def test_list_limit_outside_the_sdk_values(query: dict[str, Any], warned: bool) -> None:
    found = advise(parse_request(NotebookListQuery, query))
    assert found == ([FieldProblem("query.limit", LIMIT_ADVICE, "25")] if warned else [])
