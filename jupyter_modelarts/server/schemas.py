"""The models of the REST API (docs/rest-api.md): what the browser may send and what it gets back.

``GET openapi.json`` is generated from them, and the front end's types from that
(``jlpm generate:contract``). Views add to the ModelArts contract models only
what a person needs and ModelArts does not compute: lease deadlines on the
*server's* clock, resource summaries; and never the instance token, except
:class:`OpenView`. The params are the extension's own queries and small bodies
(the ModelArts bodies are the core's contract models); on the core's request
bases, unknown parameters are refused and every problem is listed exactly like
a ModelArts field. No tornado here: the magics and the CLI may reuse them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from jupyter_modelarts.core.contract import (
    Flavor,
    FlavorCategory,
    Image,
    Lease,
    Notebook,
    NotebookPage,
    NotebookStatus,
)
from jupyter_modelarts.core.contract.base import CaseInsensitive, QueryModel, RequestModel
from jupyter_modelarts.core.contract.fields import Name, NonEmpty, Offset
from jupyter_modelarts.core.contract.listing import Limit, NameFilter
from jupyter_modelarts.core.errors import FieldProblem

T = TypeVar("T")

EndpointKind = Literal["cloud", "simulator", "unknown"]


class View(BaseModel):
    """Views are built by our code, so unknown fields are a bug, not input."""

    model_config = ConfigDict(extra="forbid")


class ProblemView(View):
    location: str = Field(description="dotted path with its source first, e.g. body.volume.capacity")
    rule: str
    value: str | None = None

    @classmethod
    def of(cls, problem: FieldProblem) -> ProblemView:
        return cls(location=problem.location, rule=problem.rule, value=problem.value)


class ErrorView(View):
    """Every error answer's body (APIHandler's ``message``/``reason`` plus our details)."""

    message: str
    reason: str | None = None
    code: str | None = Field(default=None, description="ModelArts or gateway error code, e.g. ModelArts.6309")
    request_id: str | None = None
    problems: list[ProblemView] = Field(default_factory=list)


class QuotaView(View):
    used: int | None = None
    quota: int | None = None


class PollHints(View):
    fast_seconds: float = Field(description="poll interval while an instance is in a transitional status")
    slow_seconds: float = Field(description="poll interval while every instance is settled")


class StatusView(View):
    version: str
    configured: bool
    problems: list[str] = Field(default_factory=list, description="why it is not configured, one line each")
    hint: str | None = Field(default=None, description="what to do about the problems")
    region: str | None = None
    project_id: str | None = None
    endpoint: str | None = None
    endpoint_source: str | None = None
    endpoint_kind: EndpointKind = "unknown"
    credential_source: str | None = None
    quota: QuotaView | None = None
    poll: PollHints
    legacy_api: bool = False
    max_lease_ms: int | None = None
    server_time_ms: int


class AcceleratorView(View):
    kind: Literal["GPU", "NPU"]
    count: int | None = None
    type: str | None = None
    memory: str | None = None


class FlavorView(View):
    id: str
    name: str | None = None
    description: str | None = None
    category: str | None = Field(default=None, description="CPU, GPU or ASCEND")
    arch: str | None = Field(default=None, description="X86_64 or AARCH64")
    feature: str | None = None
    vcpus: int | None = None
    memory_gib: float | None = None
    accelerator: AcceleratorView | None = None
    free: bool = False
    sold_out: bool = False
    storages: list[str] = Field(default_factory=list)

    @classmethod
    def of(cls, flavor: Flavor) -> FlavorView:
        accelerator: AcceleratorView | None = None
        if flavor.gpu is not None and (flavor.gpu.gpu or 0) > 0:
            accelerator = AcceleratorView(
                kind="GPU", count=flavor.gpu.gpu, type=flavor.gpu.type, memory=flavor.gpu.gpu_memory
            )
        elif flavor.ascend is not None and (flavor.ascend.npu or 0) > 0:
            accelerator = AcceleratorView(
                kind="NPU", count=flavor.ascend.npu, type=flavor.ascend.type, memory=flavor.ascend.npu_memory
            )
        return cls(
            id=flavor.id or "",
            name=flavor.name,
            description=flavor.description,
            category=_text(flavor.category),
            arch=_text(flavor.arch).upper() if flavor.arch else None,
            feature=_text(flavor.feature),
            vcpus=flavor.vcpus,
            memory_gib=flavor.memory_gib,
            accelerator=accelerator,
            free=bool(flavor.free),
            sold_out=bool(flavor.sold_out),
            storages=list(flavor.storages or []),
        )


class ImageView(View):
    id: str
    name: str | None = None
    tag: str | None = None
    description: str | None = None
    arch: str | None = None
    categories: list[str] = Field(default_factory=list, description="resource categories it runs on")
    dev_services: list[str] = Field(default_factory=list)
    swr_path: str | None = None
    type: str | None = None

    @classmethod
    def of(cls, image: Image) -> ImageView:
        categories = image.support_res_categories or image.resource_categories or []
        return cls(
            id=image.id or "",
            name=image.name,
            tag=image.tag,
            description=image.description,
            arch=_text(image.arch).upper() if image.arch else None,
            categories=[_text(c) for c in categories],
            dev_services=list(image.dev_services or []),
            swr_path=image.swr_path,
            type=_text(image.type),
        )


class NotebookView(Notebook):
    """A notebook as the browser sees it: no token, plus the lease on the server's clock."""

    token: str | None = Field(default=None, exclude=True, repr=False)
    lease_deadline_ms: int | None = None
    lease_remaining_ms: int | None = None
    server_time_ms: int | None = None

    @classmethod
    def of(cls, notebook: Notebook, server_now_ms: int) -> NotebookView:
        # The notebook was validated when it was parsed: its values are copied, not validated
        # again. The token is never copied.
        values: dict[str, Any] = {
            name: getattr(notebook, name) for name in notebook.model_fields_set if name != "token"
        }
        values.update((notebook.model_extra or {}).items())
        lease = notebook.lease if _text(notebook.status) == "RUNNING" else None  # no deadline otherwise
        values.update(
            lease_deadline_ms=lease.deadline_ms if lease else None,
            lease_remaining_ms=lease.remaining_ms(server_now_ms) if lease else None,
            server_time_ms=server_now_ms,
        )
        return cls.model_construct(**values)


