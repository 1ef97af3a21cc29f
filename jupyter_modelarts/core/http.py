"""The one road to ModelArts: authenticate, send, retry when that is safe, turn failures into errors.

Retry rule (a product decision): a failure that provably never reached
ModelArts (no connection, no free pooled connection, a throttling answer) is
retried for every call; a failure after which ModelArts may have acted (5xx,
an answer that never came, a dropped connection) is retried only for
idempotent calls, or for "checked" calls once the caller's check says the
operation did not happen.  A create is never sent twice.

What is signed is what is sent: the body bytes are passed on untouched and the
URL is assembled here from the authenticator's exact query string, so httpx
has nothing to re-encode.  Nothing that carries a credential is logged or put
into an exception message; core.error_body reads answer bodies under that rule.

This is the hot path of every front end (the server extension proxies the
front end's polling through it), so per-call work is kept to what each call
needs: requests go to httpx's transport layer (core.http_send), the
credential values to redact are only collected when something failed, and a
caller that wants a model, not plain JSON, decodes the body itself
(``decode``) instead of having it parsed twice.
"""

from __future__ import annotations

import asyncio
import logging
import random
import re
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol
from urllib.parse import SplitResult, urlsplit

import httpx

from jupyter_modelarts._version import __version__
from jupyter_modelarts.core.error_body import NotJson, decode_json, error_from, malformed_success, secrets_in
from jupyter_modelarts.core.errors import ConfigurationError
from jupyter_modelarts.core.http_asyncio import default_client
from jupyter_modelarts.core.http_failures import (
    THROTTLE_CODES,
    Failure,
    http_date,
    retry_after,
    transport_failure,
)
from jupyter_modelarts.core.http_send import Sender

log = logging.getLogger(__name__)

RetryMode = Literal["idempotent", "never", "checked"]
# RFC 3986 path characters; anything else would be re-encoded by httpx after signing.
_PATH = re.compile(r"(/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})*)+")
_QUERY = re.compile(r"(?:[A-Za-z0-9\-._~!$'()*+,;=:@/?&]|%[0-9A-Fa-f]{2})*")
# Turns a 2xx body (never empty) into ``Answer.json``, given the status and request id for its errors;
# raises NotJson when the body is not JSON at all (the transport then words a redacted error).
Decoder = Callable[[bytes, int, "str | None"], Any]


class Authenticator(Protocol):
    """Signs AK/SK or adds X-Auth-Token (core.credentials); returns headers and exact query string."""

    def __call__(
        self,
        *,
        method: str,
        host: str,
        path: str,
        query: list[tuple[str, str]],
        headers: dict[str, str],
        body: bytes,
    ) -> tuple[dict[str, str], str]: ...


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 4  # including the first one
    base_delay: float = 0.2  # seconds; the backoff cap doubles from here
    max_delay: float = 8.0
    retry_after_cap: float = 30.0  # a longer Retry-After is shortened to this


@dataclass(frozen=True)
class Answer:
    """A successful (2xx) answer."""

    status: int
    headers: httpx.Headers
    json: Any  # the decoded body (parsed JSON unless the caller gave a decoder), None when empty
    request_id: str | None
    content: bytes = field(default=b"", compare=False, repr=False)  # the body as received


