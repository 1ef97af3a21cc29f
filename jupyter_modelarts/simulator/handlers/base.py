"""The request pipeline every simulator endpoint shares, as the API gateway (APIG) would run it.

For each request: the route must exist for the method (else ``404 APIG.0101``), the
caller must authenticate (``401 APIG.0301``), the project in the path and in
``X-Project-Id`` must be the simulator's (``ModelArts.0210``), then an injected fault
may strike.  Nothing that reaches a log contains request headers, query strings or
bodies, so secrets and instance tokens never leak there.

Authentication (docs/modelarts-api.md §9): an IAM token (``X-Auth-Token``) or an
SDK-HMAC-SHA256 signature by the simulator's AK/SK, verified with our own
:mod:`jupyter_modelarts.core.auth.signer` so both sides share one canonicalisation.
The ``X-Sdk-Date`` skew check uses REAL time, as the gateway does, never the virtual
clock.  Credentials are compared in constant time and never appear in messages or reprs.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl

from tornado import web

from jupyter_modelarts.core.auth.signer import DATE_HEADER, parse_authorization, parse_sdk_date, verify
from jupyter_modelarts.simulator import errors
from jupyter_modelarts.simulator.errors import SimError
from jupyter_modelarts.simulator.faults import FaultRule
from jupyter_modelarts.simulator.world import World, package_version

_log = logging.getLogger(__name__)

JSON_TYPE = "application/json;charset=UTF-8"
# The body a broken proxy might cut short: valid JSON up to the point it stops.
MALFORMED_BODY = b'{"current": 0, "data": [{"id": "'


MAX_SKEW = timedelta(minutes=15)
_REQUIRED_SIGNED = ("host", DATE_HEADER.lower())


def _known(candidate: str, accepted: Iterable[str]) -> bool:
    # Compare against every accepted value so timing does not reveal which one matched.
    found = False
    for value in accepted:
        found |= hmac.compare_digest(candidate.encode(), value.encode())
    return found


class Authenticator:
    def __init__(
        self,
        access_key: str,
        secret_key: str,
        *,
        iam_tokens: Iterable[str] = (),
        security_tokens: Iterable[str] = (),
    ) -> None:
        self._access_key = access_key
        self._secret_key = secret_key
        self._iam_tokens = tuple(iam_tokens)
        self._security_tokens = tuple(security_tokens)

    def __repr__(self) -> str:
        return (
            f"Authenticator(iam_tokens={len(self._iam_tokens)}, security_tokens={len(self._security_tokens)})"
        )

    def authenticate(
        self,
        *,
        method: str,
        path: str,
        query: list[tuple[str, str]],
        headers: Mapping[str, str],
        body: bytes,
        now: datetime | None = None,
    ) -> None:
        """Return when the request is authentic; raise APIG.0301 otherwise."""
        lookup = {name.lower(): value for name, value in headers.items()}
        token = lookup.get("x-auth-token")
        if token is not None:
            if not token or not _known(token, self._iam_tokens):
                raise errors.gateway_auth("the token is invalid or has expired")
            return
        raw = lookup.get("authorization")
        if not raw:
            raise errors.gateway_auth("neither an Authorization header nor an X-Auth-Token was sent")
        authorization = parse_authorization(raw)
        if authorization is None:
            raise errors.gateway_auth("the Authorization header is not a valid SDK-HMAC-SHA256 header")
        if not hmac.compare_digest(authorization.access_key.encode(), self._access_key.encode()):
            raise errors.gateway_auth("the access key does not exist")
        signed = {name.lower() for name in authorization.signed_headers}
        for name in _REQUIRED_SIGNED:
            if name not in signed:
                raise errors.gateway_auth(f"the signature must cover the {name} header")
        missing = sorted(name for name in signed if name not in lookup)
        if missing:
            raise errors.gateway_auth(f"signed header(s) not sent: {', '.join(missing)}")
        sent_at = parse_sdk_date(lookup[DATE_HEADER.lower()])
        if sent_at is None:
            raise errors.gateway_auth(f"{DATE_HEADER} must look like 20250101T000000Z")
        if abs((now or datetime.now(UTC)) - sent_at) > MAX_SKEW:
            raise errors.gateway_auth(f"{DATE_HEADER} differs from the server time by more than 15 minutes")
        security_token = lookup.get("x-security-token")
        if security_token is not None:
            if "x-security-token" not in signed:
                raise errors.gateway_auth("the signature must cover the X-Security-Token header")
            if not _known(security_token, self._security_tokens):
                raise errors.gateway_auth("the security token is invalid or has expired")
        if not verify(
            method=method,
            path=path,
            query=query,
            headers=headers,
            body=body,
            secret_key=self._secret_key,
            authorization=authorization,
        ):
            raise errors.gateway_auth("verify aksk signature fail")


class SimHandler(web.RequestHandler):
    """Base for API handlers; subclasses implement verbs and may set the class flags."""

    authenticated = True  # the gateway checks credentials
    check_project = True  # the path carries {project_id}
    injectable = True  # fault rules may hit this endpoint (not the control API itself)
    legacy_errors = False  # the /demanager API says "error_message" instead of "error_msg"

    def initialize(self, world: World, authenticator: Authenticator, stopping: asyncio.Event) -> None:
        self.world = world
        self.authenticator = authenticator
        self.stopping = stopping
        self.request_id = uuid.uuid4().hex
        self.set_default_headers()  # RequestHandler.__init__ ran it before the world was known

    def path_arg(self, name: str) -> str:
        return self.path_kwargs[name]

    def set_default_headers(self) -> None:
        # Also re-applied by send_error() after clear(), so error responses carry them too.
        if not hasattr(self, "world"):
            return
        self.set_header("Content-Type", JSON_TYPE)
        self.set_header("X-Request-Id", self.request_id)
        self.set_header("X-ModelArts-Simulator", package_version())
        self.set_header("Date", self.world.clock.http_date())
        self.set_header("Server", "api-gateway")

    def compute_etag(self) -> str | None:
        return None  # ModelArts sends no ETag; tornado would add one to every GET

    def query(self) -> dict[str, str]:
        """Query arguments, first value wins (ModelArts takes single values)."""
        result: dict[str, str] = {}
        for key, value in parse_qsl(self.request.query, keep_blank_values=True):
            result.setdefault(key, value)
        return result

    _truncate_answer = False

    def finish(self, chunk: str | bytes | dict[str, Any] | None = None) -> Any:
        if self._truncate_answer and isinstance(chunk, bytes) and self.get_status() < 300:
            chunk = chunk[: max(1, len(chunk) - 8)]  # everything but the end: still not JSON
        return super().finish(chunk)

    def send_json(self, body: Any, status: int = 200) -> None:
        self.set_status(status)
        self.finish(json.dumps(body, ensure_ascii=False).encode("utf-8"))

    def error_body(self, error: SimError) -> dict[str, Any]:
        if error.code.startswith("APIG."):
            return {"error_code": error.code, "error_msg": error.message, "request_id": self.request_id}
        key = "error_message" if self.legacy_errors else "error_msg"
        return {"error_code": error.code, key: error.message}

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        exc_info = kwargs.get("exc_info")
        error = exc_info[1] if exc_info else None
        if not isinstance(error, SimError):
            if status_code == 405:
                error = errors.api_not_found()
            elif isinstance(error, web.HTTPError) and status_code < 500:
                error = errors.invalid_argument(error.log_message or f"HTTP {status_code}")
                error.status = status_code
            else:
                error = SimError("ModelArts.0010", "Internal error.", 500)
        self.set_status(error.status)
        for name, value in error.headers.items():
            self.set_header(name, value)
        self.finish(json.dumps(self.error_body(error)).encode("utf-8"))

    def log_exception(self, typ: Any, value: BaseException | None, tb: Any) -> None:
        # Tornado's default logs repr(request), headers included: Authorization, tokens...
        if isinstance(value, SimError | web.HTTPError):
            return
        _log.error("%s %s failed", self.request.method, self.request.path, exc_info=value)

    async def prepare(self) -> None:
        # Tornado answered methods it does not know with 405 already (write_error makes it 404).
        method = (self.request.method or "GET").upper()
        if getattr(type(self), method.lower()) is getattr(web.RequestHandler, method.lower()):
            raise errors.api_not_found()  # a verb this route does not implement, before any auth
        if self.authenticated:
            self.authenticator.authenticate(
                method=method,
                path=self.request.path,
                query=parse_qsl(self.request.query, keep_blank_values=True),
                headers=dict(self.request.headers.get_all()),
                body=self.request.body,
            )
            self._check_project()
        if self.injectable:
            rule = self.world.faults.pick(method, self.request.path)
            if rule is not None:
                await self._inject(rule)

    def _check_project(self) -> None:
        header = self.request.headers.get("X-Project-Id")
        in_path = self.path_kwargs.get("project_id") if self.check_project else None
        for claimed in (header, in_path):
            if claimed is not None and claimed != self.world.project_id:
                message = "The project ID in the request does not match the project of the credentials."
                raise SimError("ModelArts.0210", message, 403)

    async def _inject(self, rule: FaultRule) -> None:
        if rule.action in ("latency", "stall"):
            delay = rule.latency_ms if rule.action == "latency" else rule.stall_ms
            # Ends early when the simulator shuts down, so a stalled request never blocks stop().
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), delay / 1000)
        elif rule.action == "throttle":
            limit = "policy user over ratelimit,limit:100,time:1 minute"
            message = f"The throttling threshold has been reached: {limit}"
            raise SimError("APIG.0308", message, 429, headers={"Retry-After": str(rule.retry_after)})
        elif rule.action == "error":
            code = rule.error_code or ("ModelArts.6102" if rule.status == 500 else "ModelArts.0010")
            raise SimError(code, f"Server error (fault {rule.id} injected by the simulator).", rule.status)
        elif rule.action == "malformed" and rule.truncate:
            self._truncate_answer = True  # carried out below; finish() cuts the answer
        elif rule.action == "malformed":
            self.set_status(200)
            self.finish(MALFORMED_BODY)


class NotFoundHandler(SimHandler):
    """Any path the gateway does not know."""

    authenticated = False
    injectable = False

    async def prepare(self) -> None:
        raise errors.api_not_found()
