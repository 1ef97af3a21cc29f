"""The one road to ModelArts: a stock httpx client, our Auth, and retries only where they are safe.

Retry rule (a product decision): a failure that provably never reached
ModelArts (no connection, no free pooled connection, a throttling answer) is
retried for every call; a failure after which ModelArts may have acted (5xx,
an answer that never came, a dropped connection, an answer we cannot read) is
retried only for idempotent calls (GET, PUT), or for "checked" calls once the
caller's check proves the operation did not happen. A create is never sent
twice. Waits follow ModelArts' Retry-After, else exponential backoff with full
jitter, for at most ``RetryPolicy.max_attempts`` attempts.

Signing is httpx's own extension point (:class:`ModelArtsAuth`), so each
attempt is signed afresh over the bytes httpx sends, with a current
``X-Sdk-Date``: AK/SK credentials sign with SDK-HMAC-SHA256 (docs/modelarts-api.md
§9.1, core/auth/signer.py), an IAM token is sent as ``X-Auth-Token`` (§9.3).
Nothing that carries a credential is logged or put into an exception message
(core/answers.py).
"""

from __future__ import annotations

import asyncio
import logging
import random
import re
import time
from collections.abc import Awaitable, Callable, Generator, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar
from urllib.parse import SplitResult, parse_qsl, quote, urlsplit

import httpx
from pydantic import BaseModel, ValidationError

from jupyter_modelarts._version import __version__
from jupyter_modelarts.core.answers import (
    Failure,
    http_date,
    malformed,
    refusal,
    secrets_in,
    transport_failure,
)
from jupyter_modelarts.core.auth import signer
from jupyter_modelarts.core.auth.secrets import Credentials, IamTokenCredentials
from jupyter_modelarts.core.errors import ConfigurationError

log = logging.getLogger(__name__)

R = TypeVar("R", bound=BaseModel)
RetryMode = Literal["idempotent", "never", "checked"]
SIMULATOR_HEADER = "X-ModelArts-Simulator"
EndpointKind = Literal["unknown", "simulator", "cloud"]
# RFC 3986 path characters: anything else would be re-encoded by httpx after the caller built it.
_PATH = re.compile(r"(/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})*)+")


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 4  # including the first one
    base_delay: float = 0.2  # seconds; the backoff cap doubles from here
    max_delay: float = 8.0
    retry_after_cap: float = 30.0  # a longer Retry-After is shortened to this


# Headers a proxy may legitimately rewrite on the way: signing them would break the signature.
_UNSIGNED = frozenset(
    {"connection", "keep-alive", "proxy-authorization", "te", "transfer-encoding", "upgrade"}
)


class ModelArtsAuth(httpx.Auth):
    """Signs each request (AK/SK) or attaches the IAM token; holds the credentials, never shows them."""

    requires_request_body = True  # the body's hash is part of the signature

    def __init__(self, credentials: Credentials) -> None:
        self._credentials = credentials

    def __repr__(self) -> str:
        return f"ModelArtsAuth({type(self._credentials).__name__})"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        creds = self._credentials
        if isinstance(creds, IamTokenCredentials):
            request.headers["X-Auth-Token"] = creds.token.get_secret_value()
            yield request
            return
        # Added before signing, as the SDK does, so that both are signed.
        if creds.project_id:
            request.headers["X-Project-Id"] = creds.project_id
        if creds.security_token is not None:
            request.headers["X-Security-Token"] = creds.security_token.get_secret_value()
        # Names as httpx will send them (raw), since the signer looks up "Content-Type" like the SDK.
        to_sign = {
            name.decode("latin-1"): value.decode("latin-1")
            for name, value in request.headers.raw
            if name.decode("latin-1").lower() not in _UNSIGNED
        }
        signed = signer.sign(
            method=request.method,
            host=request.headers["Host"],
            path=request.url.raw_path.split(b"?", 1)[0].decode("ascii"),
            query=parse_qsl(request.url.query.decode("ascii"), keep_blank_values=True),
            headers=to_sign,
            body=request.content,
            access_key=creds.access_key.get_secret_value(),
            secret_key=creds.secret_key.get_secret_value(),
        )
        for name in (signer.DATE_HEADER, "Authorization", signer.CONTENT_SHA256_HEADER):
            if name in signed.headers:
                request.headers[name] = signed.headers[name]
        yield request


