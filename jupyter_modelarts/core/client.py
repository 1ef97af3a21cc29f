"""ModelArtsClient: one async method per notebook operation, typed in and out.

Every front end reaches ModelArts through this class (the server extension
directly, magics and CLI through core.sync).  It adds three things to the
transport (core.http):

* Input is checked before anything is sent: a method takes a contract model
  or a plain dict, which goes through ``parse_request`` so that a caller gets
  one ContractError listing every problem (path ids included).
* Answers become response models; an answer that does not fit becomes an
  UpstreamError instead of a crash deep inside a front end.
* Operations that change state are retried only when it is provably safe:
  GET and PUT are idempotent, create is never re-sent, and start, stop,
  delete and renew are re-sent only after a fresh read shows the first
  attempt has not taken effect (see ``_checked``).

One client serves one endpoint and one set of credentials, and lives on the
event loop of its first call (httpx connections cannot move between loops).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any, Literal, Protocol, TypeAlias, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from .client_legacy import LegacyOperations
from .credentials import ResolvedCredentials, auth_headers
from .errors import ConfigurationError, ContractError, ErrorKind, FieldProblem, UpstreamError, preview
from .http import Answer, Authenticator, RetryMode, RetryPolicy, Transport
from .models import (
    Flavor,
    FlavorListQuery,
    FlavorPage,
    Image,
    ImageListQuery,
    ImagePage,
    Lease,
    LeaseRenewRequest,
    Notebook,
    NotebookCreateRequest,
    NotebookListQuery,
    NotebookPage,
    NotebookStatus,
    NotebookUpdateRequest,
    Quota,
    RequestModel,
    StartQuery,
    SwitchableFlavorsQuery,
    limits,
    parse_request,
    to_query,
    to_upstream_json,
)
from .secrets import Credentials

__all__ = ["EndpointKind", "ModelArtsClient", "NotebookInput"]

log = logging.getLogger(__name__)

M = TypeVar("M", bound=RequestModel)
R = TypeVar("R", bound=BaseModel)
EndpointKind = Literal["unknown", "simulator", "cloud"]
NotebookInput = Mapping[str, Any]
SIMULATOR_HEADER = "X-ModelArts-Simulator"
DEFAULT_RETRY = RetryPolicy()  # frozen, so one shared default is safe

# Path ids are checked here because they become part of the signed URL.
_ID_RULES = {
    "notebook_id": (limits.UUID_PATTERN, "must be a notebook id (a UUID)"),
    "image_id": (limits.UUID_PATTERN, "must be an image id (a UUID)"),
}
_PAGE_GUARD = 10_000  # no listing has this many pages; stops a server that never says "last page"


class _HasId(Protocol):
    @property
    def id(self) -> str | None: ...


T = TypeVar("T", bound=_HasId)
# The probe of a checked call answers: True = re-send is safe, False = not provably safe,
# or the proven outcome (the operation took effect; this is its result).
Verdict: TypeAlias = bool | R


def id_problems(name: str, value: object) -> list[FieldProblem]:
    pattern, rule = _ID_RULES[name]
    if isinstance(value, str) and pattern.fullmatch(value):
        return []
    return [
        FieldProblem(f"path.{name}", rule if isinstance(value, str) else "must be a string", preview(value))
    ]


def validate(model_cls: type[M], data: M | object, *path_ids: tuple[str, object]) -> M:
    """``data`` as ``model_cls``; one ContractError listing path and body problems together."""
    problems = [problem for name, value in path_ids for problem in id_problems(name, value)]
    try:
        model = data if isinstance(data, model_cls) else parse_request(model_cls, data)
    except ContractError as error:
        raise ContractError([*problems, *error.problems]) from None
    if problems:
        raise ContractError(problems)
    return model


def check_ids(*path_ids: tuple[str, object]) -> None:
    problems = [problem for name, value in path_ids for problem in id_problems(name, value)]
    if problems:
        raise ContractError(problems)


def _authenticator(creds: Credentials) -> Authenticator:
    def authenticate(
        *,
        method: str,
        host: str,
        path: str,
        query: list[tuple[str, str]],
        headers: dict[str, str],
        body: bytes,
    ) -> tuple[dict[str, str], str]:
        parts = auth_headers(creds, method, host, path, query, headers, body)
        return parts.headers, parts.query_string

    return authenticate


class ModelArtsClient(LegacyOperations):
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
                f"The project ID given to the ModelArts client is not a project ID (got {len(project_id)} "
                "characters).",
                hint="A project ID is 32 lower-case hexadecimal characters.",
            )
        self.project_id = project_id or credentials.require_project_id()
        # The project in the URL and the signed X-Project-Id header must agree.
        creds = replace(credentials.credentials, project_id=self.project_id)
        self.credential_source = credentials.source
        self.credential_kind = credentials.kind
        self._kind: EndpointKind = "unknown"
        self._owned_http = http_client is None
        # Our own httpx client gets a response hook, so error answers also tell simulator from cloud.
        self._http = http_client or httpx.AsyncClient(
            limits=httpx.Limits(max_connections=max_connections),
            follow_redirects=False,
            event_hooks={"response": [self._note_response]},
        )
        self._transport = Transport(
            endpoint, _authenticator(creds), timeout=timeout, connect_timeout=connect_timeout,
            retry=retry, max_connections=max_connections, http_client=self._http,
        )  # fmt: skip
        self.endpoint = self._transport.endpoint
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closed = False

    def __repr__(self) -> str:
        return (
            f"ModelArtsClient({self.endpoint!r}, project_id={self.project_id!r}, "
            f"credentials={self.credential_kind} from {self.credential_source})"
        )

    # -- connection facts -----------------------------------------------------

    @property
    def endpoint_kind(self) -> EndpointKind:
        """Simulator when answers carry X-ModelArts-Simulator, cloud otherwise, unknown before any answer."""
        return self._kind

    @property
    def server_clock_offset_ms(self) -> float | None:
        return self._transport.server_clock_offset_ms

    def server_now_ms(self) -> int:
        """The server's current time in UTC ms: lease arithmetic must not trust a skewed local clock."""
        return int(time.time() * 1000 + (self._transport.server_clock_offset_ms or 0.0))

    @property
    def event_loop(self) -> asyncio.AbstractEventLoop | None:
        """The loop this client is bound to (by its first call), None before."""
        return self._loop

    @property
    def closed(self) -> bool:
        return self._closed

    async def _note_response(self, response: httpx.Response) -> None:
        self._note_headers(response.headers)

    def _note_headers(self, headers: httpx.Headers) -> None:
        self._kind = "simulator" if SIMULATOR_HEADER in headers else "cloud"

    def _bind_loop(self) -> None:
        loop = asyncio.get_running_loop()
        if self._loop is None:
            self._loop = loop
        elif self._loop is not loop:
            raise RuntimeError(
                "This ModelArtsClient belongs to another event loop; use it from that loop, "
                "or through SyncModelArtsClient from synchronous code."
            )

    async def aclose(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._loop is not None and self._loop is not asyncio.get_running_loop():
            if not self._loop.is_closed():
                raise RuntimeError("close the ModelArtsClient on the event loop it runs on")
            return  # its connections died with their loop
        await self._transport.aclose()
        if self._owned_http:
            await self._http.aclose()

    async def __aenter__(self) -> ModelArtsClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # -- plumbing ---------------------------------------------------------------

    _validate = staticmethod(validate)

    async def _send(
        self,
        method: str,
        subpath: str,
        *,
        query: Sequence[tuple[str, str]] = (),
        body: BaseModel | None = None,
        retry: RetryMode | None = None,
        safe_to_retry: Callable[[], Awaitable[bool]] | None = None,
    ) -> Answer:
        if self._closed:
            raise RuntimeError("the ModelArtsClient is closed")
        self._bind_loop()
        answer = await self._transport.request(
            method,
            f"/v1/{self.project_id}{subpath}",
            query=query,
            body=None if body is None else to_upstream_json(body),
            retry=retry,
            safe_to_retry=safe_to_retry,
        )
        self._note_headers(answer.headers)
        return answer

    async def _fetch(
        self,
        response: type[R],
        method: str,
        subpath: str,
        *,
        query: Sequence[tuple[str, str]] = (),
        body: BaseModel | None = None,
        retry: RetryMode | None = None,
    ) -> R:
        answer = await self._send(method, subpath, query=query, body=body, retry=retry)
        return self._parse(response, answer, f"{method} {subpath}")

    @staticmethod
    def _parse(response: type[R], answer: Answer, call: str) -> R:
        if answer.json is None:
            raise UpstreamError(
                answer.status, None, f"ModelArts sent an empty answer to {call}", answer.request_id
            )
        try:
            return response.model_validate(answer.json)
        except ValidationError as error:
            # Locations and rules only: values may hold an instance token.
            first = error.errors(include_url=False, include_input=False)[0]
            where = ".".join(str(part) for part in first["loc"]) or "(top level)"
            raise UpstreamError(
                answer.status,
                None,
                f"ModelArts sent an answer to {call} that does not match the documented shape "
                f"({error.error_count()} problem(s); {where}: {first['msg']})",
                answer.request_id,
            ) from None

    async def _checked(
        self,
        response: type[R],
        method: str,
        subpath: str,
        probe: Callable[[], Awaitable[Verdict[R]]],
        *,
        query: Sequence[tuple[str, str]] = (),
        body: BaseModel | None = None,
    ) -> R:
        """Send a state change that is re-sent only when ``probe`` proves the last attempt did nothing.

        The probe proves "has not taken effect *yet*": a request stuck in a
        proxy could still land after the re-send.  That is acceptable for the
        operations using this (start, stop, delete, renew) because ModelArts
        guards them by state, so a late duplicate is refused, not repeated.
        When the probe finds that the operation did take effect, its finding
        is the result, so the caller is not told about a failure that is not one.
        """
        proven: list[R] = []

        async def safe_to_retry() -> bool:
            verdict = await probe()
            if isinstance(verdict, bool):
                return verdict
            proven.append(verdict)
            return False

        try:
            answer = await self._send(
                method, subpath, query=query, body=body, retry="checked", safe_to_retry=safe_to_retry
            )
        except UpstreamError as error:
            if not proven:
                raise
            log.debug(
                "%s %s: answer lost (%s) but the operation took effect", method, subpath, error.kind.value
            )
            return proven[-1]
        return self._parse(response, answer, f"{method} {subpath}")

    async def _paginate(
        self, fetch: Callable[[int, int], Awaitable[tuple[list[T], int | None]]], offset: int, limit: int
    ) -> AsyncIterator[T]:
        """Every item from ``offset`` on, one page of ``limit`` at a time; each id once."""
        seen: set[str | None] = set()
        for _ in range(_PAGE_GUARD):
            items, total = await fetch(offset, limit)
            fresh = [item for item in items if item.id is None or item.id not in seen]
            for item in fresh:
                seen.add(item.id)
                yield item
            offset += len(items)
            # A page without anything new means the listing moved under us or the server repeats itself.
            if len(items) < limit or not fresh or (total is not None and offset >= total):
                return

    # -- notebooks -----------------------------------------------------------------

    async def create_notebook(self, request: NotebookCreateRequest | NotebookInput) -> Notebook:
        body = validate(NotebookCreateRequest, request)
        # Never re-sent: a lost answer may hide a created (and billed) instance.
        return await self._fetch(Notebook, "POST", "/notebooks", body=body, retry="never")

    async def list_notebooks(
        self, query: NotebookListQuery | NotebookInput | None = None, *, all_users: bool = False
    ) -> NotebookPage:
        filters = validate(NotebookListQuery, query)
        path = "/notebooks/all" if all_users else "/notebooks"
        return await self._fetch(NotebookPage, "GET", path, query=to_query(filters))

    async def iter_notebooks(
        self, query: NotebookListQuery | NotebookInput | None = None, *, all_users: bool = False
    ) -> AsyncIterator[Notebook]:
        """Every notebook matching ``query``, page after page (``limit`` is the page size)."""
        filters = validate(NotebookListQuery, query)

        async def fetch(offset: int, limit: int) -> tuple[list[Notebook], int | None]:
            page_query = filters.model_copy(update={"offset": offset, "limit": limit})
            page = await self.list_notebooks(page_query, all_users=all_users)
            return page.data, page.total

        async for notebook in self._paginate(
            fetch, filters.offset or 0, filters.limit or limits.LIST_LIMIT_MAX
        ):
            yield notebook

    async def list_all_notebooks(
        self, query: NotebookListQuery | NotebookInput | None = None, *, all_users: bool = False
    ) -> list[Notebook]:
        return [notebook async for notebook in self.iter_notebooks(query, all_users=all_users)]

    async def show_notebook(self, notebook_id: str) -> Notebook:
        check_ids(("notebook_id", notebook_id))
        return await self._fetch(Notebook, "GET", f"/notebooks/{notebook_id}")

    async def update_notebook(
        self, notebook_id: str, request: NotebookUpdateRequest | NotebookInput
    ) -> Notebook:
        body = validate(NotebookUpdateRequest, request, ("notebook_id", notebook_id))
        return await self._fetch(Notebook, "PUT", f"/notebooks/{notebook_id}", body=body)

    async def delete_notebook(self, notebook_id: str) -> Notebook:
        """Delete (the answer says DELETING); after a lost answer, DELETED means it is already gone."""
        check_ids(("notebook_id", notebook_id))

        async def probe() -> Verdict[Notebook]:
            try:
                current = await self.show_notebook(notebook_id)
            except UpstreamError as error:
                if error.kind is ErrorKind.NOT_FOUND:
                    return Notebook(id=notebook_id, status=NotebookStatus.DELETED)
                raise
            return current if current.status == NotebookStatus.DELETING else True

        return await self._checked(Notebook, "DELETE", f"/notebooks/{notebook_id}", probe)

    async def start_notebook(
        self, notebook_id: str, query: StartQuery | NotebookInput | None = None
    ) -> Notebook:
        lease = validate(StartQuery, query, ("notebook_id", notebook_id))
        probe = self._status_probe(
            notebook_id,
            resend={NotebookStatus.STOPPED, NotebookStatus.START_FAILED},
            done={NotebookStatus.STARTING, NotebookStatus.RUNNING},
        )
        return await self._checked(
            Notebook, "POST", f"/notebooks/{notebook_id}/start", probe, query=to_query(lease)
        )

    async def stop_notebook(self, notebook_id: str) -> Notebook:
        check_ids(("notebook_id", notebook_id))
        probe = self._status_probe(
            notebook_id,
            resend={NotebookStatus.RUNNING},
            done={NotebookStatus.STOPPING, NotebookStatus.STOPPED},
        )
        return await self._checked(Notebook, "POST", f"/notebooks/{notebook_id}/stop", probe)

    def _status_probe(
        self, notebook_id: str, *, resend: set[NotebookStatus], done: set[NotebookStatus]
    ) -> Callable[[], Awaitable[Verdict[Notebook]]]:
        async def probe() -> Verdict[Notebook]:
            current = await self.show_notebook(notebook_id)
            if current.status in resend:
                return True
            return current if current.status in done else False

        return probe

    async def show_lease(self, notebook_id: str) -> Lease:
        check_ids(("notebook_id", notebook_id))
        return await self._fetch(Lease, "GET", f"/notebooks/{notebook_id}/lease")

    async def renew_lease(self, notebook_id: str, request: LeaseRenewRequest | NotebookInput) -> Lease:
        body = validate(LeaseRenewRequest, request, ("notebook_id", notebook_id))
        path = f"/notebooks/{notebook_id}/lease"
        try:
            # A renew moves update_at; reading it first lets a failed attempt be told from a lost answer.
            before = (await self.show_lease(notebook_id)).update_at
        except UpstreamError:
            before = None  # e.g. not running: the renew itself will say so, and is then never re-sent
        if before is None:
            answer = await self._send("PATCH", path, body=body, retry="never")
            return self._parse(Lease, answer, f"PATCH {path}")

        async def probe() -> Verdict[Lease]:
            lease = await self.show_lease(notebook_id)
            return True if lease.update_at == before else lease

        return await self._checked(Lease, "PATCH", path, probe, body=body)

    # -- catalogue ----------------------------------------------------------------

    async def list_flavors(self, query: FlavorListQuery | NotebookInput | None = None) -> FlavorPage:
        filters = validate(FlavorListQuery, query)
        return await self._fetch(FlavorPage, "GET", "/notebooks/flavors", query=to_query(filters))

    async def all_flavors(self, query: FlavorListQuery | NotebookInput | None = None) -> list[Flavor]:
        filters = validate(FlavorListQuery, query)

        async def fetch(offset: int, limit: int) -> tuple[list[Flavor], int | None]:
            page = await self.list_flavors(filters.model_copy(update={"offset": offset, "limit": limit}))
            return page.items, page.total

        return [flavor async for flavor in self._paginate(fetch, filters.offset or 0, filters.limit or 100)]

    async def switchable_flavors(
        self, notebook_id: str, query: SwitchableFlavorsQuery | NotebookInput | None = None
    ) -> FlavorPage:
        filters = validate(SwitchableFlavorsQuery, query, ("notebook_id", notebook_id))
        return await self._fetch(
            FlavorPage, "GET", f"/notebooks/{notebook_id}/flavors", query=to_query(filters)
        )

    async def list_images(self, query: ImageListQuery | NotebookInput | None = None) -> ImagePage:
        filters = validate(ImageListQuery, query)
        return await self._fetch(ImagePage, "GET", "/images", query=to_query(filters))

    async def all_images(self, query: ImageListQuery | NotebookInput | None = None) -> list[Image]:
        filters = validate(ImageListQuery, query)

        async def fetch(offset: int, limit: int) -> tuple[list[Image], int | None]:
            page = await self.list_images(filters.model_copy(update={"offset": offset, "limit": limit}))
            return page.data, page.total

        first, size = filters.offset or 0, filters.limit or limits.IMAGE_LIMIT_DEFAULT
        return [image async for image in self._paginate(fetch, first, size)]

    async def show_image(self, image_id: str) -> Image:
        check_ids(("image_id", image_id))
        return await self._fetch(Image, "GET", f"/images/{image_id}")

    async def notebook_quota(self) -> Quota:
        """Whether notebooks are enabled in the project, and how many instances may still be created."""
        return await self._fetch(Quota, "GET", "/authoring/features/NOTEBOOK")
