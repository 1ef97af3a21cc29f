"""The one place where failures become HTTP answers (docs/rest-api.md, "Errors").

Every handler lets exceptions propagate; the base handler's ``write_error``
asks :func:`http_error` what to answer. The body is always an
:class:`~jupyter_modelarts.server.schemas.ErrorView`: a message a person can act on,
a stable machine-readable ``reason``, the upstream ``code`` and ``request_id``
when ModelArts sent them, and every offending field in ``problems``.

Two rules shape the table:

* Never 401: JupyterLab reads a 401 as "your Jupyter login expired" and signs the
  user out. ModelArts refusing the *server's* credentials is the server's
  problem, a 502 that says what the administrator must fix.
* Messages come from the core's exceptions, which never hold a secret; nothing
  else (tracebacks, upstream bodies) reaches the browser.

No tornado import: tornado's ``HTTPError`` is recognised by its ``status_code``,
so the service layer can word upstream failures (``GET status``) the same way.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from http.client import responses

from jupyter_modelarts.core.errors import (
    ConfigurationError,
    ContractError,
    ErrorKind,
    LookupProblem,
    ModelArtsError,
    PolicyError,
    UpstreamError,
)
from jupyter_modelarts.server.schemas import ErrorView, ProblemView

# Seconds a throttled client is asked to wait when ModelArts did not say how long
# (when it did, its own Retry-After is passed on, in whole seconds).
THROTTLED_RETRY_AFTER = "5"
CREDENTIALS_FIX = (
    "Your Jupyter login is fine: an administrator must fix the ModelArts credentials of this Jupyter "
    "server (c.ModelArts settings, the HUAWEICLOUD_SDK_AK/SK variables or ~/.huaweicloud/credentials)."
)
PERMISSION_FIX = (
    "The account this Jupyter server uses may lack the ModelArts permission for it, or its project "
    "does not match the credentials; an administrator must check its IAM policy and c.ModelArts.project_id."
)


class InstanceNotReady(ModelArtsError):
    """An operation of the extension needs a state the instance is not in (e.g. open while STOPPED)."""


@dataclass(frozen=True)
class HttpError:
    """What to answer for one failure, and how loudly to log it."""

    status: int
    body: ErrorView
    log_level: int = logging.DEBUG
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Upstream:
    status: int
    reason: str
    advice: str = ""
    log_level: int = logging.WARNING


# ErrorKind -> answer. INVALID stays a 400: ModelArts refused input our contract let through.
_UPSTREAM: dict[ErrorKind, _Upstream] = {
    ErrorKind.INVALID: _Upstream(400, "invalid", log_level=logging.INFO),
    ErrorKind.NOT_FOUND: _Upstream(404, "not_found", log_level=logging.DEBUG),
    ErrorKind.CONFLICT: _Upstream(409, "conflict", log_level=logging.DEBUG),
    ErrorKind.QUOTA: _Upstream(409, "quota", "Stop or delete an instance, or ask for a larger quota."),
    ErrorKind.AUTH: _Upstream(502, "upstream_auth", CREDENTIALS_FIX),
    ErrorKind.FORBIDDEN: _Upstream(502, "upstream_forbidden", PERMISSION_FIX),
    ErrorKind.THROTTLED: _Upstream(503, "throttled", "ModelArts is busy: try again in a few seconds."),
    ErrorKind.TIMEOUT: _Upstream(504, "timeout", "Try again; if it persists, check ModelArts' status."),
    ErrorKind.UNAVAILABLE: _Upstream(
        502, "unreachable", "Check the network path from the Jupyter server to the ModelArts endpoint."
    ),
    ErrorKind.UPSTREAM: _Upstream(502, "upstream"),
}


# Where one kind needs different advice per code: only deleting frees the instance-count quota
# (6302); stopping frees the running-instances limit (0113) too.
_CODE_ADVICE = {
    "ModelArts.6302": "Delete an instance you no longer need (stopping one does not free this quota), "
    "or ask for a larger quota.",
}


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text.endswith((".", "!", "?")) else text + "."


def _upstream(error: UpstreamError) -> HttpError:
    rule = _UPSTREAM[error.kind]
    advice = _CODE_ADVICE.get(error.code or "", rule.advice)
    message = " ".join(part for part in (_sentence(str(error)), advice) if part)
    body = ErrorView(message=message, reason=rule.reason, code=error.code, request_id=error.request_id)
    headers = {}
    if error.kind is ErrorKind.THROTTLED:
        wait = error.retry_after  # HTTP wants whole seconds; never less than asked
        headers["Retry-After"] = THROTTLED_RETRY_AFTER if wait is None else str(max(0, math.ceil(wait)))
    return HttpError(rule.status, body, rule.log_level, headers)


def _http_body(error: BaseException, status: int) -> ErrorView:
    text = getattr(error, "log_message", None)
    args = getattr(error, "args", ())
    if isinstance(text, str) and args:
        text = text % args
    phrase = getattr(error, "reason", None) or responses.get(status, f"HTTP {status}")
    return ErrorView(message=text if isinstance(text, str) and text else phrase, reason=phrase)


def http_error(error: BaseException) -> HttpError:
    """The answer for ``error`` (any exception a handler raised)."""
    if isinstance(error, ContractError | PolicyError):
        problems = [ProblemView.of(problem) for problem in error.problems]
        if isinstance(error, ContractError):
            return HttpError(400, ErrorView(message=str(error), reason="invalid", problems=problems))
        return HttpError(403, ErrorView(message=str(error), reason="not_allowed", problems=problems))
    if isinstance(error, UpstreamError):
        return _upstream(error)
    if isinstance(error, ConfigurationError):
        message = f"ModelArts is not configured on this Jupyter server: {error}"
        body = ErrorView(message=message, reason="not_configured")
        return HttpError(503, body, logging.WARNING)
    if isinstance(error, InstanceNotReady):
        return HttpError(409, ErrorView(message=str(error), reason="not_ready"))
    if isinstance(error, LookupProblem):
        return HttpError(404, ErrorView(message=str(error), reason="not_found"))
    status = getattr(error, "status_code", None)
    if isinstance(status, int) and 400 <= status < 600:
        # tornado's HTTPError: 403 without a Jupyter login, 405 for a verb a route lacks...
        return HttpError(status, _http_body(error, status))
    body = ErrorView(
        message="Internal error in the jupyter-modelarts server extension; the server log has the details.",
        reason="internal",
    )
    return HttpError(500, body, logging.ERROR)