class Transport:
    """Sends authenticated calls to one ModelArts endpoint; shared and safe for concurrent calls."""

    def __init__(
        self,
        endpoint: str,
        credentials: Credentials,
        *,
        timeout: float = 30.0,
        connect_timeout: float = 10.0,
        retry: RetryPolicy = RetryPolicy(),  # frozen, so one shared default is safe
        max_connections: int = 20,
        http_client: httpx.AsyncClient | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        jitter: Callable[[], float] = random.random,
        clock: Callable[[], float] = time.time,
    ) -> None:
        parts = urlsplit(endpoint.strip())
        if not _usable(parts):
            raise ConfigurationError(
                f"The ModelArts endpoint {endpoint!r} is not a URL like https://host[:port].",
                hint="Set c.ModelArts.endpoint or MODELARTS_ENDPOINT to e.g. "
                "https://modelarts.cn-north-4.myhuaweicloud.com",
            )
        # A gateway may serve ModelArts under a path prefix; it is part of every signed path.
        self.endpoint = f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"
        self._host = parts.netloc
        self._auth = ModelArtsAuth(credentials)
        self._timeout = httpx.Timeout(timeout, connect=connect_timeout)
        self._retry = retry
        self._sleep, self._jitter, self._clock = sleep, jitter, clock
        self._owns_client = http_client is None
        self._client = http_client or httpx.AsyncClient(
            limits=httpx.Limits(max_connections=max_connections), follow_redirects=False
        )
        self.kind: EndpointKind = "unknown"
        self.clock_offset_ms: float | None = None  # server time minus local time, from Date headers

    def __repr__(self) -> str:
        return f"Transport({self.endpoint!r})"

    async def aclose(self) -> None:
        if self._owns_client:
            await self._client.aclose()

    async def call(
        self,
        method: str,
        path: str,
        response: type[R] | None,
        *,
        query: Sequence[tuple[str, str]] = (),
        body: bytes | None = None,
        retry: RetryMode | None = None,
        safe_to_retry: Callable[[], Awaitable[bool]] | None = None,
    ) -> R | None:
        """Send one call; its answer as ``response`` (None when no model is wanted).

        ``retry`` defaults to "idempotent" for GET/PUT and "never" otherwise;
        "checked" asks ``safe_to_retry`` before re-sending after a failure that
        may have been processed. Raises one UpstreamError subclass.
        """
        method = method.upper()
        if not _PATH.fullmatch(path) or any(segment in (".", "..") for segment in path.split("/")):
            # Checked, not trusted: the path is appended to the endpoint, and credentials go with it.
            raise ValueError(f"path {path!r} must start with '/' and be percent-encoded, without . or ..")
        mode: RetryMode = retry or ("idempotent" if method in ("GET", "HEAD", "PUT") else "never")
        if mode == "checked" and safe_to_retry is None:
            raise ValueError('retry="checked" needs a safe_to_retry check')
        attempt = 0
        while True:
            attempt += 1
            try:
                return await self._attempt(method, path, query, body, response, mode != "idempotent")
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
        self,
        method: str,
        path: str,
        query: Sequence[tuple[str, str]],
        body: bytes | None,
        response_model: type[R] | None,
        changes_state: bool,
    ) -> R | None:
        call = f"{method} {path}"
        # The query is encoded as the signature encodes it (a space is %20, never +), so what the
        # gateway reads is exactly what was signed, whatever the gateway thinks of "+".
        encoded = "&".join(f"{quote(key, safe='~')}={quote(value, safe='~')}" for key, value in query)
        request = self._client.build_request(
            method,
            self.endpoint + path + (f"?{encoded}" if encoded else ""),
            content=body or None,
            headers={
                "Content-Type": "application/json;charset=UTF-8" if body else "application/json",
                "Accept": "application/json",
                "X-Language": "en-us",
                "User-Agent": f"jupyter-modelarts/{__version__}",
            },
            timeout=self._timeout,
        )
        started = time.monotonic()
        try:
            # Never redirected, whatever the client says: the credential headers would follow.
            answer = await self._client.send(request, auth=self._auth, follow_redirects=False)
        except httpx.HTTPError as exc:
            elapsed_ms = 1000 * (time.monotonic() - started)
            log.debug("%s failed: %s (%.0f ms)", call, type(exc).__name__, elapsed_ms)
            secrets = secrets_in(request.headers)
            raise transport_failure(exc, call, secrets, self._host, changes_state) from None
        self._note(answer.headers)
        elapsed_ms, request_id = 1000 * (time.monotonic() - started), answer.headers.get("X-Request-Id")
        log.debug("%s -> %d (request id %s, %.0f ms)", call, answer.status_code, request_id, elapsed_ms)
        if not answer.is_success:
            raise refusal(answer, secrets_in(request.headers), self._clock)
        if response_model is None:
            return None
        return _decode(answer, response_model, call, changes_state)

    def _note(self, headers: httpx.Headers) -> None:
        # Every answer, error answers included, tells the simulator from the cloud.
        self.kind = "simulator" if SIMULATOR_HEADER in headers else "cloud"
        moment = http_date(headers.get("Date"))
        if moment is not None:
            # A Date header is truncated to the second: +500 ms centres the error.
            self.clock_offset_ms = (moment + 0.5 - self._clock()) * 1000


def _usable(parts: SplitResult) -> bool:
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number in range
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and not (parts.query or parts.fragment)


def _decode(answer: httpx.Response, model: type[R], call: str, changes_state: bool) -> R:
    """The answer as ``model``; a Failure (ModelArts may have acted) when it is empty or does not fit."""
    try:
        return model.model_validate_json(answer.content)
    except ValidationError as error:
        # Locations and rules only: the values may hold an instance token.
        first = error.errors(include_url=False, include_input=False)[0]
        if not answer.content.strip():
            why = "an empty body"
        elif first["type"] == "json_invalid":
            why = "not JSON"
        else:
            where = ".".join(str(part) for part in first["loc"]) or "(top level)"
            why = f"not the documented shape: {error.error_count()} problem(s), {where}: {first['msg']}"
    raise Failure(malformed(answer, call, why, may_have_acted=changes_state), maybe_processed=True)
