"""What ModelArts answered, in our words: errors, malformed answers, failed attempts, waits.

The one place where text from the other side can end up in our messages, so
everything that leaves here is one short line with every credential value of
the request redacted: a proxy that echoes headers, or an error page quoting the
request, cannot leak a secret. A successful answer's body is never quoted at
all: it may hold an instance token.
"""

from __future__ import annotations

import email.utils
import json
import re
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from jupyter_modelarts.core.auth import signer
from jupyter_modelarts.core.auth.secrets import SENSITIVE_HEADERS, redact_text
from jupyter_modelarts.core.errors import ErrorKind, UpstreamError, UpstreamTimeout, UpstreamUnreachable

# Code/message spellings of ModelArts, the legacy DevEnviron API, gateways and other services,
# in the order the SDK tries them (docs/modelarts-api.md §9.7) plus the legacy ``error_message``.
_ERROR_KEY_PAIRS = (
    ("error_code", "error_msg"),
    ("error_code", "error_message"),
    ("errorCode", "errorMsg"),
    ("code", "message"),
)
_MESSAGE_MAX = 300
_MAY_HAVE_ACTED = "; ModelArts may have carried it out: look (list or show) before trying again"
_SECONDS = re.compile(r"\d+(\.\d+)?")


class Failure(Exception):
    """One failed attempt: the error to raise if it is the last, whether ModelArts may have acted
    (``maybe_processed``) and the wait it asked for: the two facts core/http.py's retry rules read."""

    def __init__(
        self, error: UpstreamError, *, maybe_processed: bool, retry_after: float | None = None
    ) -> None:
        super().__init__(str(error))
        self.error = error
        self.maybe_processed = maybe_processed
        self.retry_after = retry_after


def secrets_in(headers: Mapping[str, str]) -> list[str]:
    """Values never to be echoed: credential headers, and the access key inside Authorization."""
    found = [value for name, value in headers.items() if name.lower() in SENSITIVE_HEADERS]
    for name, value in headers.items():
        parsed = signer.parse_authorization(value) if name.lower() == "authorization" else None
        if parsed is not None:
            found.append(parsed.access_key)
    return found


def clean(text: str, secrets: list[str]) -> str:
    """One short line without secrets."""
    plain = redact_text(re.sub(r"\s+", " ", text).strip(), secrets)
    return plain if len(plain) <= _MESSAGE_MAX else plain[: _MESSAGE_MAX - 1] + "…"


def _preview(body: str, secrets: list[str]) -> str:
    return clean(re.sub(r"<[^>]*>", " ", body), secrets)  # tags out of proxies' HTML error pages


def malformed(response: httpx.Response, call: str, why: str, *, may_have_acted: bool) -> UpstreamError:
    """The error for a 2xx answer we cannot use. Its body is described, never quoted (it may hold a token).

    ``may_have_acted``: the call changes something (create, start, stop, delete, renew), so the
    person must hear that ModelArts may have done it despite the answer.
    """
    kind = response.headers.get("Content-Type", "no content type").split(";")[0]
    consequence = _MAY_HAVE_ACTED if may_have_acted else ""
    return UpstreamError(
        response.status_code,
        None,
        f"ModelArts sent an unusable answer to {call} ({why}; HTTP {response.status_code}, "
        f"{len(response.content)} bytes of {kind}){consequence}",
        response.headers.get("X-Request-Id"),
    )


def _dicts_breadth_first(data: Any) -> list[dict[str, Any]]:
    found, level = [], [data]
    while level:
        dicts = [item for item in level if isinstance(item, dict)]
        found += dicts
        level = [value for item in dicts for value in item.values()]
    return found


def find_code_message(data: Any) -> tuple[str | None, str | None]:
    """The shallowest complete (code, message) pair; failing that, the shallowest half of one."""
    dicts = _dicts_breadth_first(data)
    for complete in (True, False):
        for item in dicts:
            for code_key, message_key in _ERROR_KEY_PAIRS:
                present = (code_key in item, message_key in item)
                if all(present) if complete else any(present):
                    return _text(item.get(code_key)), _text(item.get(message_key))
    return None, None


