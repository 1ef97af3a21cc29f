"""Reading what ModelArts answered: JSON bodies, error code/message/request id, safe previews.

Kept apart from the transport (core.http) because it is the one place where
text from the other side ends up in our messages: everything that leaves here
is one short line with every credential value of the request redacted, so a
proxy that echoes headers, or an error page quoting the request, cannot leak
a secret into an exception, a log line or a browser.
"""

from __future__ import annotations

import json
import re
from typing import Any

import httpx

from jupyter_modelarts.core.auth import signer
from jupyter_modelarts.core.auth.secrets import SENSITIVE_HEADERS, redact_text
from jupyter_modelarts.core.errors import UpstreamError

# Code/message spellings seen in ModelArts, the legacy DevEnviron API, gateways and other services,
# in the order the SDK tries them (REFERENCE §9.7) plus the legacy ``error_message``.
_ERROR_KEY_PAIRS = (
    ("error_code", "error_msg"),
    ("error_code", "error_message"),
    ("errorCode", "errorMsg"),
    ("code", "message"),
)
_MESSAGE_MAX = 300


def secrets_in(headers: dict[str, str]) -> list[str]:
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


def preview(body: str, secrets: list[str]) -> str:
    return clean(re.sub(r"<[^>]*>", " ", body), secrets)  # tags out of proxies' HTML error pages


class NotJson(ValueError):
    """Raised by a body decoder (core.http ``Decoder``): the body is not JSON (the transport words it)."""


def decode_json(content: bytes, status: int, request_id: str | None) -> Any:
    """The default decoder of a 2xx body: plain JSON."""
    try:
        return json.loads(content)
    except ValueError:
        raise NotJson from None


def malformed_success(response: httpx.Response, secrets: list[str]) -> UpstreamError:
    """The error for a 2xx answer whose body is not JSON."""
    return UpstreamError(
        response.status_code,
        None,
        f"ModelArts sent a malformed response (HTTP {response.status_code}, not JSON): "
        f"{preview(response.text, secrets) or '(unreadable)'}",
        response.headers.get("X-Request-Id"),
    )


def dicts_breadth_first(data: Any) -> list[dict[str, Any]]:
    found, level = [], [data]
    while level:
        dicts = [item for item in level if isinstance(item, dict)]
        found += dicts
        level = [value for item in dicts for value in item.values()]
    return found


def find_code_message(data: Any) -> tuple[str | None, str | None]:
    """The shallowest complete (code, message) pair; failing that, the shallowest half of one."""
    dicts = dicts_breadth_first(data)
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
        message = preview(response.text, secrets)
    if not message:
        message = f"HTTP {response.status_code} {response.reason_phrase}".strip()
    return UpstreamError(response.status_code, code, clean(message, secrets), request_id)
