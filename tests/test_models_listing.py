"""Listing notebooks: every query parameter of §3 and the page envelope."""

from __future__ import annotations

from typing import Any

import pytest

from jupyter_modelarts.core.contract import Notebook, NotebookPage, NotebookStatus, parse_request
from jupyter_modelarts.core.contract.listing import NotebookListQuery, Page
from jupyter_modelarts.core.contract.validation import to_query
from jupyter_modelarts.core.errors import ContractError

WS = "0123456789abcdefghijklmnopqrstuv"
UUID = "936bea3e-d3df-435e-8b58-d817283284ae"


def where(query: dict[str, Any]) -> list[str]:
    with pytest.raises(ContractError) as caught:
        parse_request(NotebookListQuery, query)
    return [p.location for p in caught.value.problems]


@pytest.mark.parametrize(
    ("name", "bad", "good"),
    [
        ("limit", "0", "1"),
        ("limit", "51", "50"),
        ("limit", "ten", "10"),
        ("offset", "-1", "0"),
        ("feature", "PAID", "default"),
        ("sort_dir", "up", "asc"),
        ("sort_key", "name;drop", "name,create_at"),
        ("sort_key", "a" * 129, "a" * 128),
        ("status", "SLEEPING", "running"),
        ("workspace_id", "x", WS),
        ("workspaceId", "x", "0"),
        ("owner", "ABC", "a" * 32),
        ("image_id", "img", UUID),
        ("id", "123", UUID),
        ("billing", "FREE", "compute"),
        ("tags", ",k|v", "k1|v1,k2|v2"),
        ("tags", "k||v", "k|v"),
        ("tags", "k|v,", "k"),
        ("swr_path", "s" * 2049, "swr.example.com/atelier/img:1"),
        ("pool_name", "pool_1", "pool-1"),
        ("description", "a<b", "api-test"),
        ("ip", "10.0.0.256", "10.0.0.255"),
        ("username", "a b", "ma.user_1-x"),
        ("name", "a b", "notebook_5ee4bf0e"),
        ("name", "x" * 129, "x" * 128),
        ("pool_id", "", "pool41664192"),
        ("flavor", "", "modelarts.vm"),
    ],
)
def test_each_filter_rejects_bad_and_accepts_good(name: str, bad: str, good: str) -> None:
    assert where({name: bad}) == [f"query.{name}"]
    parse_request(NotebookListQuery, {name: good})


def test_limit_rule_is_worded_for_people() -> None:
    with pytest.raises(ContractError) as caught:
        parse_request(NotebookListQuery, {"limit": "100", "offset": "-5"})
    assert [(p.location, p.rule) for p in caught.value.problems] == [
        ("query.limit", "limit must be 1–50"),
        ("query.offset", "offset must be 0 or more"),
    ]


def test_both_workspace_spellings_accepted_and_sent_as_sdk_spelling() -> None:
    camel = parse_request(NotebookListQuery, {"workspaceId": WS})
    snake = parse_request(NotebookListQuery, {"workspace_id": WS})
    assert to_query(camel) == to_query(snake) == [("workspace_id", WS)]
    assert where({"workspaceId": WS, "workspace_id": WS}) == ["query.workspaceId"]


def test_query_serialisation_is_canonical() -> None:
    query = parse_request(
        NotebookListQuery,
        {
            "feature": "notebook",
            "limit": "20",
            "offset": "40",
            "status": "running",
            "sort_dir": "desc",
            "name": "nb",
        },
    )
    assert query.status is NotebookStatus.RUNNING
    assert to_query(query) == [
        ("feature", "NOTEBOOK"),
        ("limit", "20"),
        ("offset", "40"),
        ("name", "nb"),
        ("sort_dir", "DESC"),
        ("status", "RUNNING"),
    ]


def test_unknown_query_parameter_rejected() -> None:
    assert where({"pageSize": "10"}) == ["query.pageSize"]


def test_page_envelope_of_notebooks() -> None:
    page = NotebookPage.model_validate(
        {"current": 0, "data": [{"id": UUID, "status": "RUNNING"}], "pages": 1, "size": 10, "total": 1}
    )
    assert isinstance(page.data[0], Notebook)
    assert page.data[0].status is NotebookStatus.RUNNING
    assert (page.current, page.pages, page.size, page.total) == (0, 1, 10, 1)


def test_page_tolerates_missing_and_extra_fields() -> None:
    page = Page[Notebook].model_validate({"data": [], "extra": {"x": 1}})
    assert page.data == [] and page.total is None
    assert page.model_dump(exclude_none=True) == {"data": [], "extra": {"x": 1}}
    assert Page[Notebook].model_validate({}).data == []
