"""The ``c.ModelArts.*`` configuration section, shared by every front end, and reading it.

The server extension builds ``ModelArts(parent=server_app)``, the magics
``ModelArts(parent=shell)`` and the CLI ``ModelArts(config=...)``, so one
section in ``jupyter_server_config.py`` or ``ipython_config.py`` configures all
of them. Resolution lives in core/auth/credentials.py and core/regions.py,
the policy in core/policy.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

from pydantic import SecretStr
from traitlets import (
    Bool,
    Callable,
    Dict,
    Enum,
    Float,
    Int,
    List,
    TraitError,
    TraitType,
    Unicode,
    Union,
    validate,
)
from traitlets.config import Configurable
from traitlets.config.loader import LazyConfigValue

from jupyter_modelarts.core.auth.credentials import (
    CredentialInputs,
    CredentialSource,
    ResolvedCredentials,
    resolve_credentials,
)
from jupyter_modelarts.core.contract.limits import LEASE_MAX_MS, PROJECT_ID_PATTERN
from jupyter_modelarts.core.errors import ConfigurationError
from jupyter_modelarts.core.regions import (
    ResolvedEndpoint,
    resolve_endpoint,
    validate_endpoint,
    validate_region,
)

SECTION = "ModelArts"
_MAX_LEASE_HOURS = LEASE_MAX_MS / 3_600_000
_SECRET_ADVICE = (
    "Prefer the environment (HUAWEICLOUD_SDK_*) or the profile file ~/.huaweicloud/credentials: "
    "config files are often shared or committed. The value is never shown by any API, log or command."
)


def _help(*lines: str) -> str:
    return "\n".join(lines)


def _text(*help_lines: str) -> Unicode[str | None, str | bytes | None]:
    """An optional string setting; None means "not set"."""
    return Unicode(None, allow_none=True, help=_help(*help_lines)).tag(config=True)


def _seconds(default: float, *help_lines: str) -> Float[float, int | float]:
    return Float(default, help=_help(*help_lines)).tag(config=True)


def _names(*help_lines: str) -> TraitType[list[str] | None, list[str] | None]:
    """A list of ids where None means "no restriction" (traitlets types List never None: hence the cast)."""
    trait = List(Unicode(), default_value=None, allow_none=True, help=_help(*help_lines)).tag(config=True)
    return cast("TraitType[list[str] | None, list[str] | None]", trait)


class Secret(TraitType[SecretStr | None, str | SecretStr | None]):
    """A credential, held as pydantic's SecretStr: ``%config ModelArts``, reprs and help show ``**********``.

    traitlets prints every trait's current value with repr() (``Current: ...``
    in ``%config ModelArts`` and ``--help-all`` of a configured app), and in
    its own error messages; a plain Unicode trait would print the key itself.
    """

    default_value = None
    allow_none = True
    info_text = "a string (shown as **********)"

    def __init__(self, *help_lines: str) -> None:
        super().__init__(help=_help(*help_lines), config=True)

    def validate(self, obj: Any, value: Any) -> SecretStr | None:
        if value is None or isinstance(value, SecretStr):
            return value
        if isinstance(value, str):
            return SecretStr(value)
        raise TraitError(f"The '{self.name}' trait of {type(obj).__name__} must be a string.")


class ModelArts(Configurable):
    """Connection, credentials, pacing and admin policy for jupyter-modelarts."""

    # ---- where to connect
    region = _text(
        "Huawei Cloud region id, for example cn-north-4 or ap-southeast-3.",
        "The endpoint is derived from it unless `endpoint` is set.",
        "Precedence: this setting > MODELARTS_REGION.",
    )
    endpoint = _text(
        "Base URL of the ModelArts API, for example https://modelarts.cn-north-4.myhuaweicloud.com,",
        "a private gateway, or the bundled simulator (http://127.0.0.1:PORT). No path.",
        "Precedence: this setting > MODELARTS_ENDPOINT > HUAWEICLOUD_SDK_REGION_MODELARTS_<REGION>",
        "> the SDK's region table > https://modelarts.{region}.myhuaweicloud.com.",
    )
    project_id = _text(
        "Project id of the region (32 hex characters; console: My Credentials > API Credentials).",
        "Precedence: this setting > the project stored with the credentials",
        "(HUAWEICLOUD_SDK_PROJECT_ID, or project_id in the profile file).",
    )

    # ---- credentials
    credential_source = Enum(
        [s.value for s in CredentialSource],
        default_value="auto",
        config=True,
        help=_help(
            "Which credential source to use:",
            "  auto      - explicit settings, then environment, then profile file (first found wins);",
            "  config    - only access_key/secret_key/security_token or iam_token below;",
            "  env       - only HUAWEICLOUD_SDK_AK/SK/SECURITY_TOKEN or MODELARTS_IAM_TOKEN;",
            "  profile   - only the profile file ([basic] section: ak, sk, security_token, project_id);",
            "  iam-token - only an IAM token (iam_token below or MODELARTS_IAM_TOKEN), sent as X-Auth-Token.",
            "A source that is half filled in (an AK without SK) is an error, never skipped.",
        ),
    )
    access_key = Secret("Access key (AK).", _SECRET_ADVICE)
    secret_key = Secret("Secret key (SK).", _SECRET_ADVICE)
    security_token = Secret(
        "Security token of temporary AK/SK (STS or agency credentials); sent as X-Security-Token.",
        _SECRET_ADVICE,
    )
    iam_token = Secret(
        "Project-scoped IAM token (valid 24 h) used instead of AK/SK, sent as X-Auth-Token.",
        "Prefer the MODELARTS_IAM_TOKEN environment variable.",
        _SECRET_ADVICE,
    )
    credentials_file = _text(
        "Path of the SDK profile file. Precedence: this setting > HUAWEICLOUD_SDK_CREDENTIALS_FILE",
        "> ~/.huaweicloud/credentials. A file named here must exist.",
    )

    # ---- transport
    request_timeout = _seconds(
        30.0, "Seconds to wait for a ModelArts answer (read timeout) before the request fails or is retried."
    )
    connect_timeout = _seconds(10.0, "Seconds to wait for a TCP/TLS connection to ModelArts.")
    max_retries = Int(
        3,
        config=True,
        help=_help(
            "Retries of a request that failed in a retryable way (connection error, timeout, 429,",
            "ModelArts.6101 'system busy'); never for 400/403/404. 0 disables retries; at most 10.",
        ),
    )
    retry_backoff = _seconds(
        1.0,
        "Base of the exponential backoff between retries, in seconds: waits are about",
        "base, 2*base, 4*base... (a Retry-After header wins).",
    )
    poll_interval_fast = _seconds(
        3.0,
        "Seconds between status refreshes in the UI while an instance is changing state",
        "(CREATING, STARTING, STOPPING...). A hint for the front ends.",
    )
    poll_interval_slow = _seconds(
        30.0,
        "Seconds between status refreshes in the UI when nothing is changing. A hint for the front ends.",
    )
    catalog_cache_ttl = _seconds(60.0, "Seconds the flavor and image lists are cached; 0 disables the cache.")

    # ---- administrator policy (normalised and enforced by core/policy)
    allowed_flavors = _names(
        "Flavor ids users may launch, e.g. ['modelarts.vm.cpu.2u', 'modelarts.vm.gpu.t4'].",
        "None (the default) allows every flavor ModelArts offers.",
    )
    blocked_flavors = _names(
        "Flavor ids users may never launch; wins over allowed_flavors. None blocks nothing."
    )
    allowed_images = _names("Image ids or names users may launch; None (the default) allows every image.")
    blocked_images = _names(
        "Image ids or names users may never launch; wins over allowed_images. None blocks nothing."
    )
    max_lease_hours = Float(
        None,
        allow_none=True,
        config=True,
        help=_help(
            "Longest auto-stop lease users may ask for, in hours "
            f"(ModelArts allows up to {_MAX_LEASE_HOURS:g}).",
            "None applies only the ModelArts limit. Leases that never stop are refused when this is set.",
        ),
    )
    presets = Union(
        [List(Dict()), Callable()],
        default_value=[],
        config=True,
        help=_help(
            "Launch presets shown in the UI, like KubeSpawner's profile_list: a list of dicts, e.g.",
            "  [{'display_name': 'Small CPU', 'flavor': 'modelarts.vm.cpu.2u',",
            "    'image': 'pytorch1.8-cuda10.2-cudnn7-ubuntu18.04', 'duration': '2h', 'default': True}]",
            "or a callable returning such a list (called per request, may be async).",
        ),
    )
    legacy_api = Bool(
        False,
        config=True,
        help="Also expose the legacy DevEnviron API (/demanager/instances) through the proxy.",
    )

    # ---- validation (cheap checks only; resolution happens on use)
    @validate("region", "endpoint")
    def _check_location(self, proposal: dict[str, Any]) -> str | None:
        value: str | None = proposal["value"]
        if value is None or not value.strip():
            return None
        name = proposal["trait"].name
        check = validate_region if name == "region" else validate_endpoint
        try:
            return check(value, f"c.ModelArts.{name}")
        except ConfigurationError as error:
            raise TraitError(str(error)) from None

    @validate("project_id")
    def _check_project_id(self, proposal: dict[str, Any]) -> str | None:
        value: str | None = proposal["value"]
        if value and not PROJECT_ID_PATTERN.match(value.strip()):
            raise TraitError("c.ModelArts.project_id must be 32 lower-case hexadecimal characters.")
        return value.strip() if value else None

    @validate("request_timeout", "connect_timeout", "poll_interval_fast", "poll_interval_slow")
    def _check_positive(self, proposal: dict[str, Any]) -> float:
        value = float(proposal["value"])
        if not value > 0:
            name = proposal["trait"].name
            raise TraitError(f"c.ModelArts.{name} must be more than 0 seconds (got {value}).")
        return value

    @validate("retry_backoff", "catalog_cache_ttl")
    def _check_not_negative(self, proposal: dict[str, Any]) -> float:
        value = float(proposal["value"])
        if not value >= 0:
            name = proposal["trait"].name
            raise TraitError(f"c.ModelArts.{name} must be 0 or more seconds (got {value}).")
        return value

    @validate("max_retries")
    def _check_retries(self, proposal: dict[str, Any]) -> int:
        value = int(proposal["value"])
        if not 0 <= value <= 10:
            raise TraitError(f"c.ModelArts.max_retries must be from 0 to 10 (got {value}).")
        return value

    @validate("max_lease_hours")
    def _check_lease(self, proposal: dict[str, Any]) -> float | None:
        value = proposal["value"]
        if value is not None and not 0 < value <= _MAX_LEASE_HOURS:
            limit = f"more than 0 and at most {_MAX_LEASE_HOURS:g}"
            raise TraitError(f"c.ModelArts.max_lease_hours must be {limit} (got {value}).")
        return None if value is None else float(value)

    # ---- resolution
    def credential_inputs(self) -> CredentialInputs:
        return CredentialInputs(
            access_key=self.access_key,
            secret_key=self.secret_key,
            security_token=self.security_token,
            iam_token=self.iam_token,
            project_id=self.project_id,
            credentials_file=self.credentials_file,
            source=CredentialSource(self.credential_source),
        )

    def resolved_credentials(
        self, env: Mapping[str, str] | None = None, home: Path | None = None
    ) -> ResolvedCredentials:
        return resolve_credentials(self.credential_inputs(), os.environ if env is None else env, home)

    def resolved_endpoint(self, env: Mapping[str, str] | None = None) -> ResolvedEndpoint:
        return resolve_endpoint(self.region, self.endpoint, os.environ if env is None else env)

    def describe(self, env: Mapping[str, str] | None = None, home: Path | None = None) -> dict[str, Any]:
        """What is configured and where each value came from: safe to show users, never raises.

        Contains no secret: only labels of where credentials were found.
        Problems are listed under "problems" (their messages never hold secrets).
        """
        info: dict[str, Any] = {"credential_source_setting": self.credential_source, "problems": []}
        try:
            where = self.resolved_endpoint(env)
            info.update(region=where.region, region_source=where.region_source)
            info.update(endpoint=where.url, endpoint_source=where.source)
        except ConfigurationError as error:
            info["problems"].append(str(error))
        try:
            creds = self.resolved_credentials(env, home)
            info.update(credential_source=creds.source, credential_kind=creds.kind)
            info.update(project_id=creds.project_id, project_source=creds.project_source)
        except ConfigurationError as error:
            info["problems"].append(str(error))
        return info


# Traits whose value must not appear in a message, even when it is invalid.
SECRET_TRAITS = frozenset({"access_key", "secret_key", "security_token", "iam_token"})


def load_settings(parent: Configurable) -> tuple[ModelArts, list[str]]:
    """``ModelArts(parent=parent)``, or, if a trait is invalid, defaults plus every problem.

    Used by the server extension at start and by the magics and the CLI, so
    both name invalid settings the same way. traitlets stops at the first
    invalid trait and quotes its value; here every invalid trait is named, and
    a secret's value never is.
    """
    try:
        return ModelArts(parent=parent), []
    except TraitError:
        pass
    settings = ModelArts()
    problems: list[str] = []
    for name, value in dict(parent.config.get(SECTION, {})).items():
        if not settings.has_trait(name):
            continue  # traitlets already warns about unknown options
        if isinstance(value, LazyConfigValue):  # c.ModelArts.x.append(...) style
            value = value.get_value(getattr(settings, name))
        try:
            setattr(settings, name, value)
        except TraitError as error:
            if name in SECRET_TRAITS:
                problems.append(f"c.ModelArts.{name} has an invalid value (not shown: it is a secret).")
                continue
            text = str(error).strip()
            problems.append(text if text.startswith("c.ModelArts.") else f"c.ModelArts.{name}: {text}")
    return settings, problems or ["c.ModelArts has an invalid value."]