def _text(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def error_from(response: httpx.Response, secrets: list[str]) -> UpstreamError:
    """The UpstreamError a non-2xx answer stands for, whatever shape (or none) its body has."""
    try:
        data = json.loads(response.content)
    except ValueError:
        data = None
    code, message = find_code_message(data)
    request_id = response.headers.get("X-Request-Id")
    if request_id is None and isinstance(data, dict):  # API gateway errors carry it in the body
        request_id = _text(data.get("request_id")) or _text(data.get("requestId"))
    if message is None and code is None:
        message = _preview(response.text, secrets)
    if not message:
        message = f"HTTP {response.status_code} {response.reason_phrase}".strip()
    return UpstreamError(response.status_code, code, clean(message, secrets), request_id)


def refusal(response: httpx.Response, secrets: list[str], clock: Callable[[], float]) -> Exception:
    """What a non-2xx answer means: a Failure when another attempt may help, else the error to raise."""
    error = error_from(response, secrets)
    wait = retry_after(response, clock)
    if error.kind is ErrorKind.THROTTLED or response.status_code == 429:
        return Failure(error, maybe_processed=False, retry_after=wait)
    if error.kind is ErrorKind.TIMEOUT or response.status_code >= 500 or response.status_code == 408:
        return Failure(error, maybe_processed=True, retry_after=wait)
    error.retry_after = None if wait is None else max(wait, 0.0)
    return error  # ModelArts refused it: sending it again would be refused again


def transport_failure(
    exc: httpx.HTTPError, call: str, secrets: list[str], host: str, changes_state: bool
) -> Exception:
    """What a failure to get an answer means: a Failure (retry rules apply) or an error to raise now."""
    detail = clean(str(exc) or type(exc).__name__, secrets)
    consequence = _MAY_HAVE_ACTED if changes_state else ""
    if isinstance(exc, httpx.ConnectTimeout | httpx.ConnectError):
        return Failure(
            UpstreamUnreachable(0, None, f"cannot connect to {host} ({detail})"), maybe_processed=False
        )
    if isinstance(exc, httpx.PoolTimeout):
        message = f"no free connection to {host} in time ({call})"
        return Failure(UpstreamTimeout(0, None, message), maybe_processed=False)
    if isinstance(exc, httpx.TimeoutException):
        message = f"no answer from {host} in time to {call}; it may still have been carried out"
        return Failure(UpstreamTimeout(0, None, message), maybe_processed=True)
    if isinstance(exc, httpx.DecodingError):  # an answer came, but its body cannot be decompressed
        message = f"ModelArts sent an unusable answer to {call} (its body cannot be decoded: {detail})"
        return Failure(UpstreamError(502, None, message + consequence), maybe_processed=True)
    if isinstance(exc, httpx.TransportError) and not isinstance(
        exc, httpx.UnsupportedProtocol | httpx.LocalProtocolError
    ):
        message = f"the connection to {host} broke during {call} ({detail}); it may have been carried out"
        return Failure(UpstreamUnreachable(0, None, message), maybe_processed=True)
    return UpstreamUnreachable(0, None, f"cannot send {call} to {host} ({detail})")


def retry_after(response: httpx.Response, clock: Callable[[], float]) -> float | None:
    """Seconds the answer asks to wait (Retry-After as seconds or as a date), None when it does not say."""
    value = (response.headers.get("Retry-After") or "").strip()
    if not value:
        return None
    if _SECONDS.fullmatch(value):
        return float(value)
    moment = http_date(value)
    if moment is None:
        return None
    # Relative to the server's own clock when it sent one, so a skewed local clock does not matter.
    now = http_date(response.headers.get("Date")) or clock()
    return moment - now


def http_date(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError):
        return None
