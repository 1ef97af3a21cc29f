"""ModelArtsClient: one async method per notebook operation, typed in and out.

Every front end reaches ModelArts through this class. On top of the transport
(core/http.py), input is checked before anything is sent (a contract model or a
plain dict, so a caller gets one ContractError listing every problem, path ids
included); answers become response models (one that does not fit is an
UpstreamError); and a state change is re-sent only when that is provably safe
(:meth:`ModelArtsClient._checked`; a create never is).

One client serves one endpoint and one set of credentials, and lives on the
event loop of its first call (httpx connections cannot move between loops).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any, Protocol, Self, TypeVar

import httpx
from pydantic import BaseModel

from jupyter_modelarts.core.auth.credentials import ResolvedCredentials
from jupyter_modelarts.core.contract import limits
from jupyter_modelarts.core.contract.base import RequestModel
from jupyter_modelarts.core.contract.catalog import (
    Flavor,
    FlavorListQuery,
    FlavorPage,
    Image,
    ImageListQuery,
    ImagePage,
    Quota,
    SwitchableFlavorsQuery,
)
from jupyter_modelarts.core.contract.enums import NotebookStatus
from jupyter_modelarts.core.contract.lease import Lease, LeaseRenewRequest, StartQuery
from jupyter_modelarts.core.contract.listing import NotebookListQuery, NotebookPage, Page
from jupyter_modelarts.core.contract.notebook import NotebookCreateRequest, NotebookUpdateRequest
from jupyter_modelarts.core.contract.responses import Notebook
from jupyter_modelarts.core.contract.validation import parse_request, to_query, to_upstream_json
from jupyter_modelarts.core.errors import (
    ConfigurationError,
    ContractError,
    ErrorKind,
    FieldProblem,
    UpstreamError,
    preview,
)
from jupyter_modelarts.core.http import EndpointKind, RetryMode, RetryPolicy, Transport

S = NotebookStatus

log = logging.getLogger(__name__)

M = TypeVar("M", bound=RequestModel)
R = TypeVar("R", bound=BaseModel)
# A plain dict given instead of a contract model; it is validated like the model would be.
NotebookInput = Mapping[str, Any]
DEFAULT_RETRY = RetryPolicy()
_PAGE_GUARD = 10_000  # no listing has this many pages; stops a server that never says "last page"
_ID_RULES = {"notebook_id": "must be a notebook id (a UUID)", "image_id": "must be an image id (a UUID)"}


def id_problems(name: str, value: object) -> list[FieldProblem]:
    """The problems of a notebook or image id given in a path (none when it is a UUID)."""
    if isinstance(value, str) and limits.UUID_PATTERN.fullmatch(value):
        return []
    rule = _ID_RULES[name] if isinstance(value, str) else "must be a string"
    return [FieldProblem(f"path.{name}", rule, preview(value))]


def _validate(model_cls: type[M], data: M | object, *path_ids: tuple[str, object]) -> M:
    """``data`` as ``model_cls``; one ContractError listing path and body problems together."""
    problems = [problem for name, value in path_ids for problem in id_problems(name, value)]
    return parse_request(model_cls, data, path_problems=problems)


def _path_id(name: str, value: str) -> str:
    """A checked path id, lower-cased: a UUID is the same in any case, but ModelArts knows only lowercase."""
    problems = id_problems(name, value)
    if problems:
        raise ContractError(problems)
    return value.lower()


def _notebook_path(notebook_id: str, suffix: str = "") -> str:
    return f"/notebooks/{_path_id('notebook_id', notebook_id)}{suffix}"


class _HasId(Protocol):
    @property
    def id(self) -> str | None: ...


T = TypeVar("T", bound=_HasId)
Q = TypeVar("Q", NotebookListQuery, FlavorListQuery, ImageListQuery)


class ModelArtsClient:
    """The ModelArts notebook API of one project (see the module docstring)."""

    def __init__(
        self,
        endpoint: str,
        credentials: ResolvedCredentials,
        *,
        project_id: str | None = None,
        timeout: float = 30.0,
        connect_timeout: float = 10.0,
        retry: RetryPolicy = DEFAULT_RETRY,
        max_connections: int = 20,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        if project_id is not None and not limits.PROJECT_ID_PATTERN.match(project_id):
            raise ConfigurationError(
                "The project ID given to the ModelArts client is not a project ID "
                f"(got {len(project_id)} characters).",
                hint="A project ID is 32 lower-case hexadecimal characters.",
            )
        self.project_id = project_id or credentials.require_project_id()
        self.credential_source = credentials.source
        self.credential_kind = credentials.kind
        # The project in the URL and the signed X-Project-Id header must agree.
        creds = replace(credentials.credentials, project_id=self.project_id)
        self.transport = Transport(
            endpoint,
            creds,
            timeout=timeout,
            connect_timeout=connect_timeout,
            retry=retry,
            max_connections=max_connections,
            http_client=http_client,
        )
        self.endpoint = self.transport.endpoint
        self._loop: asyncio.AbstractEventLoop | None = None
        self.closed = False

    def __repr__(self) -> str:
        return (
            f"ModelArtsClient({self.endpoint!r}, project_id={self.project_id!r}, "
            f"credentials={self.credential_kind} from {self.credential_source})"
        )

    @property
    def endpoint_kind(self) -> EndpointKind:
        """Simulator when answers carry X-ModelArts-Simulator, cloud otherwise, unknown before any answer."""
        return self.transport.kind

    def server_now_ms(self) -> int:
        """The server's current time in UTC ms: lease arithmetic must not trust a skewed local clock."""
        return int(time.time() * 1000 + (self.transport.clock_offset_ms or 0.0))

    @property
    def event_loop(self) -> asyncio.AbstractEventLoop | None:
        """The loop this client is bound to (by its first call), None before."""
        return self._loop

    async def aclose(self) -> None:
        if self.closed:
            return
        self.closed = True
        if self._loop is not None and self._loop is not asyncio.get_running_loop():
            if not self._loop.is_closed():
                raise RuntimeError("close the ModelArtsClient on the event loop it runs on")
            return  # its connections died with their loop
        await self.transport.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def call(
        self,
        method: str,
        subpath: str,
        response: type[R] | None,
        *,
        query: Sequence[tuple[str, str]] = (),
        body: BaseModel | None = None,
        retry: RetryMode | None = None,
        safe_to_retry: Callable[[], Awaitable[bool]] | None = None,
    ) -> R | None:
        """Any operation under ``/v1/{project_id}`` (``subpath`` percent-encoded) as ``response``."""
        if self.closed:
            raise RuntimeError("the ModelArtsClient is closed")
        loop = asyncio.get_running_loop()
        if self._loop is None:
            self._loop = loop
        elif self._loop is not loop:
            raise RuntimeError("This ModelArtsClient belongs to another event loop; use it from that loop.")
        return await self.transport.call(
            method,
            f"/v1/{self.project_id}{subpath}",
            response,
            query=query,
            body=None if body is None else to_upstream_json(body),
            retry=retry,
            safe_to_retry=safe_to_retry,
        )

    async def fetch(self, response: type[R], method: str, subpath: str, **options: Any) -> R:
        """:meth:`call` for an operation that answers with a body."""
        answer = await self.call(method, subpath, response, **options)
        assert answer is not None  # a model was asked for
        return answer

    async def _checked(
        self,
        response: type[R],
        method: str,
        subpath: str,
        probe: Callable[[], Awaitable[bool | R]],
        **options: Any,
    ) -> R:
        """A state change re-sent only when ``probe`` proves the last attempt did nothing.

        The probe answers True (re-send), False (not provably safe) or the proven
        outcome, which is then the result: the caller is not told about a failure
        that is not one. A request stuck in a proxy could still land after a
        re-send; ModelArts guards these operations by state, so a late duplicate
        is refused, not repeated.
        """
        proven: list[R] = []

        async def safe_to_retry() -> bool:
            verdict = await probe()
            if isinstance(verdict, bool):
                return verdict
            proven.append(verdict)
            return False

        try:
            return await self.fetch(
                response, method, subpath, retry="checked", safe_to_retry=safe_to_retry, **options
            )
        except UpstreamError:
            if not proven:
                raise
            log.debug("%s %s: the answer was lost but the operation took effect", method, subpath)
            return proven[-1]

    async def _paginate(
        self, list_page: Callable[[Q], Awaitable[Page[T]]], filters: Q, default_limit: int
    ) -> AsyncIterator[T]:
        """Every item from ``filters.offset`` on, one page of ``limit`` at a time; each id once."""
        offset, limit = filters.offset or 0, filters.limit or default_limit
        seen: set[str | None] = set()
        for _ in range(_PAGE_GUARD):
            page = await list_page(filters.model_copy(update={"offset": offset, "limit": limit}))
            items = page.items
            fresh = [item for item in items if item.id is None or item.id not in seen]
            for item in fresh:
                seen.add(item.id)
                yield item
            offset += len(items)
            # A page without anything new means the listing moved under us or the server repeats itself.
            if len(items) < limit or not fresh or (page.total is not None and offset >= page.total):
                return

    async def create_notebook(self, request: NotebookCreateRequest | NotebookInput) -> Notebook:
        body = _validate(NotebookCreateRequest, request)
        # Never re-sent: a lost answer may hide a created (and billed) instance.
        return await self.fetch(Notebook, "POST", "/notebooks", body=body, retry="never")

    async def list_notebooks(
        self, query: NotebookListQuery | NotebookInput | None = None, *, all_users: bool = False
    ) -> NotebookPage:
        filters = _validate(NotebookListQuery, query)
        path = "/notebooks/all" if all_users else "/notebooks"
        return await self.fetch(NotebookPage, "GET", path, query=to_query(filters))

    async def iter_notebooks(
        self, query: NotebookListQuery | NotebookInput | None = None, *, all_users: bool = False
    ) -> AsyncIterator[Notebook]:
        """Every notebook matching ``query``, page after page (``limit`` is the page size)."""
        pages = functools.partial(self.list_notebooks, all_users=all_users)
        async for notebook in self._paginate(
            pages, _validate(NotebookListQuery, query), limits.LIST_LIMIT_MAX
        ):
            yield notebook

    async def list_all_notebooks(
        self, query: NotebookListQuery | NotebookInput | None = None, *, all_users: bool = False
    ) -> list[Notebook]:
        return [notebook async for notebook in self.iter_notebooks(query, all_users=all_users)]

    async def show_notebook(self, notebook_id: str) -> Notebook:
        return await self.fetch(Notebook, "GET", _notebook_path(notebook_id))

    async def update_notebook(
        self, notebook_id: str, request: NotebookUpdateRequest | NotebookInput
    ) -> Notebook:
        body = _validate(NotebookUpdateRequest, request, ("notebook_id", notebook_id))
        return await self.fetch(Notebook, "PUT", _notebook_path(notebook_id), body=body)

    async def delete_notebook(self, notebook_id: str) -> Notebook:
        """Delete (the answer says DELETING); after a lost answer, DELETED means it is already gone."""
        path = _notebook_path(notebook_id)

        async def probe() -> bool | Notebook:
            try:
                current = await self.show_notebook(notebook_id)
            except UpstreamError as error:
                if error.kind is ErrorKind.NOT_FOUND:
                    return Notebook(id=notebook_id, status=S.DELETED)
                raise
            return current if current.status == S.DELETING else True

        return await self._checked(Notebook, "DELETE", path, probe)

    async def start_notebook(
        self, notebook_id: str, query: StartQuery | NotebookInput | None = None
    ) -> Notebook:
        lease = _validate(StartQuery, query, ("notebook_id", notebook_id))
        probe = self._status_probe(
            notebook_id, resend={S.STOPPED, S.START_FAILED}, done={S.STARTING, S.RUNNING}
        )
        path = _notebook_path(notebook_id, "/start")
        return await self._checked(Notebook, "POST", path, probe, query=to_query(lease))

    async def stop_notebook(self, notebook_id: str) -> Notebook:
        path = _notebook_path(notebook_id, "/stop")
        probe = self._status_probe(notebook_id, resend={S.RUNNING}, done={S.STOPPING, S.STOPPED})
        return await self._checked(Notebook, "POST", path, probe)

    def _status_probe(
        self, notebook_id: str, *, resend: set[S], done: set[S]
    ) -> Callable[[], Awaitable[bool | Notebook]]:
        async def probe() -> bool | Notebook:
            current = await self.show_notebook(notebook_id)
            if current.status in resend:
                return True
            return current if current.status in done else False

        return probe

    async def show_lease(self, notebook_id: str) -> Lease:
        return await self.fetch(Lease, "GET", _notebook_path(notebook_id, "/lease"))

    async def renew_lease(self, notebook_id: str, request: LeaseRenewRequest | NotebookInput) -> Lease:
        body = _validate(LeaseRenewRequest, request, ("notebook_id", notebook_id))
        path = _notebook_path(notebook_id, "/lease")
        try:
            # A renew moves update_at; reading it first lets a failed attempt be told from a lost answer.
            before = (await self.show_lease(notebook_id)).update_at
        except UpstreamError:
            before = None  # e.g. not running: the renew itself will say so, and is then never re-sent
        if before is None:
            return await self.fetch(Lease, "PATCH", path, body=body, retry="never")

        async def probe() -> bool | Lease:
            lease = await self.show_lease(notebook_id)
            return True if lease.update_at == before else lease

        return await self._checked(Lease, "PATCH", path, probe, body=body)

    # The catalogue: reads only, so the transport may re-send them after any failure.

    async def list_flavors(self, query: FlavorListQuery | NotebookInput | None = None) -> FlavorPage:
        filters = _validate(FlavorListQuery, query)
        return await self.fetch(FlavorPage, "GET", "/notebooks/flavors", query=to_query(filters))

    async def all_flavors(self, query: FlavorListQuery | NotebookInput | None = None) -> list[Flavor]:
        filters = _validate(FlavorListQuery, query)
        return [flavor async for flavor in self._paginate(self.list_flavors, filters, 100)]

    async def switchable_flavors(
        self, notebook_id: str, query: SwitchableFlavorsQuery | NotebookInput | None = None
    ) -> FlavorPage:
        filters = _validate(SwitchableFlavorsQuery, query, ("notebook_id", notebook_id))
        path = _notebook_path(notebook_id, "/flavors")
        return await self.fetch(FlavorPage, "GET", path, query=to_query(filters))

    async def list_images(self, query: ImageListQuery | NotebookInput | None = None) -> ImagePage:
        filters = _validate(ImageListQuery, query)
        return await self.fetch(ImagePage, "GET", "/images", query=to_query(filters))

    async def all_images(self, query: ImageListQuery | NotebookInput | None = None) -> list[Image]:
        filters = _validate(ImageListQuery, query)
        return [
            image async for image in self._paginate(self.list_images, filters, limits.IMAGE_LIMIT_DEFAULT)
        ]

    async def show_image(self, image_id: str) -> Image:
        return await self.fetch(Image, "GET", f"/images/{_path_id('image_id', image_id)}")

    async def notebook_quota(self) -> Quota:
        """Whether notebooks are enabled in the project, and how many instances may still be created."""
        return await self.fetch(Quota, "GET", "/authoring/features/NOTEBOOK")
