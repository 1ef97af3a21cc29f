"""The deprecated DevEnviron API (``/demanager/instances``, docs/modelarts-api.md §4.12).

:class:`LegacyClient` sends through a :class:`ModelArtsClient` with only the
transport's default retry rules (create, delete and actions are never re-sent):
the old API is kept for existing instances, not extended. This package, with
server/legacy and simulator/legacy, can be removed as a whole.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, TypeVar

from jupyter_modelarts.core.client import ModelArtsClient
from jupyter_modelarts.core.contract.base import RequestModel
from jupyter_modelarts.core.contract.validation import parse_request, to_query
from jupyter_modelarts.core.errors import ContractError, FieldProblem, preview
from jupyter_modelarts.core.legacy.models import (
    LegacyActionRequest,
    LegacyActionResult,
    LegacyCreateRequest,
    LegacyInstance,
    LegacyInstancePage,
    LegacyListQuery,
    LegacyToken,
    LegacyUpdateRequest,
)

M = TypeVar("M", bound=RequestModel)
LegacyInput = Mapping[str, Any]

# Legacy ids look like DE-7d558ef8-c73d-11ea-...; anything else that is safe in a URL path is let through.
INSTANCE_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
_INSTANCE_ID_RULE = "must be a DevEnviron instance id such as DE-7d558ef8-c73d-11ea-bd8a-0255ac100034"
_BASE = "/demanager/instances"


def instance_id_problems(instance_id: object) -> list[FieldProblem]:
    """The problems of a DevEnviron instance id given in a path (none when it is usable)."""
    if isinstance(instance_id, str) and INSTANCE_ID_PATTERN.fullmatch(instance_id):
        return []
    rule = _INSTANCE_ID_RULE if isinstance(instance_id, str) else "must be a string"
    return [FieldProblem("path.instance_id", rule, preview(instance_id))]


def _validated(model_cls: type[M], data: M | object, instance_id: object = "DE-unused") -> M:
    return parse_request(model_cls, data, path_problems=instance_id_problems(instance_id))


def _path(instance_id: str, suffix: str = "") -> str:
    problems = instance_id_problems(instance_id)
    if problems:
        raise ContractError(problems)
    return f"{_BASE}/{instance_id}{suffix}"


class LegacyClient:
    def __init__(self, client: ModelArtsClient) -> None:
        self.client = client

    async def create(self, request: LegacyCreateRequest | LegacyInput) -> LegacyInstance:
        body = _validated(LegacyCreateRequest, request)
        return await self.client.fetch(LegacyInstance, "POST", _BASE, body=body, retry="never")

    async def list(self, query: LegacyListQuery | LegacyInput | None = None) -> LegacyInstancePage:
        filters = _validated(LegacyListQuery, query)
        return await self.client.fetch(LegacyInstancePage, "GET", _BASE, query=to_query(filters))

    async def show(self, instance_id: str) -> LegacyInstance:
        return await self.client.fetch(LegacyInstance, "GET", _path(instance_id))

    async def update(self, instance_id: str, request: LegacyUpdateRequest | LegacyInput) -> LegacyInstance:
        body = _validated(LegacyUpdateRequest, request, instance_id)
        return await self.client.fetch(LegacyInstance, "PUT", _path(instance_id), body=body)

    async def delete(self, instance_id: str) -> None:
        """Delete; the old API documents no answer body, so none is returned."""
        await self.client.call("DELETE", _path(instance_id), None, retry="never")

    async def action(
        self, instance_id: str, request: LegacyActionRequest | LegacyInput
    ) -> LegacyActionResult:
        """``{"action": "start"|"stop"}``; the answer has ``current_status`` and ``previous_state``."""
        body = _validated(LegacyActionRequest, request, instance_id)
        return await self.client.fetch(LegacyActionResult, "POST", _path(instance_id, "/action"), body=body)

    async def token(self, instance_id: str) -> LegacyToken:
        return await self.client.fetch(LegacyToken, "GET", _path(instance_id, "/token"))
