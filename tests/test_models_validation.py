"""parse_request, problem wording, wire serialisation and the reusable base building blocks."""

from __future__ import annotations

import enum
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from jupyter_modelarts.core.contract import (
    NotebookCreateRequest,
    NotebookUpdateRequest,
    RequestModel,
    StartQuery,
    parse_request,
)
from jupyter_modelarts.core.contract.base import CaseInsensitive, Lenient, ResponseModel
from jupyter_modelarts.core.contract.listing import NotebookListQuery
from jupyter_modelarts.core.contract.validation import problems_from, to_query, to_upstream_json
from jupyter_modelarts.core.errors import ContractError, FieldProblem

IMAGE = "e1a07296-22a8-4f05-8bc8-e936c8e54090"


def problems(model: type, data: Any, location: str | None = None) -> list[FieldProblem]:
    with pytest.raises(ContractError) as caught:
        parse_request(model, data, location)
    return caught.value.problems


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ("[1, 2]", FieldProblem("body", "must be a JSON object", "[1, 2]")),
        (b'"text"', FieldProblem("body", "must be a JSON object", "'text'")),
        (42, FieldProblem("body", "must be a JSON object", "42")),
    ],
)
def test_body_must_be_an_object(data: Any, problem: FieldProblem) -> None:
    assert problems(NotebookUpdateRequest, data) == [problem]


def test_invalid_json_is_one_clear_problem() -> None:
    (problem,) = problems(NotebookUpdateRequest, b'{"name": ')
    assert problem.location == "body" and problem.rule.startswith("is not valid JSON")


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (b'{"volume": {"capacity": NaN}}', "holds NaN, which is not a JSON number"),
        (b'{"volume": {"capacity": -Infinity}}', "holds -Infinity, which is not a JSON number"),
        (b'{"volume": {"capacity": 1e400}}', "holds the number 1e400, which is too large"),
        (b'{"name": "a", "name": "b"}', "gives the key 'name' twice"),
        (b"[" * 100_000 + b"]" * 100_000, "nests arrays or objects too deeply"),
    ],
)
def test_json_that_python_reads_but_no_client_means_is_refused(text: bytes, rule: str) -> None:
    assert problems(NotebookUpdateRequest, text) == [FieldProblem("body", rule)]


@pytest.mark.parametrize("empty", [None, b"", "  ", {}])
def test_empty_body_reports_required_fields(empty: Any) -> None:
    assert {p.location for p in problems(NotebookCreateRequest, empty)} == {
        "body.name",
        "body.image_id",
        "body.volume",
        "body.flavor",
    }


@pytest.mark.parametrize(
    ("body", "rule"),
    [
        ({"storage_new_size": "big"}, "must be a whole number"),
        ({"storage_new_size": 5.5}, "must be a whole number"),
        ({"name": 5}, "must be a string"),
        ({"endpoints": "ssh"}, "must be a list"),
        ({"hooks": []}, "must be an object"),
        (
            {"public_network_config": {"public_network_type": "open"}},
            "must be one of 'SHARED', 'EXCLUSIVE' or 'FORBIDDEN' (any letter case)",
        ),
        ({"public_network_config": {}}, "is required"),
        ({"flavor": ""}, "must not be empty"),
        (
            {"custom_spec": {"cpu": "many", "memory": 600, "arch": "X86_64", "category": "CPU"}},
            "must be a number",
        ),
    ],
)
def test_pydantic_errors_are_reworded(body: dict[str, Any], rule: str) -> None:
    (problem,) = problems(NotebookUpdateRequest, body)
    assert problem.rule == rule


def test_location_override_and_value_preview() -> None:
    (problem,) = problems(NotebookUpdateRequest, {"name": "x" * 300}, location="magic")
    assert problem.location == "magic.name"
    assert problem.value is not None and len(problem.value) <= 80 and problem.value.endswith("…")


def test_query_lists_and_bytes() -> None:
    query = parse_request(NotebookListQuery, {"limit": [b"20"], "name": ["nb"]})
    assert (query.limit, query.name) == (20, "nb")
    (problem,) = problems(NotebookListQuery, {"limit": ["10", "20"]})
    assert problem == FieldProblem("query.limit", "must be given once", "['10', '20']")


def test_problems_from_a_raw_validation_error() -> None:
    with pytest.raises(ValidationError) as caught:
        NotebookUpdateRequest.model_validate({"name": ""})
    assert [p.location for p in problems_from(caught.value, "cli")] == ["cli.name"]


def test_contract_error_message_lists_every_problem() -> None:
    error = ContractError(problems(NotebookListQuery, {"limit": "99", "offset": "-1"}))
    assert str(error) == (
        "Invalid request: query.limit: limit must be 1–50 (got '99'); "
        "query.offset: offset must be 0 or more (got '-1')"
    )


def test_upstream_json_is_compact_utf8_without_nulls() -> None:
    request = parse_request(
        NotebookCreateRequest,
        {
            "name": "笔记本",
            "description": None,
            "image_id": IMAGE,
            "flavor": "f",
            "volume": {"category": "evs", "ownership": "managed", "read_only": False},
        },
    )
    sent = to_upstream_json(request)
    assert sent.decode("utf-8") == (
        '{"name":"笔记本","image_id":"e1a07296-22a8-4f05-8bc8-e936c8e54090","flavor":"f",'
        '"volume":{"category":"EVS","ownership":"MANAGED","read_only":false}}'
    )


def test_to_query_skips_none_and_lowercases_booleans() -> None:
    assert to_query(StartQuery()) == []
    assert to_query(NotebookListQuery(limit=10)) == [("limit", "10")]


# --- the reusable building blocks ---------------------------------------------------------------


