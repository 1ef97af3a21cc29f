"""Every failure the core can raise, and how to classify an upstream one.

Every front end catches :class:`ModelArtsError` and renders it. Messages are
written for people and never contain credentials: exceptions are built from
field locations, rules, upstream codes and request ids only.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

# Longest value echoed back in a problem report: enough to recognise the
# input, short enough that a pasted blob does not flood a log line.
_VALUE_PREVIEW = 80


def preview(value: object) -> str:
    text = repr(value)
    return text if len(text) <= _VALUE_PREVIEW else text[: _VALUE_PREVIEW - 1] + "…"


@dataclass(frozen=True)
class FieldProblem:
    """One offending value: where it is, which rule it breaks, what it was."""

    location: str  # dotted path with its source first, e.g. "body.volume.capacity"
    rule: str  # a sentence a person can act on, e.g. "EVS capacity must be 5–4096 GB"
    value: str | None = None  # preview of the offending value, None when absent

    def describe(self) -> str:
        shown = f" (got {self.value})" if self.value is not None else ""
        return f"{self.location}: {self.rule}{shown}"


class ModelArtsError(Exception):
    """Base class; ``str(error)`` is a complete one-line explanation."""


class ConfigurationError(ModelArtsError):
    """jupyter-modelarts is not configured well enough to call ModelArts."""

    def __init__(self, message: str, *, hint: str = "", problems: Sequence[str] = ()) -> None:
        self.message = message
        self.hint = hint
        # The separate sentences ``message`` joins, for reports that list them one per line.
        self.problems = list(problems) or [message]
        super().__init__(f"{message} {hint}".strip())


class _ProblemsError(ModelArtsError):
    headline = ""

    def __init__(self, problems: Sequence[FieldProblem]) -> None:
        self.problems = list(problems)
        listed = "; ".join(p.describe() for p in self.problems)
        super().__init__(f"{self.headline}: {listed}" if listed else self.headline)


class ContractError(_ProblemsError):
    """The request breaks the ModelArts API contract (every problem is listed)."""

    headline = "Invalid request"


class PolicyError(_ProblemsError):
    """The request is valid for ModelArts but the administrator does not allow it."""

    headline = "Not allowed by the administrator's policy"


class LookupProblem(ModelArtsError):
    """A name given by a person matches no instance, or more than one."""

    def __init__(self, message: str, *, candidates: Sequence[str] = ()) -> None:
        self.candidates = list(candidates)
        super().__init__(message)


class ErrorKind(enum.Enum):
    """What an upstream failure means for the caller (decides status codes and retries)."""

    INVALID = "invalid"  # ModelArts rejected the input
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"  # wrong state for the operation, or one already running
    QUOTA = "quota"
    AUTH = "auth"  # credentials or signature rejected
    FORBIDDEN = "forbidden"  # authenticated but not permitted
    THROTTLED = "throttled"
    TIMEOUT = "timeout"
    UNAVAILABLE = "unavailable"  # could not reach ModelArts at all
    UPSTREAM = "upstream"  # anything else ModelArts got wrong


# ModelArts answers almost everything with HTTP 400, so the code decides (docs/modelarts-api.md §10);
# the status is only a fallback for bodies without a recognisable code.
_CODE_KINDS = {
    code: kind
    for kind, codes in (
        (ErrorKind.NOT_FOUND, "ModelArts.6309 ModelArts.6404 ModelArts.6797"),
        (
            ErrorKind.CONFLICT,
            "ModelArts.6304 ModelArts.6305 ModelArts.6306 ModelArts.6307 ModelArts.6308 "
            "ModelArts.6327 ModelArts.6333 ModelArts.6347 ModelArts.6355 ModelArts.6357 ModelArts.6326",
        ),
        (ErrorKind.QUOTA, "ModelArts.0113 ModelArts.0116 ModelArts.0118 ModelArts.6302"),
        (
            ErrorKind.AUTH,
            "APIG.0301 APIG.0101 ModelArts.0201 ModelArts.0202 ModelArts.0203 ModelArts.0204 "
            "ModelArts.0206 ModelArts.0207 ModelArts.0212 ModelArts.0210 ModelArts.6608 ModelArts.6620",
        ),
        (ErrorKind.FORBIDDEN, "ModelArts.0108 ModelArts.0112 ModelArts.6201 ModelArts.6203"),
        (ErrorKind.THROTTLED, "APIG.0308 ModelArts.6101"),
        (ErrorKind.TIMEOUT, "ModelArts.6100"),
    )
    for code in codes.split()
}
_STATUS_KINDS = {
    429: ErrorKind.THROTTLED,
    408: ErrorKind.TIMEOUT,
    504: ErrorKind.TIMEOUT,
    401: ErrorKind.AUTH,
    403: ErrorKind.FORBIDDEN,
    404: ErrorKind.NOT_FOUND,
    409: ErrorKind.CONFLICT,
}


def classify(http_status: int, code: str | None) -> ErrorKind:
    """Map a ModelArts answer to an :class:`ErrorKind`, code first, status second."""
    if code in _CODE_KINDS:
        return _CODE_KINDS[code]
    if http_status in _STATUS_KINDS:
        return _STATUS_KINDS[http_status]
    return ErrorKind.INVALID if 400 <= http_status < 500 else ErrorKind.UPSTREAM


@dataclass
class UpstreamError(ModelArtsError):
    """ModelArts (or its gateway) answered with an error, or could not be reached.

    ``http_status`` is 0 when no answer arrived (connection failure, timeout).
    ``retry_after`` is the wait in seconds ModelArts asked for (its Retry-After
    header) when its last answer said so, for front ends to pass on.
    """

    http_status: int
    code: str | None
    message: str
    request_id: str | None = None
    kind: ErrorKind = field(init=False)
    retry_after: float | None = field(default=None, kw_only=True)
    kind_when_no_answer: ClassVar[ErrorKind | None] = None  # subclasses for failures without an answer

    def __post_init__(self) -> None:
        self.kind = self.kind_when_no_answer or classify(self.http_status, self.code)
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.code:
            head = f"ModelArts error {self.code}"
        elif self.http_status:
            head = f"ModelArts error (HTTP {self.http_status})"
        else:  # no answer at all: saying "HTTP 0" would suggest ModelArts sent something
            head = "ModelArts did not answer"
        message = self.message.strip()
        if not self.request_id:
            return f"{head}: {message}"
        # "...exist (request id X)." reads as one sentence; "...exist. (request id X)." does not.
        end = "." if message.endswith(".") else ""
        return f"{head}: {message.removesuffix('.')} (request id {self.request_id}){end}"


class UpstreamTimeout(UpstreamError):
    kind_when_no_answer = ErrorKind.TIMEOUT


class UpstreamUnreachable(UpstreamError):
    kind_when_no_answer = ErrorKind.UNAVAILABLE
