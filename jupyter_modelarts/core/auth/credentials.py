"""Where the ModelArts credentials come from.

Compatible with huaweicloudsdkcore's basic-credential sources (docs/modelarts-api.md
§9.5) plus an IAM token, which the SDK does not support.  With
``credential_source="auto"`` the first source that has anything wins:

1. explicit config: ``c.ModelArts.access_key`` + ``secret_key``
   (+ ``security_token``), then ``c.ModelArts.iam_token``;
2. environment: ``HUAWEICLOUD_SDK_AK`` + ``HUAWEICLOUD_SDK_SK``
   (+ ``HUAWEICLOUD_SDK_SECURITY_TOKEN``), then ``MODELARTS_IAM_TOKEN``;
3. profile file: ``c.ModelArts.credentials_file``, else
   ``HUAWEICLOUD_SDK_CREDENTIALS_FILE``, else ``~/.huaweicloud/credentials``;
   section ``[basic]``, keys ``ak``, ``sk``, ``security_token``, ``project_id``.

A source that is only half filled in (an access key without a secret key) is
an error, not a reason to fall through: silently using other credentials
than the ones a person started to configure is worse than stopping.

The project ID is ``c.ModelArts.project_id`` if set, else the one stored
with the credentials (``HUAWEICLOUD_SDK_PROJECT_ID`` for environment
credentials and tokens, ``project_id`` in the profile file).

This module never imports huaweicloudsdkcore: importing its credentials
module writes ``~/.huaweicloud/application_id``.
"""

from __future__ import annotations

import enum
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from pydantic import SecretStr

from jupyter_modelarts.core.auth.profile import locate_profile, read_profile_section
from jupyter_modelarts.core.auth.secrets import (
    AkSkCredentials,
    Credentials,
    IamTokenCredentials,
    require_header_safe,
    secret,
)
from jupyter_modelarts.core.contract.limits import PROJECT_ID_PATTERN
from jupyter_modelarts.core.errors import ConfigurationError

log = logging.getLogger(__name__)

ENV_AK = "HUAWEICLOUD_SDK_AK"
ENV_SK = "HUAWEICLOUD_SDK_SK"
ENV_SECURITY_TOKEN = "HUAWEICLOUD_SDK_SECURITY_TOKEN"
ENV_PROJECT_ID = "HUAWEICLOUD_SDK_PROJECT_ID"
ENV_IAM_TOKEN = "MODELARTS_IAM_TOKEN"
_CONFIG = "c.ModelArts"  # how explicit settings are named in messages


class CredentialSource(enum.StrEnum):
    AUTO = "auto"
    CONFIG = "config"
    ENV = "env"
    PROFILE = "profile"
    IAM_TOKEN = "iam-token"


@dataclass(frozen=True)
class ResolvedCredentials:
    credentials: Credentials
    source: str  # e.g. "environment (HUAWEICLOUD_SDK_AK)"
    project_source: str | None = None
    # Where this source keeps a project id of its own, for the hint when none is set (e.g. the
    # env variable for env credentials); c.ModelArts.project_id works for every source.
    project_home: str | None = None

    @property
    def project_id(self) -> str | None:
        return self.credentials.project_id

    @property
    def kind(self) -> str:
        return "AK/SK" if isinstance(self.credentials, AkSkCredentials) else "IAM token"

    def require_project_id(self) -> str:
        if self.credentials.project_id is None:
            raise ConfigurationError(
                f"No ModelArts project ID is configured for the credentials from {self.source}.",
                hint=f"Set c.ModelArts.project_id{f' or {self.project_home}' if self.project_home else ''} "
                "(32 hex characters, shown under My Credentials > API Credentials for your region).",
            )
        return self.credentials.project_id

    def secrets(self) -> tuple[SecretStr, ...]:
        """Every secret value, for redaction filters (core/auth/secrets.py)."""
        c = self.credentials
        if isinstance(c, IamTokenCredentials):
            return (c.token,)
        return tuple(s for s in (c.access_key, c.secret_key, c.security_token) if s is not None)


@dataclass(frozen=True)
class CredentialInputs:
    """What the configuration says explicitly (``c.ModelArts.*`` or CLI flags); None = not set.

    Plain strings given for the secret fields are wrapped, and empty ones
    count as not set, so a repr of the inputs never shows a secret either.
    """

    access_key: SecretStr | None = None
    secret_key: SecretStr | None = None
    security_token: SecretStr | None = None
    iam_token: SecretStr | None = None
    project_id: str | None = None
    credentials_file: str | None = None
    source: CredentialSource = CredentialSource.AUTO

    def __post_init__(self) -> None:
        for name in ("access_key", "secret_key", "security_token", "iam_token"):
            object.__setattr__(self, name, secret(getattr(self, name)))


def _aksk(
    values: Mapping[str, SecretStr | None], names: tuple[str, str, str], where: str
) -> Credentials | None:
    """AK/SK credentials from one source; None if it has none; an error if half filled."""
    ak, sk, token = (values.get(n) for n in names)
    if ak is None and sk is None and token is None:
        return None
    if ak is None or sk is None:
        missing = [n for n, v in zip(names[:2], (ak, sk), strict=True) if v is None]
        present = [n for n, v in zip(names, (ak, sk, token), strict=True) if v is not None]
        raise ConfigurationError(
            f"Incomplete credentials in {where}: {' and '.join(missing)} missing "
            f"({' and '.join(present)} {'is' if len(present) == 1 else 'are'} set).",
            hint="Set both the access key and the secret key, or remove the partial setting.",
        )
    for name, value in zip(names, (ak, sk, token), strict=True):
        if value is not None:
            require_header_safe(value, name, where)
    return AkSkCredentials(ak, sk, token)