class Colour(enum.StrEnum):
    RED = "RED"
    DARK_BLUE = "DARK_BLUE"


class Paint(RequestModel):
    colour: CaseInsensitive[Colour]
    others: list[CaseInsensitive[Colour]] = []


class PaintAnswer(ResponseModel):
    colour: Lenient[Colour] | None = None


@pytest.mark.parametrize("given", ["red", "Red", " RED ", Colour.RED])
def test_case_insensitive_enum_type(given: Any) -> None:
    assert Paint.model_validate({"colour": given}).colour is Colour.RED


def test_case_insensitive_enum_rejects_unknown_and_non_strings() -> None:
    for bad in ("green", 1, None):
        with pytest.raises(ValidationError):
            Paint.model_validate({"colour": bad})
    assert Paint.model_validate({"colour": "dark_blue", "others": ["red", "Dark_Blue"]}).others == [
        Colour.RED,
        Colour.DARK_BLUE,
    ]


def test_case_insensitive_enum_json_schema_lists_canonical_values() -> None:
    schema = json.dumps(Paint.model_json_schema())
    assert '"enum": ["RED", "DARK_BLUE"]' in schema


def test_lenient_enum_keeps_unknown_values() -> None:
    assert PaintAnswer.model_validate({"colour": "red"}).colour is Colour.RED
    assert PaintAnswer.model_validate({"colour": "mauve"}).colour == "mauve"


def test_request_models_forbid_and_response_models_keep_extras() -> None:
    with pytest.raises(ValidationError):
        Paint.model_validate({"colour": "red", "shade": 1})
    assert PaintAnswer.model_validate({"shade": 1}).model_extra == {"shade": 1}


# --- nothing crashes ----------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
FIELD_NAMES = st.sampled_from(
    ["name", "image_id", "flavor", "volume", "endpoints", "lease", "duration", "hooks", "custom_spec",
     "description", "data_volumes", "category", "ownership", "capacity", "uri", "service", "dev_service",
     "allowed_access_ips", "type", "script", "limit", "offset", "workspaceId", "workspace_id", "spec"]
)  # fmt: skip
BODIES = st.dictionaries(FIELD_NAMES, JSON_VALUES, max_size=8)
MODELS: list[type[RequestModel]] = [
    NotebookCreateRequest,
    NotebookUpdateRequest,
    NotebookListQuery,
    StartQuery,
]


@settings(derandomize=True, max_examples=300, deadline=None)
@given(body=BODIES, model_index=st.integers(0, len(MODELS) - 1))
def test_any_input_gives_a_model_or_a_contract_error(body: dict[str, Any], model_index: int) -> None:
    model = MODELS[model_index]
    try:
        parsed = parse_request(model, body)
    except ContractError as error:
        rejected = error.problems
    else:
        rejected = []
    if rejected:
        assert all(p.location.startswith(model.source) and p.rule for p in rejected)
        return
    if model.source == "body":
        assert parse_request(model, to_upstream_json(parsed)) == parsed
    else:
        assert parse_request(model, dict(to_query(parsed))) == parsed


PATH_PROBLEM = FieldProblem("path.notebook_id", "must be a UUID", "'x'")


def test_path_problems_are_reported_with_the_body_problems_path_first() -> None:
    with pytest.raises(ContractError) as caught:
        parse_request(
            NotebookUpdateRequest, {"name": "bad name!", "surprise": 1}, path_problems=[PATH_PROBLEM]
        )
    fields = [problem.location for problem in caught.value.problems]
    assert fields[0] == "path.notebook_id"
    assert "body.name" in fields and "body.surprise" in fields


def test_path_problems_alone_still_refuse_a_valid_body() -> None:
    with pytest.raises(ContractError) as caught:
        parse_request(NotebookUpdateRequest, {"name": "fine-name"}, path_problems=[PATH_PROBLEM])
    assert caught.value.problems == [PATH_PROBLEM]


def test_a_model_instance_is_taken_as_it_is_unless_the_path_is_wrong() -> None:
    model = parse_request(NotebookUpdateRequest, {"name": "fine-name"})
    assert parse_request(NotebookUpdateRequest, model) is model
    with pytest.raises(ContractError) as caught:
        parse_request(NotebookUpdateRequest, model, path_problems=[PATH_PROBLEM])
    assert caught.value.problems == [PATH_PROBLEM]


@pytest.mark.parametrize(
    ("body", "location", "rule"),
    [
        (
            {"volume": {"category": "EVS", "ownership": "MANAGED", "capacity": "5"}},
            "body.volume.capacity",
            "number",
        ),
        ({"lease": {"duration": "7200000", "type": "TIMING"}}, "body.lease.duration", "number"),
        ({"description": 5}, "body.description", "string"),
        (
            {"volume": {"category": 5, "ownership": "MANAGED", "capacity": 5}},
            "body.volume.category",
            "one of",
        ),
    ],
)
def test_json_bodies_are_typed_strictly_nothing_is_converted(
    body: dict[str, Any], location: str, rule: str
) -> None:
    """D9: text for a number is refused like a number for text (docs/contract.md, "Types")."""
    base = {
        "name": "strict",
        "flavor": "modelarts.vm.cpu.2u",
        "image_id": "278e88d1-5b71-4766-8502-b3ba72e824d9",
    }
    with pytest.raises(ContractError) as caught:
        parse_request(NotebookCreateRequest, {**base, **body}, "body")
    (problem,) = [p for p in caught.value.problems if p.location == location]
    assert rule in problem.rule


def test_query_strings_are_text_so_their_numbers_are_read_from_it() -> None:
    assert parse_request(NotebookListQuery, {"limit": [b"20"], "offset": [b"0"]}, "query").limit == 20
