"""Filtering, sorting and pagination of list operations (REFERENCE §4.2, §12.4).

``limit`` defaults to 10 and may be 1-50 for notebooks (images: default 200,
up to 1000); ``current`` is ``offset // limit`` (0-based); sort keys are
comma-separated and must be sortable (ModelArts.6303); fuzzy filters match
case-insensitive substrings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from jupyter_modelarts.core.contract import limits
from jupyter_modelarts.core.contract.enums import NotebookStatus
from jupyter_modelarts.simulator import errors
from jupyter_modelarts.simulator.checks import Checker
from jupyter_modelarts.simulator.validation import FEATURES, query_integer

SortKey = Callable[[dict[str, Any]], Any]


def paging(query: Mapping[str, str], *, default_limit: int, max_limit: int) -> tuple[int, int]:
    checker = Checker()
    limit = query_integer(checker, query.get("limit"), "limit")
    offset = query_integer(checker, query.get("offset"), "offset")
    if limit is not None and not 1 <= limit <= max_limit:
        checker.fail(errors.bad_value("limit", f"must be 1-{max_limit}"))
    if offset is not None and offset < 0:
        checker.fail(errors.bad_value("offset", "must not be negative"))
    checker.raise_if_any()
    return (offset or 0), (limit if limit is not None else default_limit)


def sort_items(
    items: list[dict[str, Any]],
    query: Mapping[str, str],
    sortable: Mapping[str, SortKey],
    *,
    default_key: str,
    default_dir: str = "DESC",
) -> list[dict[str, Any]]:
    checker = Checker()
    direction = checker.enum(query.get("sort_dir"), ("ASC", "DESC"), "sort_dir") or default_dir
    keys = [key.strip() for key in (query.get("sort_key") or default_key).split(",") if key.strip()]
    checker.raise_if_any()
    for key in keys:
        if key not in sortable:
            raise errors.not_sortable(key)
    getters = [sortable[key] for key in keys]
    return sorted(items, key=lambda item: tuple(get(item) for get in getters), reverse=direction == "DESC")


def fuzzy(value: str | None, wanted: str) -> bool:
    return wanted.lower() in (value or "").lower()


def field(key: str, default: Any = "") -> SortKey:
    def get(item: dict[str, Any]) -> Any:
        value = item.get(key)
        return default if value is None else value

    return get


NOTEBOOK_SORTABLE: dict[str, SortKey] = {
    **{key: field(key) for key in ("name", "status", "flavor", "feature", "id", "description")},
    "create_at": field("create_at", 0),
    "update_at": field("update_at", 0),
}


def filter_notebooks(items: list[dict[str, Any]], query: Mapping[str, str]) -> list[dict[str, Any]]:
    checker = Checker()
    status = checker.enum(query.get("status"), tuple(NotebookStatus), "status")
    feature = checker.enum(query.get("feature"), FEATURES, "feature")
    checker.raise_if_any()
    workspace = query.get("workspace_id") or query.get("workspaceId")  # both spellings are documented (§8)
    exact = {"id": query.get("id"), "image_id": query.get("image_id"), "owner": query.get("owner")}
    fuzzy_fields = {key: query.get(key) for key in ("name", "flavor", "description")}

    def keep(item: dict[str, Any]) -> bool:
        if status is not None and item["status"] != status:
            return False
        # The seed's list example mixes features when none is asked for, so no default filter.
        if feature is not None and item["feature"] != feature:
            return False
        if workspace and item["workspace_id"] != workspace:
            return False
        if exact["id"] and item["id"] != exact["id"]:
            return False
        if exact["image_id"] and item["image"]["id"] != exact["image_id"]:
            return False
        if exact["owner"] and item["user_id"] != exact["owner"]:
            return False
        if query.get("pool_id"):  # the simulator has no dedicated pools
            return False
        return all(fuzzy(item.get(key), wanted) for key, wanted in fuzzy_fields.items() if wanted)

    return [item for item in items if keep(item)]


def select_notebooks(
    items: list[dict[str, Any]], query: Mapping[str, str]
) -> tuple[list[dict[str, Any]], int, int]:
    """(every match in order, offset, limit): the caller slices the page and reports the total."""
    offset, limit = paging(query, default_limit=limits.LIST_LIMIT_DEFAULT, max_limit=limits.LIST_LIMIT_MAX)
    ordered = sort_items(filter_notebooks(items, query), query, NOTEBOOK_SORTABLE, default_key="create_at")
    return ordered, offset, limit