def _token(value: SecretStr | None, name: str, where: str) -> Credentials | None:
    if value is not None:
        require_header_safe(value, name, where)
    return None if value is None else IamTokenCredentials(value)


def _project(value: str | None, where: str) -> str | None:
    if value is None or not value.strip():
        return None
    project = value.strip()
    if not PROJECT_ID_PATTERN.match(project):
        # Not echoed: a secret key pasted into the wrong field would end up on screen.
        raise ConfigurationError(
            f"The project ID from {where} is not a project ID (got {len(project)} characters).",
            hint="A project ID is 32 lower-case hexadecimal characters.",
        )
    return project


@dataclass(frozen=True)
class _Chain:
    """One resolution: each step returns credentials, or a note of what it looked at."""

    explicit: CredentialInputs
    env: Mapping[str, str]
    home: Path

    def found(
        self,
        creds: Credentials | None,
        source: str,
        looked_at: str,
        own_project: tuple[str | None, str] = (None, ""),
        project_home: str | None = None,
    ) -> ResolvedCredentials | str:
        """Attach the project ID: the explicit one wins over the one stored with the credentials."""
        if creds is None:
            return looked_at
        label = f"{_CONFIG}.project_id"
        project, where = _project(self.explicit.project_id, label), label
        if project is None:
            project, where = _project(own_project[0], own_project[1]), own_project[1]
        return ResolvedCredentials(
            replace(creds, project_id=project), source, where if project else None, project_home
        )

    def config_aksk(self) -> ResolvedCredentials | str:
        names = (f"{_CONFIG}.access_key", f"{_CONFIG}.secret_key", f"{_CONFIG}.security_token")
        given = (self.explicit.access_key, self.explicit.secret_key, self.explicit.security_token)
        creds = _aksk(dict(zip(names, given, strict=True)), names, f"{_CONFIG} config")
        return self.found(creds, f"{_CONFIG} config", names[0])

    def config_token(self) -> ResolvedCredentials | str:
        name = f"{_CONFIG}.iam_token"
        return self.found(_token(self.explicit.iam_token, name, name), f"IAM token ({name})", name)

    def env_aksk(self) -> ResolvedCredentials | str:
        names = (ENV_AK, ENV_SK, ENV_SECURITY_TOKEN)
        creds = _aksk({n: secret(self.env.get(n)) for n in names}, names, "the environment")
        return self.found(creds, f"environment ({ENV_AK})", ENV_AK, self.env_project(), ENV_PROJECT_ID)

    def env_token(self) -> ResolvedCredentials | str:
        creds = _token(secret(self.env.get(ENV_IAM_TOKEN)), ENV_IAM_TOKEN, "the environment")
        source = f"IAM token (environment {ENV_IAM_TOKEN})"
        return self.found(creds, source, ENV_IAM_TOKEN, self.env_project(), ENV_PROJECT_ID)

    def env_project(self) -> tuple[str | None, str]:
        return self.env.get(ENV_PROJECT_ID), f"environment ({ENV_PROJECT_ID})"

    def profile(self) -> ResolvedCredentials | str:
        setting = f"{_CONFIG}.credentials_file"
        path, named_by = locate_profile(self.explicit.credentials_file, setting, self.env, self.home)
        if named_by is None and self.explicit.source is CredentialSource.PROFILE:
            named_by = "credential_source=profile"
        section = read_profile_section(path, "basic", required_by=named_by)
        if isinstance(section, str):  # not there, and nobody asked for it
            return section
        where = f"profile file {section.path} [basic]"
        keys = ("ak", "sk", "security_token")
        creds = _aksk({k: secret(section.values.get(k)) for k in keys}, keys, where)
        if creds is None:
            federated = "idp_id" in section.values or "id_token_file" in section.values
            raise ConfigurationError(
                f"The {where} has no ak and sk.",
                hint="Federated login (idp_id/id_token_file) is not supported; add ak and sk."
                if federated
                else "Add the keys ak and sk (and project_id) to that section.",
            )
        project = (section.values.get("project_id"), where)
        return self.found(creds, where, where, project, f"project_id in the {where}")


_STEPS = {
    CredentialSource.AUTO: ("config_aksk", "config_token", "env_aksk", "env_token", "profile"),
    CredentialSource.CONFIG: ("config_aksk", "config_token"),
    CredentialSource.ENV: ("env_aksk", "env_token"),
    CredentialSource.PROFILE: ("profile",),
    CredentialSource.IAM_TOKEN: ("config_token", "env_token"),
}


def resolve_credentials(
    explicit: CredentialInputs, env: Mapping[str, str] = os.environ, home: Path | None = None
) -> ResolvedCredentials:
    """Apply the chain in the module docstring; raise ConfigurationError saying what to set."""
    chain = _Chain(explicit, env, home if home is not None else Path.home())
    looked_at: list[str] = []
    for step in _STEPS[CredentialSource(explicit.source)]:
        outcome: ResolvedCredentials | str = getattr(chain, step)()
        if isinstance(outcome, ResolvedCredentials):
            log.debug("ModelArts credentials (%s) from %s", outcome.kind, outcome.source)
            return outcome
        looked_at.append(outcome)
    raise ConfigurationError(
        f"No ModelArts credentials found (credential_source={explicit.source}; "
        f"looked at: {', '.join(looked_at)}).",
        hint=f"Set {ENV_AK} and {ENV_SK} (and {ENV_PROJECT_ID}), or put ak, sk and project_id under [basic] "
        f"in ~/.huaweicloud/credentials, or set {ENV_IAM_TOKEN} to a project-scoped IAM token.",
    )
