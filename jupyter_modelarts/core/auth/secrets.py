"""Keeping credentials out of logs, reprs and messages.

Credentials travel as pydantic ``SecretStr`` (its repr and JSON form are
``**********``) inside the value types defined here (core/auth/credentials.py
resolves them). The helpers cover text a secret may already be in, such as an
upstream error body that echoes a header back, and every log record.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import SecretStr

from jupyter_modelarts.core.errors import ConfigurationError

REDACTED = "<redacted>"
# Headers that carry a credential or something derived from one (the
# Authorization header names the access key).
SENSITIVE_HEADERS = frozenset({"authorization", "x-auth-token", "x-security-token", "x-subject-token"})
# Shorter values are not worth scrubbing from text: replacing every "ab"
# would make logs unreadable, and no real credential is that short.
_MIN_SCRUB_LENGTH = 6


def secret(value: str | SecretStr | None) -> SecretStr | None:
    """Wrap a configured value; empty or whitespace-only means "not set"."""
    if isinstance(value, SecretStr):
        value = value.get_secret_value()
    if value is None or not value.strip():
        return None
    return SecretStr(value.strip())


class _HoldsSecrets:
    """Base for value types holding secrets: plain strings get wrapped, pickling is refused."""

    _secret_fields: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Callers without type checking may pass plain strings: wrap them so
        # that repr() can never show one.
        for name in self._secret_fields:
            value = getattr(self, name)
            if isinstance(value, str):
                object.__setattr__(self, name, SecretStr(value))

    def __reduce__(self) -> str | tuple[object, ...]:
        raise TypeError(f"{type(self).__name__} cannot be pickled: it holds secrets")


@dataclass(frozen=True)
class AkSkCredentials(_HoldsSecrets):
    """A permanent or temporary access key pair; temporary ones come with a security token."""

    access_key: SecretStr
    secret_key: SecretStr
    security_token: SecretStr | None = None
    project_id: str | None = None
    _secret_fields = ("access_key", "secret_key", "security_token")


@dataclass(frozen=True)
class IamTokenCredentials(_HoldsSecrets):
    """A project-scoped IAM token, sent as ``X-Auth-Token`` instead of signing."""

    token: SecretStr
    project_id: str | None = None
    _secret_fields = ("token",)


Credentials = AkSkCredentials | IamTokenCredentials


def require_header_safe(value: SecretStr, name: str, where: str) -> None:
    """Credentials end up in HTTP headers: printable ASCII without spaces or quotes only.

    Quotes are refused because no Huawei Cloud credential contains one, while
    ``ak = "AK..."`` in an INI file is a common slip that would otherwise only
    surface as a signature failure.  The error names the setting, never the value.
    """
    if not all("!" <= ch <= "~" and ch not in "\"'" for ch in value.get_secret_value()):
        raise ConfigurationError(
            f"The {name} from {where} contains spaces, quotes or characters that cannot be sent "
            "in an HTTP header.",
            hint="Copy it again from the console or the credentials CSV; do not add quotes.",
        )


def redact_text(text: str, secrets: Iterable[str | SecretStr | None]) -> str:
    """Replace every occurrence of each secret in ``text`` (longest first)."""
    plain = {s.get_secret_value() if isinstance(s, SecretStr) else s for s in secrets if s is not None}
    for value in sorted((v for v in plain if len(v) >= _MIN_SCRUB_LENGTH), key=len, reverse=True):
        text = text.replace(value, REDACTED)
    return text


_redacted: set[str] = set()


def redact_all_logs(secrets: Iterable[str | SecretStr | None]) -> None:
    """Scrub ``secrets`` from every log record this process creates from now on, whatever its logger.

    A filter would not do: every Jupyter application logs through a logger of
    its own with its own handlers, which traitlets replaces whenever logging is
    reconfigured, and some of them print the whole configuration at DEBUG
    level ("Config changed: ..."), a secret put into a config file included.
    So the record factory (a public logging hook) cleans each record as it is
    made; the previous factory is kept and called first. Installed once; later
    calls add secrets.
    """
    fresh = {s.get_secret_value() if isinstance(s, SecretStr) else s for s in secrets if s}
    fresh = {value for value in fresh if value.strip()}
    if not fresh:
        return
    first = not _redacted
    _redacted.update(fresh)
    if not first:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        message = record.getMessage()
        cleaned = redact_text(message, _redacted)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return record

    logging.setLogRecordFactory(factory)
