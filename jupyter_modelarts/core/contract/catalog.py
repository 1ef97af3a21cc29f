"""What can be chosen when creating a notebook: flavors, images and the quota (docs/modelarts-api.md
§4.9, §4.10, §5.2)."""

from __future__ import annotations

import re
from typing import Annotated

from jupyter_modelarts.core.contract import limits
from jupyter_modelarts.core.contract.base import (
    CaseInsensitive,
    Lenient,
    QueryModel,
    ResponseModel,
    bounded,
    documented,
    ecma,
)
from jupyter_modelarts.core.contract.enums import (
    Arch,
    AscendFlavorType,
    Feature,
    FlavorCategory,
    ImageOrigin,
    ImageServiceType,
    ImageStatus,
    ImageType,
    ImageVisibility,
    PoolType,
    SortDir,
)
from jupyter_modelarts.core.contract.fields import NonEmpty, Offset, SortKey, WorkspaceId, matching
from jupyter_modelarts.core.contract.listing import Page
from jupyter_modelarts.core.contract.responses import ImageSummary, TagRes

PositiveLimit = Annotated[int, bounded("limit must be 1 or more", 1)]


class FlavorListQuery(QueryModel):
    """``GET /notebooks/flavors``; without ``limit`` every flavor is returned."""

    category: CaseInsensitive[FlavorCategory] | None = None
    type: CaseInsensitive[PoolType] | None = None
    limit: PositiveLimit | None = None
    offset: Offset | None = None
    sort_dir: CaseInsensitive[SortDir] | None = None
    sort_key: SortKey | None = None
    flavor_type: CaseInsensitive[AscendFlavorType] | None = None
    feature: CaseInsensitive[Feature] | None = None


class SwitchableFlavorsQuery(QueryModel):
    """``GET /notebooks/{id}/flavors``: flavors a stopped instance may switch to."""

    limit: PositiveLimit | None = None
    offset: Offset | None = None
    sort_key: SortKey | None = None
    sort_dir: CaseInsensitive[SortDir] | None = None


class GpuInfo(ResponseModel):
    gpu: int | None = None
    gpu_memory: str | None = None
    type: str | None = None


class AscendInfo(ResponseModel):
    npu: int | None = None
    npu_memory: str | None = None
    type: str | None = None
    chip: int | None = None


class Billing(ResponseModel):
    code: str | None = None
    unit_num: int | None = None


class Flavor(ResponseModel):
    """``NotebookFlavor``.  ``memory`` is KiB (8 GB -> 8388608); pool flavors send it as a string."""

    id: str | None = None
    name: str | None = None
    arch: Lenient[Arch] | None = None
    category: Lenient[FlavorCategory] | None = None
    description: str | None = None
    feature: Lenient[Feature] | None = None
    free: bool | None = None
    sold_out: bool | None = None
    memory: int | str | None = None
    vcpus: int | None = None
    gpu: GpuInfo | None = None
    ascend: AscendInfo | None = None
    billing: Billing | None = None
    storages: list[str] | None = None
    evs_max_size: int | str | None = None
    evs_sku_code: str | None = None
    grow_support_type: str | None = None
    support_eni: bool | None = None

    @property
    def memory_gib(self) -> float | None:
        try:
            return int(self.memory) / (1024 * 1024) if self.memory is not None else None
        except ValueError:  # a pool flavor's "64GiB"-style string
            return None


class FlavorPage(Page[Flavor]):
    """Flavor lists repeat their items under ``flavors``."""

    flavors: list[Flavor] | None = None

    @property
    def items(self) -> list[Flavor]:
        return self.data or self.flavors or []


_IMAGE_NAME = re.compile(rf"[a-z0-9._\-]{{1,{limits.IMAGE_NAME_MAX}}}")
_NAMESPACE = re.compile(rf"[a-z][A-Za-z0-9._\-]{{0,{limits.IMAGE_NAMESPACE_MAX - 1}}}")
ImageLimit = Annotated[int, bounded(f"limit must be 1–{limits.IMAGE_LIMIT_MAX}", 1, limits.IMAGE_LIMIT_MAX)]
IMAGE_NAME_RULE = f"image name must be 1–{limits.IMAGE_NAME_MAX} of a-z, 0-9, '.', '_' or '-'"
ImageName = Annotated[str, matching(_IMAGE_NAME, IMAGE_NAME_RULE), documented(pattern=ecma(_IMAGE_NAME))]
NAMESPACE_RULE = (
    f"namespace must be 1–{limits.IMAGE_NAMESPACE_MAX} of A-Z, a-z, 0-9, '.', '_', '-', starting a-z"
)
Namespace = Annotated[str, matching(_NAMESPACE, NAMESPACE_RULE), documented(pattern=ecma(_NAMESPACE))]


class ImageListQuery(QueryModel):
    """``GET /images`` (default limit 200, built-in images unless ``type`` says otherwise)."""

    limit: ImageLimit | None = None
    offset: Offset | None = None
    name: ImageName | None = None
    name_fuzzy_match: bool | None = None
    namespace: Namespace | None = None
    service_type: CaseInsensitive[ImageServiceType] | None = None
    sort_dir: CaseInsensitive[SortDir] | None = None
    sort_key: SortKey | None = None
    type: CaseInsensitive[ImageType] | None = None
    workspace_id: WorkspaceId | None = None
    show_name: NonEmpty | None = None
    show_tag: NonEmpty | None = None


class Image(ImageSummary):
    """``ImageResponse``.  ``size`` is documented in KB although examples look like bytes."""

    namespace: str | None = None
    dev_services: list[str] | None = None  # NOTEBOOK, SSH, and more in the Go enum
    resource_categories: list[Lenient[FlavorCategory]] | None = None
    support_res_categories: list[Lenient[FlavorCategory]] | None = None
    service_type: Lenient[ImageServiceType] | None = None
    origin: Lenient[ImageOrigin] | None = None
    visibility: Lenient[ImageVisibility] | None = None
    status: Lenient[ImageStatus] | None = None
    status_message: str | None = None
    size: int | None = None
    create_at: int | None = None
    update_at: int | None = None
    workspace_id: str | None = None
    flavor_type: str | None = None
    swr_instance_id: str | None = None
    show_name: str | None = None
    show_tag: str | None = None
    tags: list[TagRes] | None = None


ImagePage = Page[Image]


class Quota(ResponseModel):
    """``GET /authoring/features/NOTEBOOK``: whether notebooks are enabled and how many are left."""

    id: str | None = None
    name: str | None = None
    enabled: bool | None = None
    quota: int | None = None
    used: int | None = None
    create_at: int | None = None
    update_at: int | None = None
    user_id: str | None = None

    @property
    def remaining(self) -> int | None:
        return None if self.quota is None or self.used is None else max(0, self.quota - self.used)
