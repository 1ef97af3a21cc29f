"""What ModelArts answers about a notebook: ``NotebookResp`` (docs/modelarts-api.md §5.1).

Lenient on purpose: every field is optional (the update answer of docs/modelarts-api.md
§1 [update] is a partial object), unknown fields are kept, known enum values are normalised,
and both spellings of a field are accepted (``description``/``step_description``...).
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from jupyter_modelarts.core.contract.base import Lenient, ResponseModel
from jupyter_modelarts.core.contract.enums import (
    Arch,
    BillingItem,
    EndpointService,
    Feature,
    FlavorCategory,
    ImageType,
    JobStatus,
    NotebookStatus,
    Ownership,
    VolumeCategory,
)
from jupyter_modelarts.core.contract.lease import Lease


class JobProgress(ResponseModel):
    """One step of ``action_progress``: 1 storage, 2 compute, 3 network, 4 initialisation."""

    step: int | None = None
    status: Lenient[JobStatus] | None = None
    description: str | None = None  # the SDK's and the examples' name
    step_description: str | None = None  # the OTC pages' name
    notebook_id: str | None = None

    @property
    def text(self) -> str:
        return self.description or self.step_description or ""


class Endpoint(ResponseModel):
    """An access point of a running instance (``EndpointsRes``)."""

    service: Lenient[EndpointService] | None = None
    dev_service: Lenient[EndpointService] | None = None
    uri: str | None = None
    key_pair_names: list[str] | None = None
    ssh_keys: list[str] | None = None
    allowed_access_ips: list[str] | None = None

    @property
    def kind(self) -> str | None:
        return self.service or self.dev_service

    @property
    def keys(self) -> list[str]:
        return self.key_pair_names or self.ssh_keys or []


class VolumeRes(ResponseModel):
    category: Lenient[VolumeCategory] | None = None
    ownership: Lenient[Ownership] | None = None
    capacity: int | None = None  # GB
    mount_path: str | None = None
    status: str | None = None  # RESIZING while an EVS disk grows, and more (§5.1)
    id: str | None = None
    read_only: bool | None = None
    dew_secret_name: str | None = None
    evs_sku_code: str | None = None
    uri: str | None = None
    mount_type: str | None = None


class DataVolumeRes(ResponseModel):
    id: str | None = None
    category: Lenient[VolumeCategory] | None = None
    mount_path: str | None = None
    uri: str | None = None
    url: str | None = None
    status: str | None = None
    mount_type: str | None = None


class TagRes(ResponseModel):
    key: str | None = None
    value: str | None = None


class ImageSummary(ResponseModel):
    """The image as embedded in a notebook (a subset of :class:`catalog.Image`)."""

    id: str | None = None
    name: str | None = None
    swr_path: str | None = None
    tag: str | None = None
    type: Lenient[ImageType] | None = None
    description: str | None = None
    arch: Lenient[Arch] | None = None


class PoolRes(ResponseModel):
    id: str | None = None
    name: str | None = None


class Domain(ResponseModel):
    id: str | None = None
    name: str | None = None


class UserRes(ResponseModel):
    id: str | None = None
    name: str | None = None
    domain: Domain | None = None


class CustomSpecRes(ResponseModel):
    gpu: float | None = None
    gpu_type: str | None = None
    cpu: float | None = None
    memory: float | None = None
    arch: Lenient[Arch] | None = None
    category: Lenient[FlavorCategory] | None = None
    resource_flavor: str | None = None


class RunUserRes(ResponseModel):
    uid: int | None = None
    gid: int | None = None
    user_name: str | None = None
    group_name: str | None = None


class UserVpcRes(ResponseModel):
    vpc_id: str | None = None
    subnet_id: str | None = None
    security_group_ids: list[str] | None = None
    connect_cidrs: list[str] | str | None = None  # a list in requests, a string in the SDK response
    port_id: list[str] | str | None = None
    port_ip: str | None = None
    nat_id: str | None = None
    eip_id: str | None = None


class Notebook(ResponseModel):
    """A notebook instance as create/show/update/delete/start/stop and list return it."""

    id: str | None = None
    name: str | None = None
    description: str | None = None
    status: Lenient[NotebookStatus] | None = None
    feature: Lenient[Feature] | None = None
    flavor: str | None = None
    custom_spec: CustomSpecRes | None = None
    image: ImageSummary | None = None
    volume: VolumeRes | None = None
    data_volumes: list[DataVolumeRes] | None = None
    lease: Lease | None = None
    action_progress: list[JobProgress] | None = None
    endpoints: list[Endpoint] | None = None
    url: str | None = None
    # The instance token opens JupyterLab: kept out of repr() so that it does
    # not end up in logs; front ends drop it unless the user asked to open.
    token: str | None = Field(default=None, repr=False)
    fail_reason: str | None = None
    pool: PoolRes | None = None
    workspace_id: str | None = None
    billing_items: list[Lenient[BillingItem]] | None = None
    user: UserRes | None = None
    user_id: str | None = None
    create_at: int | None = None  # in every example, missing from the SDK model
    update_at: int | None = None
    affinity: dict[str, Any] | None = None
    run_user: RunUserRes | None = None
    ip: str | None = None
    user_vpc: UserVpcRes | None = None
    is_need_credentials: bool | None = None
    jupyter_version: str | None = None
    tags: list[TagRes] | None = None

    def endpoint(self, kind: EndpointService) -> Endpoint | None:
        return next((e for e in self.endpoints or () if e.kind == kind), None)