class NotebookPageView(View):
    current: int | None = None
    pages: int | None = None
    size: int | None = None
    total: int | None = None
    items: list[NotebookView]
    server_time_ms: int

    @classmethod
    def of(cls, page: NotebookPage, server_now_ms: int) -> NotebookPageView:
        return cls(
            current=page.current,
            pages=page.pages,
            size=page.size,
            total=page.total,
            items=[NotebookView.of(notebook, server_now_ms) for notebook in page.data],
            server_time_ms=server_now_ms,
        )


class LeaseView(View):
    create_at: int | None = None
    duration: int | None = None
    enable: bool | None = None
    type: str | None = None
    update_at: int | None = None
    deadline_ms: int | None = None
    remaining_ms: int | None = None
    server_time_ms: int

    @classmethod
    def of(cls, lease: Lease, server_now_ms: int) -> LeaseView:
        return cls(
            create_at=lease.create_at,
            duration=lease.duration,
            enable=lease.enable,
            type=_text(lease.type),
            update_at=lease.update_at,
            deadline_ms=lease.deadline_ms,
            remaining_ms=lease.remaining_ms(server_now_ms),
            server_time_ms=server_now_ms,
        )


class OpenView(View):
    """The only answer that carries the instance token: the user asked to open it."""

    url: str
    token: str


class Items(View, Generic[T]):
    items: list[T]


_Search = Annotated[str, StringConstraints(min_length=1, max_length=128)]


class FlavorsParams(QueryModel):
    """``GET flavors``."""

    category: CaseInsensitive[FlavorCategory] | None = Field(default=None, description="CPU, GPU or ASCEND")
    refresh: bool = Field(default=False, description="1 to bypass the catalogue cache")


class ImagesParams(QueryModel):
    """``GET images``."""

    flavor: NonEmpty | None = Field(
        default=None,
        description="a flavor id that GET flavors offers (another is a 400): only images that run on it "
        "(category and architecture)",
    )
    name: _Search | None = Field(default=None, description="part of the image name or tag, any letter case")
    refresh: bool = Field(default=False, description="1 to bypass the catalogue cache")


class NotebooksParams(QueryModel):
    """``GET notebooks``: a page of the user's notebooks (``all=1``: every user's)."""

    status: CaseInsensitive[NotebookStatus] | None = None
    name: NameFilter | None = Field(default=None, description="part of the name")
    offset: Offset | None = None
    limit: Limit | None = Field(default=None, description="page size, 1–50 (ModelArts default 10)")
    all: bool = Field(default=False, description="1 for every user's notebooks (the admin view)")

    def upstream(self) -> dict[str, object]:
        """The ModelArts list query these parameters stand for."""
        return self.model_dump(mode="json", exclude={"all"}, exclude_none=True)


class PresetLaunchBody(RequestModel):
    """Optional body of ``POST presets/{slug}/launch``."""

    name: Name | None = Field(
        default=None, description="instance name; default: the preset's next free <name_prefix>N"
    )


Method = Literal["get", "post", "put", "patch", "delete"]
# What operations that call ModelArts may answer besides success (openapi.py describes each code).
UPSTREAM_ERRORS = (400, 403, 404, 409, 502, 503, 504)


@dataclass(frozen=True)
class Operation:
    """One documented endpoint: its method and path, what it takes and what it answers."""

    method: Method
    path: str  # relative to <base_url>/modelarts, with {id} placeholders
    summary: str
    answer: type[BaseModel] | None  # None: a free-form JSON object
    status: int = 200
    body: type[BaseModel] | None = None
    body_required: bool = True
    query: type[BaseModel] | None = None
    errors: tuple[int, ...] = UPSTREAM_ERRORS
    legacy: bool = False


def _text(value: object) -> str:
    # Lenient enums hold either an Enum member or the raw upstream string.
    return str(getattr(value, "value", value))
