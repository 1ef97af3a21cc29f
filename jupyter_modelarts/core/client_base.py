"""The connection and plumbing every group of ModelArtsClient operations shares.

One client serves one endpoint and one set of credentials, and lives on the
event loop of its first call (httpx connections cannot move between loops).
Besides sending through the transport (core.http) it does two things for every
operation: answers become response models (an answer that does not fit becomes
an UpstreamError instead of a crash deep inside a front end), and state
changes are re-sent only when a fresh read proves it safe (see ``_checked``).
The operations themselves are in core.client, core.client_catalog and
core.client_legacy.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import replace
from typing import Literal, Protocol, Self, TypeAlias, TypeVar, cast

import httpx
from pydantic import BaseModel, ValidationError

from jupyter_modelarts.core.auth.credentials import ResolvedCredentials, auth_headers
from jupyter_modelarts.core.auth.secrets import Credentials
from jupyter_modelarts.core.contract import limits, to_upstream_json
from jupyter_modelarts.core.error_body import decode_json
from jupyter_modelarts.core.errors import ConfigurationError, UpstreamError
from jupyter_modelarts.core.http import Answer, Authenticator, Decoder, RetryMode, RetryPolicy, Transport
from jupyter_modelarts.core.http_asyncio import default_client

# The client's logger, wherever in the client the message comes from.
log = logging.getLogger("jupyter_modelarts.core.client")

R = TypeVar("R", bound=BaseModel)
EndpointKind = Literal["unknown", "simulator", "cloud"]
SIMULATOR_HEADER = "X-ModelArts-Simulator"
DEFAULT_RETRY = RetryPolicy()  # frozen, so one shared default is safe
_PAGE_GUARD = 10_000  # no listing has this many pages; stops a server that never says "last page"


class _HasId(Protocol):
    @property
    def id(self) -> str | None: ...


T = TypeVar("T", bound=_HasId)
# The probe of a checked call answers: True = re-send is safe, False = not provably safe,
# or the proven outcome (the operation took effect; this is its result).
Verdict: TypeAlias = bool | R


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


class ClientBase:
    """Connection facts, life cycle and the send/parse/re-send/paginate plumbing of ModelArtsClient."""

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
        self._http = http_client or default_client(max_connections)  # asyncio sockets, see http_asyncio
        # Every answer, error answers included, tells simulator from cloud, whoever made the httpx client.
        self._transport = Transport(
            endpoint, _authenticator(creds), timeout=timeout, connect_timeout=connect_timeout,
            retry=retry, max_connections=max_connections, http_client=self._http,
            on_answer=self._note_headers,
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

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # -- plumbing ---------------------------------------------------------------

    async def _send(
        self,
        method: str,
        subpath: str,
        *,
        query: Sequence[tuple[str, str]] = (),
        body: BaseModel | None = None,
        retry: RetryMode | None = None,
        safe_to_retry: Callable[[], Awaitable[bool]] | None = None,
        decode: Decoder = decode_json,
    ) -> Answer:
        if self._closed:
            raise RuntimeError("the ModelArtsClient is closed")
        self._bind_loop()
        return await self._transport.request(
            method,
            f"/v1/{self.project_id}{subpath}",
            query=query,
            body=None if body is None else to_upstream_json(body),
            retry=retry,
            safe_to_retry=safe_to_retry,
            decode=decode,
        )

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
        call = f"{method} {subpath}"
        answer = await self._send(
            method, subpath, query=query, body=body, retry=retry, decode=_model_decoder(response, call)
        )
        return _model_of(response, answer, call)

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

        call = f"{method} {subpath}"
        try:
            answer = await self._send(
                method, subpath, query=query, body=body, retry="checked", safe_to_retry=safe_to_retry,
                decode=_model_decoder(response, call),
            )  # fmt: skip
        except UpstreamError as error:
            if not proven:
                raise
            log.debug(
                "%s %s: answer lost (%s) but the operation took effect", method, subpath, error.kind.value
            )
            return proven[-1]
        return _model_of(response, answer, call)

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


def _model_decoder(response: type[R], call: str) -> Decoder:
    """A decoder (core.http) from the body's bytes straight to ``response``.

    Pydantic's JSON mode validates without building the dicts and lists of
    ``json.loads`` first: half the time for a page of notebooks. Whatever JSON
    mode refuses is decoded again the general way (``json.loads``, then the
    model), so what is accepted and how a refusal reads stay as they were (JSON
    mode words some rules differently, and refuses the NaN that ``json.loads`` takes).
    """

    def decode(content: bytes, status: int, request_id: str | None) -> R:
        try:
            return response.model_validate_json(content)
        except ValidationError:
            pass
        data = decode_json(content, status, request_id)  # NotJson when it is not JSON at all
        try:
            return response.model_validate(data)
        except ValidationError as error:
            # Locations and rules only: values may hold an instance token.
            first = error.errors(include_url=False, include_input=False)[0]
            where = ".".join(str(part) for part in first["loc"]) or "(top level)"
            raise UpstreamError(
                status,
                None,
                f"ModelArts sent an answer to {call} that does not match the documented shape "
                f"({error.error_count()} problem(s); {where}: {first['msg']})",
                request_id,
            ) from None

    return decode


def _model_of(response: type[R], answer: Answer, call: str) -> R:
    """The model an answer decoded with ``_model_decoder(response, ...)`` holds; an empty body is an error."""
    if answer.json is None:
        raise UpstreamError(
            answer.status, None, f"ModelArts sent an empty answer to {call}", answer.request_id
        )
    return cast(R, answer.json)
