"""The deprecated DevEnviron API ``/v1/{project_id}/demanager/instances`` (docs/modelarts-api.md §4.12).

Different conventions from the notebook API: lower-case enum values,
``auto_stop`` in seconds, ``error_message`` in errors, timestamps as strings.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import InitErrorDetails

from jupyter_modelarts.core.contract import limits
from jupyter_modelarts.core.contract.base import (
    CaseInsensitive,
    Lenient,
    QueryModel,
    RequestModel,
    ResponseModel,
    bounded,
    checked,
    documented,
    ecma,
    given,
    merged,
    problem_at,
    rule_error,
)
from jupyter_modelarts.core.contract.fields import Description, EvsSize, NonEmpty, Offset, WorkspaceId

# "a valid OBS bucket path ending with '/', a directory in the bucket rather
# than its root": obs://bucket/dir/ or /bucket/dir/.
_OBS_DIRECTORY = re.compile(r"(?:obs://|/)?[^/\s]+/(?:[^/\s]+/)+")
OBS_PATH_RULE = "path must be a directory inside an OBS bucket, ending with '/', such as obs://bucket/dir/"
_MIN_S, _MAX_S = limits.LEGACY_AUTO_STOP_MIN_S, limits.LEGACY_AUTO_STOP_MAX_S
AUTO_STOP_RULE = f"auto_stop duration must be {_MIN_S}–{_MAX_S} seconds (1 h–24 h)"
_NAME_RULE = f"must be 1–{limits.LEGACY_NAME_MAX} characters: letters, digits, '-' or '_'"
_LEGACY_NAME_PATTERN = re.compile(r"[A-Za-z0-9_\-]+")
_Name = Annotated[
    str,
    checked(
        lambda v: len(v) <= limits.LEGACY_NAME_MAX and _LEGACY_NAME_PATTERN.fullmatch(v) is not None,
        _NAME_RULE,
    ),
    documented(minLength=1, maxLength=limits.LEGACY_NAME_MAX, pattern=ecma(_LEGACY_NAME_PATTERN)),
]

_Limit = Annotated[int, bounded("limit must be 0 (everything) or more", 0)]


# Wire values of the old API, many of them lower case (docs/modelarts-api.md §4.12).


class LegacyStorageType(enum.StrEnum):
    OBS = "obs"
    OBSFS = "obsfs"
    EVS = "evs"


class LegacyAction(enum.StrEnum):
    START = "start"
    STOP = "stop"


class LegacyDeType(enum.StrEnum):
    NOTEBOOK = "Notebook"  # "The first letter must be capitalized."


class LegacyProvisionType(enum.StrEnum):
    DOCKER = "Docker"


class LegacySortBy(enum.StrEnum):
    NAME = "name"
    CREATION_TIMESTAMP = "creation_timestamp"


class LegacyOrder(enum.StrEnum):
    ASC = "asc"
    DESC = "desc"


class LegacyStatus(enum.StrEnum):
    CREATING = "CREATING"
    CREATE_FAILED = "CREATE_FAILED"
    STARTING = "STARTING"
    RESTARTING = "RESTARTING"
    START_FAILED = "START_FAILED"
    RUNNING = "RUNNING"
    STOPPING = "STOPPING"
    STOPPED = "STOPPED"
    UNAVAILABLE = "UNAVAILABLE"
    DELETED = "DELETED"
    RESIZING = "RESIZING"
    RESIZE_FAILED = "RESIZE_FAILED"


class LegacyLocation(RequestModel):
    path: str | None = Field(
        default=None,
        description="required for obs storage: a directory inside an OBS bucket, ending with '/', "
        "such as obs://bucket/dir/",
    )
    volume_size: EvsSize | None = None
    mount_path: str | None = None  # obsfs only; a subdirectory of /home/ma-user/work
    access_modes: str | None = None  # obsfs only; read/write or read-only (values not in the seed)


class LegacyStorage(RequestModel):
    type: CaseInsensitive[LegacyStorageType]
    location: LegacyLocation | None = Field(
        default=None, validate_default=True, description="required for obs storage (its path)"
    )

    @field_validator("location")
    @classmethod
    def _obs_directory(cls, value: LegacyLocation | None, info: ValidationInfo) -> LegacyLocation | None:
        if info.data.get("type") is not LegacyStorageType.OBS:
            return value
        if value is None:
            raise rule_error("location with an OBS path is required when type is obs")
        if value.path is None or _OBS_DIRECTORY.fullmatch(value.path) is None:
            raise merged("location", None, [problem_at(("path",), OBS_PATH_RULE, value.path)])
        return value


class LegacyAutoStop(RequestModel):
    enable: bool | None = None
    duration: Annotated[int, documented(minimum=_MIN_S, maximum=_MAX_S)] | None = Field(
        default=None, validate_default=True, description="seconds (1 h–24 h); required when enable is true"
    )
    prompt: bool | None = None

    @field_validator("duration")
    @classmethod
    def _duration(cls, value: int | None, info: ValidationInfo) -> int | None:
        if value is None:
            if info.data.get("enable") is True:
                raise rule_error("duration is required when enable is true")
            return None
        if not limits.LEGACY_AUTO_STOP_MIN_S <= value <= limits.LEGACY_AUTO_STOP_MAX_S:
            raise rule_error(AUTO_STOP_RULE)
        return value


class LegacySpec(RequestModel):
    storage: LegacyStorage
    extend_storage: list[LegacyStorage] | None = Field(default=None, description="obsfs storage only")
    auto_stop: LegacyAutoStop | None = None
    annotations: dict[str, str] | None = None

    @field_validator("extend_storage")
    @classmethod
    def _extend_only_obsfs(cls, value: list[LegacyStorage] | None) -> list[LegacyStorage] | None:
        wrong = [
            problem_at((index, "type"), "extended storage supports only obsfs", item.type.value)
            for index, item in enumerate(value or ())
            if item.type is not LegacyStorageType.OBSFS
        ]
        if wrong:
            raise merged("extend_storage", None, wrong)
        return value


class LegacyWorkspace(RequestModel):
    id: WorkspaceId | None = None


class LegacyPoolOwner(RequestModel):
    project_id: str | None = None


class LegacyPool(RequestModel):
    id: NonEmpty
    type: str | None = None
    name: str | None = None
    owner: LegacyPoolOwner | None = None


class LegacyAiProject(RequestModel):
    id: str | None = None


class LegacyCreateRequest(RequestModel):
    """``POST /v1/{project_id}/demanager/instances``."""

    name: _Name
    profile_id: NonEmpty
    description: Description | None = None
    flavor: NonEmpty
    spec: LegacySpec
    workspace: LegacyWorkspace | None = None
    pool: LegacyPool | None = None
    ai_project: LegacyAiProject | None = None


class LegacyUpdateSpec(RequestModel):
    auto_stop: LegacyAutoStop | None = None


class LegacyUpdateRequest(RequestModel):
    """``PUT /v1/{project_id}/demanager/instances/{id}``: description and auto-stop only."""

    model_config = ConfigDict(json_schema_extra={"minProperties": 1})
    description: Description | None = None
    spec: LegacyUpdateSpec | None = None

    @classmethod
    def presence_rules(cls, raw: Mapping[str, Any]) -> list[InitErrorDetails]:
        if given(raw, "description") or given(raw, "spec"):
            return []
        return [problem_at((), "give at least one field to change: description, spec", None)]


class LegacyListQuery(QueryModel):
    """``GET /v1/{project_id}/demanager/instances``.

    ``de_type`` is mandatory upstream and only ``Notebook`` exists, so it
    defaults to that.  The AI-project filter is ``ai_project`` on the OTC page;
    ``ai_project_id`` is accepted too and sent as ``ai_project``.
    """

    de_type: CaseInsensitive[LegacyDeType] = LegacyDeType.NOTEBOOK
    provision_type: CaseInsensitive[LegacyProvisionType] | None = None
    status: CaseInsensitive[LegacyStatus] | None = None
    sortby: CaseInsensitive[LegacySortBy] | None = None
    order: CaseInsensitive[LegacyOrder] | None = None
    offset: Offset | None = None
    limit: _Limit | None = Field(default=None, description="0: every instance")
    workspace_id: WorkspaceId | None = None
    pool_id: NonEmpty | None = None
    show_self: bool | None = None
    ai_project: NonEmpty | None = None
    ai_project_id: NonEmpty | None = Field(
        default=None, description="the same filter as ai_project: give one of the two"
    )

    spellings = {"ai_project_id": "ai_project"}


class LegacyActionRequest(RequestModel):
    """``POST .../demanager/instances/{id}/action``."""

    action: CaseInsensitive[LegacyAction]


class LegacyActionResult(ResponseModel):
    current_status: Lenient[LegacyStatus] | None = None
    previous_state: Lenient[LegacyStatus] | None = None


class LegacyToken(ResponseModel):
    """``GET .../demanager/instances/{id}/token``; the token stays out of repr()."""

    token: str | None = Field(default=None, repr=False)


class LegacyLocationRes(ResponseModel):
    path: str | None = None
    volume_size: int | None = None
    mount_path: str | None = None
    access_modes: str | None = None


class LegacyStorageRes(ResponseModel):
    type: Lenient[LegacyStorageType] | None = None
    location: LegacyLocationRes | None = None


class LegacyAutoStopRes(ResponseModel):
    enable: bool | None = None
    duration: int | None = None  # seconds
    prompt: bool | None = None
    stop_timestamp: int | None = None  # ms
    remain_time: int | None = None  # seconds


class LegacySpecRes(ResponseModel):
    storage: LegacyStorageRes | None = None
    extend_storage: list[LegacyStorageRes] | None = None
    auto_stop: LegacyAutoStopRes | None = None
    annotations: dict[str, Any] | None = None
    extend_params: dict[str, Any] | None = None
    failed_reasons: dict[str, Any] | None = None
    log_path: str | None = None
    custom_script_path: str | None = None


class LegacyInstance(ResponseModel):
    """A legacy instance (ids look like ``DE-7d558ef8-...``); nested parts are kept as sent."""

    id: str | None = None
    name: str | None = None
    description: str | None = None
    status: Lenient[LegacyStatus] | None = None
    creation_timestamp: str | int | None = None
    latest_update_timestamp: str | int | None = None
    profile: dict[str, Any] | None = None
    flavor: str | None = None
    flavor_details: dict[str, Any] | None = None
    pool: dict[str, Any] | None = None
    spec: LegacySpecRes | None = None
    workspace: dict[str, Any] | None = None
    ai_project: dict[str, Any] | None = None
    error_code: str | None = None
    queuing_info: dict[str, Any] | None = None
    user: dict[str, Any] | None = None
    repository: dict[str, Any] | None = None


class LegacyInstancePage(ResponseModel):
    total_count: int | None = None
    instances: list[LegacyInstance] = Field(default_factory=list)
