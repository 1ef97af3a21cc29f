"""The deprecated DevEnviron API (``/demanager/instances``) through the proxy (``c.ModelArts.legacy_api``).

Validated like the notebook API (the core's legacy contract models, every
problem at once), and held to the same admin policy where it can be: the
flavor must be allowed and the auto-stop must respect ``max_lease_hours``.
Legacy instances name a *profile*, not an image, so an administrator who
restricts images cannot have that checked: legacy creates are then refused.

As in the notebook API, only ``open`` answers carry the instance token; the
upstream ``/token`` call is used by ``open`` and not exposed on its own.
"""

from __future__ import annotations

from typing import Any

from jupyter_modelarts.core.contract import limits, parse_request
from jupyter_modelarts.core.contract.base import ecma
from jupyter_modelarts.core.errors import FieldProblem, PolicyError, UpstreamError, preview
from jupyter_modelarts.core.legacy.client import INSTANCE_ID_PATTERN, LegacyClient, instance_id_problems
from jupyter_modelarts.core.legacy.models import (
    LegacyActionRequest,
    LegacyActionResult,
    LegacyAutoStop,
    LegacyCreateRequest,
    LegacyInstance,
    LegacyInstancePage,
    LegacyListQuery,
    LegacyStatus,
    LegacyUpdateRequest,
)
from jupyter_modelarts.core.policy.rules import Policy
from jupyter_modelarts.server.errors import InstanceNotReady
from jupyter_modelarts.server.operations import Operations
from jupyter_modelarts.server.schemas import OpenView, Operation, View

_IMAGE_RULES = (
    "legacy instances name a profile, not an image, so they cannot be checked against the administrator's "
    "image rules: create a notebook with the notebook API instead"
)


def _auto_stop_ms(auto_stop: LegacyAutoStop | None) -> int:
    """The lease a legacy auto_stop stands for: seconds -> ms, or -1 when auto-stop is off."""
    if auto_stop is None or not auto_stop.enable or auto_stop.duration is None:
        return limits.LEASE_DISABLED
    return auto_stop.duration * 1000


def create_problems(request: LegacyCreateRequest, policy: Policy) -> list[FieldProblem]:
    problems = []
    if not policy.flavor_allowed(request.flavor):
        rule = f"flavor {request.flavor} is not allowed by the administrator"
        problems.append(FieldProblem("body.flavor", rule, preview(request.flavor)))
    if policy.allowed_images is not None or policy.blocked_images:
        problems.append(FieldProblem("body.profile_id", _IMAGE_RULES, preview(request.profile_id)))
    return problems + policy.lease_problems(_auto_stop_ms(request.spec.auto_stop), "body.spec.auto_stop")


def _strip_tokens(data: Any) -> Any:
    """A legacy answer keeps unknown fields; none of them may carry an instance token to the browser."""
    if isinstance(data, dict):
        return {key: _strip_tokens(value) for key, value in data.items() if key != "token"}
    if isinstance(data, list):
        return [_strip_tokens(item) for item in data]
    return data


class LegacyDeletedView(View):
    """Answer of ``DELETE legacy/instances/{id}`` (ModelArts documents no body for it)."""

    instance_id: str


class LegacyOperations(Operations):
    def _client(self) -> LegacyClient:
        return LegacyClient(self.service.client())

    async def list(self, query: object) -> dict[str, Any]:
        filters = parse_request(LegacyListQuery, query)
        return self._dump(await self._client().list(filters))

    async def create(self, body: object) -> dict[str, Any]:
        request = parse_request(LegacyCreateRequest, body)
        problems = create_problems(request, self.service.policy)
        if problems:
            raise PolicyError(problems)
        created = await self._client().create(request)
        self.log.info("jupyter-modelarts: created legacy instance %s (%s)", created.id, request.name)
        return self._dump(created)

    async def show(self, instance_id: str) -> dict[str, Any]:
        return self._dump(await self._client().show(instance_id))

    async def update(self, instance_id: str, body: object) -> dict[str, Any]:
        request = parse_request(LegacyUpdateRequest, body, path_problems=instance_id_problems(instance_id))
        if request.spec is not None and request.spec.auto_stop is not None:
            self.service.policy.check_lease(_auto_stop_ms(request.spec.auto_stop), "body.spec.auto_stop")
        return self._dump(await self._client().update(instance_id, request))

    async def remove(self, instance_id: str) -> LegacyDeletedView:
        await self._client().delete(instance_id)
        self.log.info("jupyter-modelarts: deleted legacy instance %s", instance_id)
        return LegacyDeletedView(instance_id=instance_id)

    async def action(self, instance_id: str, body: object) -> LegacyActionResult:
        request = parse_request(LegacyActionRequest, body, path_problems=instance_id_problems(instance_id))
        return await self._client().action(instance_id, request)

    async def open(self, instance_id: str, who: str) -> OpenView:
        client = self._client()
        instance = await client.show(instance_id)
        status = str(getattr(instance.status, "value", instance.status))
        if status != LegacyStatus.RUNNING.value:
            name = instance.name or instance_id
            raise InstanceNotReady(f"Instance {name} is {status}: only a RUNNING instance can be opened.")
        annotations = instance.spec.annotations if instance.spec and instance.spec.annotations else {}
        url = annotations.get("url")
        token = (await client.token(instance_id)).token
        if not isinstance(url, str) or not url or not token:
            raise UpstreamError(200, None, "ModelArts reported no URL or token for this RUNNING instance")
        self.log.info("jupyter-modelarts: %s opened legacy instance %s", who, instance_id)
        return OpenView(url=url, token=token)

    @staticmethod
    def _dump(answer: LegacyInstance | LegacyInstancePage) -> dict[str, Any]:
        return _strip_tokens(answer.model_dump(mode="json"))  # type: ignore[no-any-return]


# What GET openapi.json documents of the legacy API.
PATH_IDS = {
    "instance_id": (
        "the legacy instance's id, such as DE-7d558ef8-c73d-11ea-bd8a-0255ac100034",
        {"type": "string", "pattern": ecma(INSTANCE_ID_PATTERN)},
    ),
}
_LI = "/legacy/instances/{instance_id}"
OPERATIONS: tuple[Operation, ...] = (
    Operation("get", "/legacy/instances", "Legacy instances", LegacyInstancePage, query=LegacyListQuery,
              legacy=True),
    Operation("post", "/legacy/instances", "Create a legacy instance", LegacyInstance, 201,
              LegacyCreateRequest, legacy=True),
    Operation("get", _LI, "One legacy instance", LegacyInstance, legacy=True),
    Operation("put", _LI, "Change description or auto-stop", LegacyInstance, body=LegacyUpdateRequest,
              legacy=True),
    Operation("delete", _LI, "Delete a legacy instance", LegacyDeletedView, legacy=True),
    Operation("post", f"{_LI}/action", "Start or stop a legacy instance", LegacyActionResult,
              body=LegacyActionRequest, legacy=True),
    Operation("post", f"{_LI}/open", "URL and token of a RUNNING legacy instance", OpenView, legacy=True),
)  # fmt: skip
