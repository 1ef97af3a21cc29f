"""What one failed attempt means (core.http): whether ModelArts may have acted, and how long to wait.

Kept apart from the transport's sending loop so that the retry rules of the
module docstring of core.http read in one place: a Failure says whether the
call may have reached ModelArts (``maybe_processed``) and carries the wait
ModelArts asked for; anything else is raised at once.
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Callable

import httpx

from jupyter_modelarts.core.error_body import clean
from jupyter_modelarts.core.errors import UpstreamError, UpstreamTimeout, UpstreamUnreachable

THROTTLE_CODES = frozenset({"APIG.0308", "ModelArts.6101"})
_SECONDS = re.compile(r"\d+(\.\d+)?")


class Failure(Exception):
    """One failed attempt: the error to raise if it is the last, and whether ModelArts may have acted."""

    def __init__(
        self, error: UpstreamError, *, maybe_processed: bool, retry_after: float | None = None
    ) -> None:
        super().__init__(str(error))
        self.error = error
        self.maybe_processed = maybe_processed
        self.retry_after = retry_after


def transport_failure(
    exc: httpx.HTTPError, method: str, path: str, secrets: list[str], host: str, pool_timeout: float
) -> Exception:
    """What a failure to get an answer means: a Failure (retry rules apply) or an error to raise now."""
    detail = clean(str(exc) or type(exc).__name__, secrets)
    call = f"{method} {path}"
    if isinstance(exc, httpx.ConnectTimeout | httpx.ConnectError):
        return Failure(
            UpstreamUnreachable(0, None, f"cannot connect to {host} ({detail})"),
            maybe_processed=False,
        )
    if isinstance(exc, httpx.PoolTimeout):
        message = f"no free connection to {host} within {pool_timeout:g} s ({call})"
        return Failure(UpstreamTimeout(0, None, message), maybe_processed=False)
    if isinstance(exc, httpx.TimeoutException):
        message = f"no answer from {host} in time to {call}; it may still have been carried out"
        return Failure(UpstreamTimeout(0, None, message), maybe_processed=True)
    if isinstance(exc, httpx.TransportError) and not isinstance(
        exc, httpx.UnsupportedProtocol | httpx.LocalProtocolError
    ):
        message = f"the connection to {host} broke during {call} ({detail}); it may have been carried out"
        return Failure(UpstreamUnreachable(0, None, message), maybe_processed=True)
    if isinstance(exc, httpx.DecodingError):
        return UpstreamError(0, None, f"ModelArts sent a malformed response to {call} ({detail})")
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