class Transport:
    """Sends authenticated requests to one ModelArts endpoint (shared, concurrency-safe)."""

    def __init__(
        self,
        endpoint: str,
        authenticate: Authenticator,
        *,
        timeout: float = 30.0,
        connect_timeout: float = 5.0,
        retry: RetryPolicy = RetryPolicy(),  # frozen, so one shared default is safe
        max_connections: int = 20,
        http_client: httpx.AsyncClient | None = None,
        on_answer: Callable[[httpx.Headers], None] | None = None,
        user_agent: str = f"jupyter-modelarts/{__version__}",
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        jitter: Callable[[], float] = random.random,
        clock: Callable[[], float] = time.time,
    ) -> None:
        parts = urlsplit(endpoint.strip())
        if not _usable_endpoint(parts):
            raise ConfigurationError(
                f"The ModelArts endpoint {endpoint!r} is not a URL like https://host[:port].",
                hint="Set c.ModelArts.endpoint or MODELARTS_ENDPOINT to e.g. "
                "https://modelarts.cn-north-4.myhuaweicloud.com",
            )
        self._origin = f"{parts.scheme}://{parts.netloc}"
        self._prefix = parts.path.rstrip("/")  # for gateways that serve ModelArts under a path
        self.endpoint = self._origin + self._prefix
        self._host = parts.netloc  # as in the Host header, so the signature covers what is sent
        self._authenticate = authenticate
        # One dict for every request: httpx and httpcore only read it.
        self._timeout = httpx.Timeout(timeout, connect=connect_timeout).as_dict()
        self._pool_timeout = timeout
        self._retry = retry
        self._user_agent = user_agent
        self._sleep, self._jitter, self._clock = sleep, jitter, clock
        self._owns_client = http_client is None
        self._client = http_client or default_client(max_connections)
        self._sender = Sender(self._client, self._origin)
        self._on_answer = on_answer  # sees the headers of every answer, success or error
        self._clock_offset_ms: float | None = None
        self._last_date: tuple[str, float] | None = None  # the last Date header and its moment

    def __repr__(self) -> str:
        return f"Transport({self.endpoint!r})"

    @property
    def server_clock_offset_ms(self) -> float | None:
        """Server time minus local time, from the last ``Date`` header (None before any answer)."""
        return self._clock_offset_ms

    async def aclose(self) -> None:
        if self._owns_client:
            await self._client.aclose()

    async def request(
        self,
        method: str,
        path: str,
        *,
        query: Sequence[tuple[str, str]] = (),
        body: bytes | None = None,
        retry: RetryMode | None = None,
        safe_to_retry: Callable[[], Awaitable[bool]] | None = None,
        decode: Decoder = decode_json,
    ) -> Answer:
        """Send one call, retrying as the module docstring says; raise one UpstreamError subclass.

        ``retry`` defaults to "idempotent" for GET/HEAD/PUT and "never" otherwise.
        ``path`` is sent as given and must already be percent-encoded. ``decode``
        turns a non-empty 2xx body into ``Answer.json``; an error it raises other
        than NotJson is raised as it is (and the call is not re-sent).
        """
        method = method.upper()
        mode: RetryMode = retry or ("idempotent" if method in ("GET", "HEAD", "PUT") else "never")
        if mode == "checked" and safe_to_retry is None:
            raise ValueError('retry="checked" needs a safe_to_retry check')
        if not _PATH.fullmatch(path) or any(seg in (".", "..") for seg in path.split("/")):
            raise ValueError(f"path {path!r} must start with '/' and be percent-encoded, without . or ..")
        attempt = 0
        while True:
            attempt += 1
            try:
                return await self._attempt(method, path, list(query), body or b"", attempt, decode)
            except Failure as failure:
                if attempt >= self._retry.max_attempts or not await self._may_resend(
                    failure, mode, safe_to_retry
                ):
                    if failure.retry_after is not None:
                        failure.error.retry_after = max(failure.retry_after, 0.0)
                    raise failure.error from None
                delay = self._delay(attempt, failure.retry_after)
                log.debug("%s %s: retrying in %.2f s (attempt %d failed)", method, path, delay, attempt)
                await self._sleep(delay)

    async def _may_resend(
        self, failure: Failure, mode: RetryMode, safe_to_retry: Callable[[], Awaitable[bool]] | None
    ) -> bool:
        if not failure.maybe_processed or mode == "idempotent":
            return True
        if mode == "never" or safe_to_retry is None:
            return False
        try:
            return await safe_to_retry()
        except Exception as check_failure:  # the outcome stays unknown: do not re-send
            log.debug("retry check failed (%s): not re-sending", type(check_failure).__name__)
            return False

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(max(retry_after, 0.0), self._retry.retry_after_cap)
        ceiling = min(self._retry.max_delay, self._retry.base_delay * 2.0 ** (attempt - 1))
        return self._jitter() * ceiling  # "full jitter": spreads out clients that failed together

    async def _attempt(
        self, method: str, path: str, query: list[tuple[str, str]], body: bytes, attempt: int, decode: Decoder
    ) -> Answer:
        headers = {
            "Host": self._host,
            "Content-Type": "application/json;charset=UTF-8" if body else "application/json",
            "Accept": "application/json",
            "X-Language": "en-us",
            "User-Agent": self._user_agent,
        }
        full_path = self._prefix + path
        # Signed afresh on every attempt: the signature date must be current.
        sent_headers, query_string = self._authenticate(
            method=method, host=self._host, path=full_path, query=query, headers=headers, body=body
        )
        if not _QUERY.fullmatch(query_string):
            raise ValueError("the authenticator returned a query string that is not percent-encoded")
        target = full_path + (f"?{query_string}" if query_string else "")
        request = httpx.Request(
            method,
            self._sender.url(target),
            headers=sent_headers,
            content=body or None,
            extensions={"timeout": self._timeout},
        )
        started = time.monotonic()
        try:
            response = await self._sender.send(request)  # not streamed: the body is read here
        except httpx.HTTPError as exc:
            elapsed = (time.monotonic() - started) * 1000
            log.debug(
                "%s %s failed: %s (attempt %d, %.0f ms)", method, path, type(exc).__name__, attempt, elapsed
            )
            raise transport_failure(
                exc, method, path, secrets_in(sent_headers), self._host, self._pool_timeout
            ) from None
        elapsed = (time.monotonic() - started) * 1000
        headers_in = response.headers
        self._note_date(headers_in.get("Date"))
        if self._on_answer is not None:
            self._on_answer(headers_in)
        request_id = headers_in.get("X-Request-Id")
        log.debug(
            "%s %s -> %d (attempt %d, request id %s, %.0f ms)",
            method, path, response.status_code, attempt, request_id, elapsed,
        )  # fmt: skip
        if response.is_success:
            content = response.content
            try:
                data = decode(content, response.status_code, request_id) if content.strip() else None
            except NotJson:
                raise malformed_success(response, secrets_in(sent_headers)) from None
            return Answer(response.status_code, headers_in, data, request_id, content)
        error = error_from(response, secrets_in(sent_headers))
        wait = retry_after(response, self._clock)
        throttled = response.status_code == 429 or error.code in THROTTLE_CODES
        if throttled:
            raise Failure(error, maybe_processed=False, retry_after=wait)
        if response.status_code >= 500 or response.status_code == 408 or error.code == "ModelArts.6100":
            raise Failure(error, maybe_processed=True, retry_after=wait)
        error.retry_after = None if wait is None else max(wait, 0.0)
        raise error  # ModelArts refused it: sending it again would be refused again

    def _note_date(self, value: str | None) -> None:
        if not value:
            return
        # The header changes once a second while calls come faster: parse each value once.
        if self._last_date is not None and self._last_date[0] == value:
            moment: float | None = self._last_date[1]
        else:
            moment = http_date(value)
            if moment is not None:
                self._last_date = (value, moment)
        if moment is not None:
            # A Date header is truncated to the second: +500 ms centres the error.
            self._clock_offset_ms = (moment + 0.5 - self._clock()) * 1000


def _usable_endpoint(parts: SplitResult) -> bool:
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number in range
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and not (parts.query or parts.fragment)
