"""Listing notebooks (docs/modelarts-api.md §3, §4.2, §1 [list]) and the common page envelope."""

from __future__ import annotations

import re
from typing import Annotated, Generic, TypeVar

from pydantic import Field

from jupyter_modelarts.core.contract import limits
from jupyter_modelarts.core.contract.base import (
    CaseInsensitive,
    QueryModel,
    ResponseModel,
    bounded,
    documented,
    ecma,
)
from jupyter_modelarts.core.contract.enums import BillingItem, Feature, NotebookStatus, SortDir
from jupyter_modelarts.core.contract.fields import (
    Description,
    IPv4,
    NonEmpty,
    Offset,
    SortKey,
    Uuid,
    WorkspaceId,
    matching,
)
from jupyter_modelarts.core.contract.responses import Notebook

T = TypeVar("T")

Limit = Annotated[int, bounded(f"limit must be 1–{limits.LIST_LIMIT_MAX}", 1, limits.LIST_LIMIT_MAX)]

# Fuzzy filters match parts of names, so only the character set is checked.
_NAME_CHARS = re.compile(rf"[A-Za-z0-9_\-\u4e00-\u9fa5]{{1,{limits.NAME_MAX}}}")
_OWNER = re.compile(r"[0-9a-z]{32}")
# "k1|v1,k2|v2": no leading ',' or '|', no trailing ',', no doubled separators.
_TAGS = re.compile(r"[^,|](?:(?!,,|\|\||,\||\|,).)*(?<!,)", re.DOTALL)
# The same language without look-arounds or DOTALL, for the schema: runs of other characters
# joined by single separators, optionally ending with one '|'.
_TAGS_ECMA = r"^[^,|]+(?:[,|][^,|]+)*\|?$"
_POOL_NAME = re.compile(rf"[A-Za-z0-9\-]{{1,{limits.POOL_NAME_MAX}}}")
_USERNAME = re.compile(rf"[A-Za-z0-9._\-]{{1,{limits.USERNAME_MAX}}}")


NAME_FILTER_RULE = f"name filter must be 1–{limits.NAME_MAX} letters, digits, '-', '_' or Chinese characters"
NameFilter = Annotated[str, matching(_NAME_CHARS, NAME_FILTER_RULE), documented(pattern=ecma(_NAME_CHARS))]
Owner = Annotated[
    str,
    matching(_OWNER, "owner must be a user ID: 32 characters of 0-9 and a-z"),
    documented(pattern=ecma(_OWNER)),
]
Tags = Annotated[str, matching(_TAGS, "tags must look like k1|v1,k2|v2"), documented(pattern=_TAGS_ECMA)]
PoolName = Annotated[
    str,
    matching(_POOL_NAME, f"pool_name must be 1–{limits.POOL_NAME_MAX} letters, digits or '-'"),
    documented(pattern=ecma(_POOL_NAME)),
]
Username = Annotated[
    str,
    matching(_USERNAME, f"username must be 1–{limits.USERNAME_MAX} letters, digits, '.', '_' or '-'"),
    documented(pattern=ecma(_USERNAME)),
]


class NotebookListQuery(QueryModel):
    """``GET /notebooks`` and ``GET /notebooks/all``.

    The workspace filter is documented as ``workspace_id`` (SDK) and
    ``workspaceId`` (docs/modelarts-api.md §1 [list], golangsdk); either is
    accepted and the SDK spelling goes upstream.
    """

    feature: CaseInsensitive[Feature] | None = None
    limit: Limit | None = None
    offset: Offset | None = None
    name: NameFilter | None = None
    pool_id: NonEmpty | None = None
    owner: Owner | None = None
    sort_dir: CaseInsensitive[SortDir] | None = None
    sort_key: SortKey | None = None
    status: CaseInsensitive[NotebookStatus] | None = None
    workspace_id: WorkspaceId | None = None
    workspace_id_camel: WorkspaceId | None = Field(default=None, alias="workspaceId")
    flavor: NonEmpty | None = None
    image_id: Uuid | None = None
    id: Uuid | None = None
    billing: CaseInsensitive[BillingItem] | None = None
    tags: Tags | None = None
    swr_path: Annotated[str, Field(min_length=1, max_length=limits.SWR_PATH_MAX)] | None = None
    pool_name: PoolName | None = None
    description: Description | None = None
    ip: IPv4 | None = None
    username: Username | None = None
    spellings = {"workspace_id_camel": "workspace_id"}


class Page(ResponseModel, Generic[T]):
    """The envelope of every paginated answer: ``{current, data, pages, size, total}``.

    Whether ``current`` counts from 0 or 1 differs between examples (§12), so
    it is reported as received and not used for arithmetic.
    """

    current: int | None = None
    data: list[T] = Field(default_factory=list)
    pages: int | None = None
    size: int | None = None
    total: int | None = None

    @property
    def items(self) -> list[T]:
        return self.data


NotebookPage = Page[Notebook]
