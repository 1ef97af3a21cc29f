"""The request pipeline every simulator endpoint shares, as the API gateway would run it.

For each request: the route must exist for the method (else ``404
APIG.0101``), the caller must authenticate (``401 APIG.0301``), the project in
the path and in ``X-Project-Id`` must be the simulator's (``ModelArts.0210``),
then an injected fault may strike.  Every response carries ``X-Request-Id``,
``X-ModelArts-Simulator`` and a ``Date`` from the virtual clock.  Nothing that
reaches a log contains request headers, query strings or bodies, so secrets and
instance tokens never leak there.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from typing import Any
from urllib.parse import parse_qsl

from tornado import web

from jupyter_modelarts.simulator import errors
from jupyter_modelarts.simulator.auth import Authenticator
from jupyter_modelarts.simulator.errors import SimError
from jupyter_modelarts.simulator.faults import FaultRule
from jupyter_modelarts.simulator.version import package_version
from jupyter_modelarts.simulator.world import World

_log = logging.getLogger(__name__)

JSON_TYPE = "application/json;charset=UTF-8"
_HTTP_METHODS = ("get", "post", "put", "patch", "delete", "head", "options")
# The body a broken proxy might cut short: valid JSON up to the point it stops.
MALFORMED_BODY = b'{"current": 0, "data": [{"id": "'


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

    # -- headers and bodies -------------------------------------------------

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
        if error.from_gateway:
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
                error = errors.internal_error()
        self.set_status(error.status)
        for name, value in error.headers.items():
            self.set_header(name, value)
        self.finish(json.dumps(self.error_body(error)).encode("utf-8"))

    def log_exception(self, typ: Any, value: BaseException | None, tb: Any) -> None:
        # Tornado's default logs repr(request), headers included: Authorization, tokens...
        if isinstance(value, SimError | web.HTTPError):
            return
        _log.error("%s %s failed", self.request.method, self.request.path, exc_info=value)

    # -- the gateway pipeline -----------------------------------------------

    def _implements(self, method: str) -> bool:
        return getattr(type(self), method.lower(), None) is not getattr(
            web.RequestHandler, method.lower(), None
        )

    async def prepare(self) -> None:
        method = (self.request.method or "GET").upper()
        if method.lower() not in _HTTP_METHODS or not self._implements(method):
            raise errors.api_not_found()
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
                raise errors.project_mismatch()

    async def _inject(self, rule: FaultRule) -> None:
        if rule.action == "latency":
            await self._sleep(rule.latency_ms)
        elif rule.action == "stall":
            await self._sleep(rule.stall_ms)
        elif rule.action == "throttle":
            raise SimError(
                "APIG.0308",
                "The throttling threshold has been reached: "
                "policy user over ratelimit,limit:100,time:1 minute",
                429,
                headers={"Retry-After": str(rule.retry_after)},
            )
        elif rule.action == "error":
            code = rule.error_code or ("ModelArts.6102" if rule.status == 500 else "ModelArts.0010")
            raise SimError(code, f"Server error (fault {rule.id} injected by the simulator).", rule.status)
        elif rule.action == "malformed" and rule.truncate:
            self._truncate_answer = True  # carried out below; finish() cuts the answer
        elif rule.action == "malformed":
            self.set_status(200)
            self.finish(MALFORMED_BODY)

    async def _sleep(self, milliseconds: int) -> None:
        # Ends early when the simulator shuts down, so a stalled request never blocks stop().
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.stopping.wait(), milliseconds / 1000)


class NotFoundHandler(SimHandler):
    """Any path the gateway does not know."""

    authenticated = False
    injectable = False

    async def prepare(self) -> None:
        raise errors.api_not_found()
