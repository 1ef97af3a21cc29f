"""Which ModelArts endpoint to call, and why (docs/modelarts-api.md §9.4).

Region: explicit (``c.ModelArts.region``) > ``MODELARTS_REGION`` > none.

Endpoint, first match wins:

1. explicit (``c.ModelArts.endpoint``);
2. ``MODELARTS_ENDPOINT``;
3. the SDK's per-region override ``HUAWEICLOUD_SDK_REGION_MODELARTS_<REGION>``
   (region upper-cased, ``-`` -> ``_``; the SDK accepts a comma list and
   rotates through it, we use the first entry);
4. the SDK's built-in table where it differs from the pattern
   (ap-southeast-1 lives on ``myhuaweicloud.cn``);
5. ``https://modelarts.{region}.myhuaweicloud.com``.

An endpoint alone is enough (a private gateway or the local simulator); a
region alone is enough; with neither there is nothing to call.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from jupyter_modelarts.core.errors import ConfigurationError

ENV_REGION = "MODELARTS_REGION"
ENV_ENDPOINT = "MODELARTS_ENDPOINT"
SDK_REGION_ENV_PREFIX = "HUAWEICLOUD_SDK_REGION_MODELARTS_"
DEFAULT_ENDPOINT_PATTERN = "https://modelarts.{region}.myhuaweicloud.com"

# Regions listed by huaweicloudsdkmodelarts' ModelArtsRegion (3.1.219).
SDK_REGIONS = frozenset(
    {
        "cn-north-1", "cn-north-4", "cn-south-1", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",
        "cn-east-3", "cn-east-4", "la-south-2", "af-south-1", "cn-north-9", "tr-west-1", "ap-southeast-4",
        "me-east-1", "cn-southwest-2", "cn-north-2", "sa-brazil-1", "la-north-2", "af-north-1",
        "cn-north-12", "cn-southwest-3", "cn-north-11",
    }
)  # fmt: skip
# The only entry of that table that does not follow DEFAULT_ENDPOINT_PATTERN.
SDK_ENDPOINT_EXCEPTIONS: Mapping[str, str] = {
    "ap-southeast-1": "https://modelarts.ap-southeast-1.myhuaweicloud.cn",
}

# Lower-case words joined by "-": cn-north-4, ap-southeast-1, sim-local-1.
REGION_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$")
REGION_MAX = 64
REGION_RULE = "a region id is lower-case letters and digits joined by '-', for example cn-north-4"
_HOST_PATTERN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$")


@dataclass(frozen=True)
class ResolvedEndpoint:
    """The base URL to call, its region, and a label saying where each came from."""

    url: str  # scheme://host[:port], no path and no trailing slash
    region: str | None
    source: str
    region_source: str | None = None


def sdk_region_env_name(region: str) -> str:
    return SDK_REGION_ENV_PREFIX + region.replace("-", "_").upper()


def validate_region(value: str, where: str) -> str:
    """Return the region id, or raise naming ``where`` the bad value came from."""
    region = value.strip()
    if len(region) > REGION_MAX or not REGION_PATTERN.match(region):
        raise ConfigurationError(
            f"The region {region[:REGION_MAX]!r} from {where} is not a valid region id.",
            hint=f"Rule: {REGION_RULE}.",
        )
    return region


def validate_endpoint(value: str, where: str) -> str:
    """Return ``scheme://host[:port]`` (lower-cased), or raise with the broken rule.

    The value is echoed back only when it cannot contain credentials: a URL
    with user info may carry a password, so that message omits it.
    """
    text = value.strip()
    # Checked on the raw text first, so no later message can echo a password.
    if "@" in text.partition("://")[2].partition("/")[0]:
        raise ConfigurationError(
            f"The endpoint from {where} contains user info ('user@' or 'user:password@').",
            hint="Remove it: ModelArts credentials belong in the credential settings, never in the URL.",
        )
    problem = _endpoint_problem(text)
    if problem:
        raise ConfigurationError(
            f"The endpoint {text!r} from {where} is not usable: {problem}.",
            hint="Use a base URL such as https://modelarts.cn-north-4.myhuaweicloud.com "
            "(http:// only for a local simulator).",
        )
    parts = urlsplit(text)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _endpoint_problem(text: str) -> str | None:
    try:
        # urlsplit itself rejects some malformed hosts (unbalanced or invalid [IPv6]).
        parts = urlsplit(text)
        host, port = parts.hostname or "", parts.port
    except ValueError:
        return "it is not a valid URL (check the host name, any [IPv6] brackets and the port)"
    if parts.scheme.lower() not in ("http", "https"):
        return "it must start with https:// or http://"
    if "?" in text or "#" in text:
        return "it must not have a query string or fragment"
    if parts.path not in ("", "/"):
        return f"it must not have a path (found {parts.path!r}); the API paths are added by the client"
    if not host:
        return "it has no host name"
    if port == 0:
        return "its port must be a number from 1 to 65535"
    if not parts.netloc.startswith("[") and not _HOST_PATTERN.match(host):
        return "its host name may only contain letters, digits, '.' and '-'"
    return None


def resolve_region(region: str | None, env: Mapping[str, str]) -> tuple[str | None, str | None]:
    """Return ``(region, where it came from)``; ``(None, None)`` when nobody set one."""
    if region and region.strip():
        return validate_region(region, "c.ModelArts.region"), "c.ModelArts.region"
    from_env = env.get(ENV_REGION, "").strip()
    if from_env:
        where = f"environment ({ENV_REGION})"
        return validate_region(from_env, where), where
    return None, None


def resolve_endpoint(
    region: str | None, endpoint: str | None, env: Mapping[str, str] = os.environ
) -> ResolvedEndpoint:
    """Apply the precedence in the module docstring; raise ConfigurationError with a hint."""
    region_id, region_source = resolve_region(region, env)

    def found(url: str, source: str) -> ResolvedEndpoint:
        return ResolvedEndpoint(validate_endpoint(url, source), region_id, source, region_source)

    if endpoint and endpoint.strip():
        return found(endpoint, "c.ModelArts.endpoint")
    if env.get(ENV_ENDPOINT, "").strip():
        return found(env[ENV_ENDPOINT], f"environment ({ENV_ENDPOINT})")
    if region_id is None:
        raise ConfigurationError(
            "No ModelArts region or endpoint is configured.",
            hint=f"Set c.ModelArts.region (for example cn-north-4) or the {ENV_REGION} environment "
            f"variable; or set c.ModelArts.endpoint or {ENV_ENDPOINT} to call a specific endpoint "
            "such as the local simulator.",
        )
    sdk_env = sdk_region_env_name(region_id)
    listed = [entry.strip() for entry in env.get(sdk_env, "").split(",") if entry.strip()]
    if listed:
        return found(listed[0], f"environment ({sdk_env})")
    if region_id in SDK_ENDPOINT_EXCEPTIONS:
        return found(SDK_ENDPOINT_EXCEPTIONS[region_id], f"SDK region table ({region_id})")
    # A region the SDK does not list still gets the pattern (new regions, private
    # clouds), but the label says so, which makes a typo like cn-north-44 visible.
    unlisted = "" if region_id in SDK_REGIONS else ", not in the SDK's region list"
    return found(
        DEFAULT_ENDPOINT_PATTERN.format(region=region_id), f"default pattern for region {region_id}{unlisted}"
    )
