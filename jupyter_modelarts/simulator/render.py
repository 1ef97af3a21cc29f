"""Instances and lists as ModelArts returns them: NotebookResp (docs/modelarts-api.md §5.1) and pages.

Filtering, sorting and pagination of list operations (docs/modelarts-api.md §4.2,
§12.4): ``limit`` defaults to 10 and may be 1-50 for notebooks (images: default
200, up to 1000); ``current`` is ``offset // limit`` (0-based); sort keys are
comma-separated and must be sortable (ModelArts.6303); fuzzy filters match
case-insensitive substrings.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from jupyter_modelarts.core.contract import limits
from jupyter_modelarts.core.contract.enums import Feature, NotebookStatus
from jupyter_modelarts.simulator import errors, states
from jupyter_modelarts.simulator.errors import Checker
from jupyter_modelarts.simulator.states import Instance
from jupyter_modelarts.simulator.world import World


def endpoints(world: World, instance: Instance) -> list[dict[str, Any]]:
    running = instance.status == NotebookStatus.RUNNING
    result: list[dict[str, Any]] = []
    if running and instance.url:
        result.append({"service": "NOTEBOOK", "dev_service": "NOTEBOOK", "uri": instance.url})
    if instance.ssh is not None:
        ssh: dict[str, Any] = {
            "service": "SSH",
            "dev_service": "SSH",
            "key_pair_names": list(instance.ssh.key_pair_names),
            "ssh_keys": list(instance.ssh.key_pair_names),
            "allowed_access_ips": list(instance.ssh.allowed_access_ips),
        }
        if running:  # docs/modelarts-api.md §12.7: the region's SSH gateway, ma-user, a port per instance
            ssh["uri"] = f"ssh://ma-user@dev-modelarts.{world.region}.huaweicloud.com:{instance.ssh.port}"
        result.append(ssh)
    return result


def notebook(world: World, instance: Instance) -> dict[str, Any]:
    running = instance.status == NotebookStatus.RUNNING
    volume = dict(instance.volume)
    if instance.resizing_until is not None and world.clock.now_ms() < instance.resizing_until:
        volume["status"] = "RESIZING"
    body: dict[str, Any] = {
        "id": instance.id,
        "name": instance.name,
        "description": instance.description,
        "status": instance.status,
        "feature": instance.feature,
        "flavor": instance.flavor,
        "image": world.catalog.image_summary(instance.image_id),
        "volume": volume,
        "data_volumes": [dict(data_volume) for data_volume in instance.data_volumes],
        "lease": instance.lease.to_json(),
        "action_progress": [
            {
                "notebook_id": instance.id,
                "step": index + 1,
                "status": status,
                "description": states.STEP_DESCRIPTIONS[index],
                "step_description": states.STEP_DESCRIPTIONS[index],
            }
            for index, status in enumerate(instance.progress)
        ],
        "endpoints": endpoints(world, instance),
        "token": instance.token,
        "workspace_id": instance.workspace_id,
        "billing_items": ["COMPUTE"] if running else [],
        "user": {
            "id": world.user_id,
            "name": "sim-user",
            "domain": {"id": world.derived_id("domain"), "name": "sim-domain"},
        },
        "user_id": world.user_id,
        "create_at": instance.create_at,
        "update_at": instance.update_at,
        "is_need_credentials": True,
        "tags": [],
    }
    if running and instance.url:
        body["url"] = instance.url
    if instance.fail_reason:
        body["fail_reason"] = instance.fail_reason
    if instance.hooks is not None:
        body["hooks"] = instance.hooks
    return body


def page(items: list[dict[str, Any]], offset: int, limit: int, total: int) -> dict[str, Any]:
    """The paginated envelope of docs/modelarts-api.md §2 / §12.4: ``current`` is 0-based."""
    return {
        "current": offset // limit,
        "data": items,
        "pages": math.ceil(total / limit),
        "size": len(items),
        "total": total,
    }


SortKey = Callable[[dict[str, Any]], Any]


def paging(query: Mapping[str, str], *, default_limit: int, max_limit: int) -> tuple[int, int]:
    checker = Checker()
    limit = checker.query_integer(query.get("limit"), "limit")
    offset = checker.query_integer(query.get("offset"), "offset")
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
    direction = checker.choice(query, "sort_dir", ("ASC", "DESC")) or default_dir
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
    status = checker.choice(query, "status", NotebookStatus)
    feature = checker.choice(query, "feature", Feature)
    checker.raise_if_any()
    # Both spellings of the workspace are documented (§8).  Without ``feature`` no default filter:
    # [list]'s example (docs/modelarts-api.md §1) mixes features.
    exact = {
        "status": status,
        "feature": feature,
        "workspace_id": query.get("workspace_id") or query.get("workspaceId"),
        "id": query.get("id"),
        "user_id": query.get("owner"),
    }
    image_id = query.get("image_id")
    fuzzy_fields = {key: query.get(key) for key in ("name", "flavor", "description")}

    def keep(item: dict[str, Any]) -> bool:
        if any(wanted and item[key] != wanted for key, wanted in exact.items()):
            return False
        if (image_id and item["image"]["id"] != image_id) or query.get("pool_id"):  # no dedicated pools here
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
