"""Create and update requests of ``/v1/{project_id}/notebooks`` (docs/modelarts-api.md §4.1, §4.4).

Both create documents are covered: the OTC pages (§1 [create-html]/[create-rst]/[update],
endpoint fields ``dev_service``/``ssh_keys``) and the SDK (``service``/``key_pair_names``,
custom specs, affinity, data volumes...). Where they disagree, §8 decides;
docs/contract.md lists every rule and its source.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import InitErrorDetails

from jupyter_modelarts.core.contract import limits
from jupyter_modelarts.core.contract.base import (
    CaseInsensitive,
    RequestModel,
    at_most,
    bounded,
    documented,
    given,
    no_repeats,
    problem_at,
    rule_error,
)
from jupyter_modelarts.core.contract.enums import (
    FILE_SERVICE_CATEGORIES,
    AffinityOperator,
    Arch,
    EndpointService,
    Feature,
    FlavorCategory,
    HookMode,
    HookType,
    LeaseType,
    Ownership,
    PublicNetworkType,
    VolumeCategory,
)
from jupyter_modelarts.core.contract.fields import (
    UUID_SCHEMA,
    Description,
    DewSecretName,
    EvsSize,
    Name,
    NonEmpty,
    PublicIPv4,
    Uuid,
    WorkspaceId,
    is_absolute_path,
    is_strict_base64,
)
from jupyter_modelarts.core.contract.lease import LeaseRequest, TimingDuration, check_duration

EVS_CAPACITY_RULE = f"EVS capacity must be {limits.EVS_MIN_GB}–{limits.EVS_MAX_GB} GB"
CAPACITY_RULE = f"capacity must be 1–{limits.VOLUME_MAX_GB} GB"
EFS_ID_RULE = "id (the SFS Turbo file system UUID) is required for EFS with DEDICATED ownership"
BOTH_LEASES_RULE = "give either 'duration' or 'lease', not both: ModelArts ignores 'lease' when both are set"
IPS_RULE = f"at most {limits.ALLOWED_ACCESS_IPS_MAX} IP addresses"
WEIGHT_RULE = f"weight must be 0–{limits.AFFINITY_WEIGHT_MAX}"


class VolumeMount(RequestModel):
    """``volume`` and each of ``data_volumes`` (``VolumeMountRequest``)."""

    # Declared first: the rules of the fields below read them from info.data.
    category: CaseInsensitive[VolumeCategory]
    ownership: CaseInsensitive[Ownership] = Field(description="DEDICATED is not available for EVS")
    capacity: Annotated[int, documented(minimum=1, maximum=limits.VOLUME_MAX_GB)] | None = Field(
        default=None, description=f"GB; EVS disks {limits.EVS_MIN_GB}–{limits.EVS_MAX_GB}"
    )
    uri: Annotated[str, documented(minLength=1, maxLength=limits.URI_MAX)] | None = Field(
        default=None, validate_default=True, description="required when ownership is DEDICATED"
    )
    id: Annotated[str, documented(**UUID_SCHEMA)] | None = Field(
        default=None,
        validate_default=True,
        description="the SFS Turbo file system's UUID, required for EFS/SFS with DEDICATED ownership",
    )
    mount_path: Annotated[str, Field(max_length=limits.MOUNT_PATH_MAX)] | None = None
    read_only: bool | None = None
    dew_secret_name: DewSecretName | None = Field(
        default=None,
        validate_default=True,
        description="the DEW secret holding the OBS AK/SK, required for OBS",
    )

    @field_validator("ownership")
    @classmethod
    def _dedicated_needs_file_or_object_storage(cls, value: Ownership, info: ValidationInfo) -> Ownership:
        if value is Ownership.DEDICATED and info.data.get("category") is VolumeCategory.EVS:
            raise rule_error("DEDICATED ownership is not available for EVS (only EFS/SFS, OBS and OBSFS)")
        return value

    @field_validator("capacity")
    @classmethod
    def _capacity_in_range(cls, value: int | None, info: ValidationInfo) -> int | None:
        if value is None:
            return None
        if info.data.get("category") is VolumeCategory.EVS:
            if not limits.EVS_MIN_GB <= value <= limits.EVS_MAX_GB:
                raise rule_error(EVS_CAPACITY_RULE)
        elif not 1 <= value <= limits.VOLUME_MAX_GB:
            raise rule_error(CAPACITY_RULE)
        return value

    @field_validator("uri")
    @classmethod
    def _uri_for_dedicated(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None and info.data.get("ownership") is Ownership.DEDICATED:
            raise rule_error("uri is required when ownership is DEDICATED")
        if value is not None and not 1 <= len(value) <= limits.URI_MAX:
            raise rule_error(f"uri must be 1–{limits.URI_MAX} characters")
        return value

    @field_validator("id")
    @classmethod
    def _id_for_dedicated_file_service(cls, value: str | None, info: ValidationInfo) -> str | None:
        dedicated = info.data.get("ownership") is Ownership.DEDICATED
        if value is None and dedicated and info.data.get("category") in FILE_SERVICE_CATEGORIES:
            raise rule_error(EFS_ID_RULE)
        if value is not None and limits.UUID_PATTERN.fullmatch(value) is None:
            raise rule_error("id must be the UUID of an SFS Turbo file system")
        return value

    @field_validator("dew_secret_name")
    @classmethod
    def _secret_for_obs(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None and info.data.get("category") is VolumeCategory.OBS:
            raise rule_error("dew_secret_name (the DEW secret holding the OBS AK/SK) is required for OBS")
        return value


AccessIps = Annotated[
    list[PublicIPv4],
    at_most(limits.ALLOWED_ACCESS_IPS_MAX, IPS_RULE),
    no_repeats("IP address"),
    documented(maxItems=limits.ALLOWED_ACCESS_IPS_MAX, uniqueItems=True),
]
KeyPairNames = Annotated[list[NonEmpty], no_repeats("key pair"), documented(uniqueItems=True)]


class EndpointRequest(RequestModel):
    """One entry of ``endpoints``; both documented spellings are accepted.

    After validation the OTC spelling (``dev_service``, ``ssh_keys``) is moved
    to the SDK spelling (``service``, ``key_pair_names``), which is what goes
    upstream.
    """

    service: CaseInsensitive[EndpointService] | None = None
    dev_service: CaseInsensitive[EndpointService] | None = Field(
        default=None, description="the same as service (the older name): give one of the two"
    )
    key_pair_names: KeyPairNames | None = None
    ssh_keys: KeyPairNames | None = Field(
        default=None, description="the same as key_pair_names (the older name): give one of the two"
    )
    allowed_access_ips: AccessIps | None = None
    spellings = {"dev_service": "service", "ssh_keys": "key_pair_names"}


class HookConfig(RequestModel):
    """``hooks.container_hooks.pre_start`` / ``post_start``."""

    type: CaseInsensitive[HookType] = HookType.SCRIPT
    mode: CaseInsensitive[HookMode] | None = None
    script: str = Field(
        description="SCRIPT: an absolute path such as /home/ma-user/init.sh; "
        "COMMAND: non-empty, strictly base64-encoded content"
    )

    @field_validator("script")
    @classmethod
    def _script_matches_type(cls, value: str, info: ValidationInfo) -> str:
        hook_type = info.data.get("type")
        if hook_type is HookType.COMMAND and not is_strict_base64(value):
            raise rule_error("a COMMAND hook's script must be non-empty, strictly base64-encoded content")
        if hook_type is HookType.SCRIPT and not is_absolute_path(value):
            raise rule_error("a SCRIPT hook's script must be an absolute path such as /home/ma-user/init.sh")
        return value


class ContainerHooks(RequestModel):
    pre_start: HookConfig | None = None
    post_start: HookConfig | None = None


class CustomHooks(RequestModel):
    container_hooks: ContainerHooks | None = None


class CustomSpec(RequestModel):
    """``custom_spec`` for dedicated pools: all four basics are required there (SDK)."""

    cpu: Annotated[float, bounded("cpu must be at least 0.4", limits.CUSTOM_SPEC_CPU_MIN)]
    memory: Annotated[int, bounded("memory must be ≥ 513", limits.CUSTOM_SPEC_MEMORY_MIN)]
    arch: CaseInsensitive[Arch]
    category: CaseInsensitive[FlavorCategory]
    gpu: Annotated[float, bounded("gpu must not be negative", 0)] | None = None
    gpu_type: str | None = None
    resource_flavor: str | None = None


class AffinityRule(RequestModel):
    key: NonEmpty
    operator: CaseInsensitive[AffinityOperator]
    values: list[str] | None = None
    weight: Annotated[int, bounded(WEIGHT_RULE, 0, limits.AFFINITY_WEIGHT_MAX)] | None = None


class Affinity(RequestModel):
    required_during_scheduling_ignored_during_execution: list[AffinityRule] | None = None
    preferred_during_scheduling_ignored_during_execution: list[AffinityRule] | None = None


class RunUser(RequestModel):
    uid: Annotated[int, Field(ge=0)] | None = None
    gid: Annotated[int, Field(ge=0)] | None = None


class UserVpc(RequestModel):
    vpc_id: str | None = None
    subnet_id: str | None = None
    security_group_ids: list[str] | None = None
    connect_cidrs: list[str] | None = None
    nat_id: str | None = None
    eip_id: str | None = None


class PublicNetworkConfig(RequestModel):
    public_network_type: CaseInsensitive[PublicNetworkType]


Endpoints = list[EndpointRequest]
DataVolumes = Annotated[
    list[VolumeMount],
    at_most(limits.DATA_VOLUMES_MAX, f"at most {limits.DATA_VOLUMES_MAX} data volumes"),
    documented(maxItems=limits.DATA_VOLUMES_MAX),
]


class NotebookCreateRequest(RequestModel):
    """``POST /v1/{project_id}/notebooks``."""

    name: Name
    description: Description | None = None
    feature: CaseInsensitive[Feature] | None = None
    workspace_id: WorkspaceId | None = None
    pool_id: NonEmpty | None = None
    image_id: Uuid
    flavor: NonEmpty | None = Field(default=None, description="required unless custom_spec is given")
    custom_spec: CustomSpec | None = None
    volume: VolumeMount
    duration: TimingDuration | None = Field(default=None, description=BOTH_LEASES_RULE)
    lease: LeaseRequest | None = None
    endpoints: Endpoints | None = None
    hooks: CustomHooks | None = None
    affinity: Affinity | None = None
    run_user: RunUser | None = None
    data_volumes: DataVolumes | None = None
    user_vpc: UserVpc | None = None
    public_network_config: PublicNetworkConfig | None = None

    @classmethod
    def presence_rules(cls, raw: Mapping[str, Any]) -> list[InitErrorDetails]:
        problems = []
        if not given(raw, "flavor") and not given(raw, "custom_spec"):
            problems.append(problem_at(("flavor",), "flavor is required unless custom_spec is given", None))
        if given(raw, "duration") and given(raw, "lease"):
            problems.append(problem_at(("lease",), BOTH_LEASES_RULE, raw["lease"]))
        return problems

    @field_validator("duration")
    @classmethod
    def _duration_in_range(cls, value: int | None, info: ValidationInfo) -> int | None:
        # A top-level duration is always a TIMING lease (docs/modelarts-api.md §1 [create-html]/[create-rst]).
        return check_duration(value, info, forced=LeaseType.TIMING)


class NotebookUpdateRequest(RequestModel):
    """``PUT /v1/{project_id}/notebooks/{id}``: every field optional, at least one given."""

    model_config = ConfigDict(json_schema_extra={"minProperties": 1})
    name: Name | None = None
    description: Description | None = None
    flavor: NonEmpty | None = None
    custom_spec: CustomSpec | None = None
    image_id: Uuid | None = None
    storage_new_size: EvsSize | None = None
    endpoints: Endpoints | None = None
    hooks: CustomHooks | None = None
    affinity: Affinity | None = None
    dew_secret_name: DewSecretName | None = None
    data_volumes: DataVolumes | None = None
    public_network_config: PublicNetworkConfig | None = None

    @classmethod
    def presence_rules(cls, raw: Mapping[str, Any]) -> list[InitErrorDetails]:
        if any(given(raw, name) for name in cls.model_fields):
            return []
        return [problem_at((), "give at least one field to change: " + ", ".join(cls.model_fields), None)]
