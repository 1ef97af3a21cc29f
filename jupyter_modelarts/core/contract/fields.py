"""Validated scalar types reused by several request models, each with the rule a person reads
when a value is rejected (the numbers and patterns come from limits.py, shared with the simulator).
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import re
from typing import Annotated

from pydantic import AfterValidator, StringConstraints

from jupyter_modelarts.core.contract import limits
from jupyter_modelarts.core.contract.base import bounded, checked, documented, ecma


def matching(pattern: re.Pattern[str], rule: str) -> AfterValidator:
    """Reject strings that do not match ``pattern`` entirely."""

    def matches(value: str) -> bool:
        return pattern.fullmatch(value) is not None

    return checked(matches, rule)


def _name_ok(value: str) -> bool:
    return 1 <= len(value) <= limits.NAME_MAX and limits.NAME_PATTERN.fullmatch(value) is not None


Name = Annotated[
    str,
    checked(_name_ok, f"must be {limits.NAME_RULE}"),
    documented(minLength=1, maxLength=limits.NAME_MAX, pattern=ecma(limits.NAME_PATTERN)),
]

DESCRIPTION_RULE = f"must be at most {limits.DESCRIPTION_MAX} characters and must not contain < or >"
Description = Annotated[
    str,
    checked(
        lambda v: len(v) <= limits.DESCRIPTION_MAX and not (set(v) & limits.DESCRIPTION_FORBIDDEN),
        DESCRIPTION_RULE,
    ),
    documented(
        maxLength=limits.DESCRIPTION_MAX,
        pattern=f"^[^{''.join(sorted(limits.DESCRIPTION_FORBIDDEN))}]*$",
    ),
]

UUID_RULE = "must be a UUID such as e1a07296-22a8-4f05-8bc8-e936c8e54090"
UUID_SCHEMA: dict[str, str] = {"format": "uuid", "pattern": ecma(limits.UUID_PATTERN)}
Uuid = Annotated[str, matching(limits.UUID_PATTERN, UUID_RULE), documented(**UUID_SCHEMA)]

WORKSPACE_RULE = 'must be "0" (the default workspace) or 32 characters of 0-9 and a-z'
WorkspaceId = Annotated[
    str,
    matching(limits.WORKSPACE_ID_PATTERN, WORKSPACE_RULE),
    documented(pattern=ecma(limits.WORKSPACE_ID_PATTERN)),
]

DEW_SECRET_RULE = "must be 1–64 characters: letters, digits, '-' or '_'"
DewSecretName = Annotated[
    str,
    matching(limits.DEW_SECRET_PATTERN, DEW_SECRET_RULE),
    documented(pattern=ecma(limits.DEW_SECRET_PATTERN)),
]

NonEmpty = Annotated[str, StringConstraints(min_length=1)]

EVS_SIZE_RULE = f"must be {limits.EVS_MIN_GB}–{limits.EVS_MAX_GB} GB"
EvsSize = Annotated[
    int, bounded(EVS_SIZE_RULE, limits.EVS_MIN_GB, limits.EVS_MAX_GB, description="size in GB")
]
Offset = Annotated[int, bounded("offset must be 0 or more", 0)]

# Addresses that can never be a client on the public internet.  The
# documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24) are NOT
# here although Python's ipaddress calls them "private": the official
# ModelArts examples whitelist 203.0.113.7, and rejecting the documented
# example would only confuse people who copy it.
_NOT_PUBLIC = tuple(
    ipaddress.IPv4Network(net)
    for net in (
        "0.0.0.0/8",  # "this network"
        "10.0.0.0/8",  # private
        "100.64.0.0/10",  # carrier-grade NAT
        "127.0.0.0/8",  # loopback
        "169.254.0.0/16",  # link-local
        "172.16.0.0/12",  # private
        "192.168.0.0/16",  # private
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, includes the broadcast 255.255.255.255
    )
)
PUBLIC_IP_RULE = (
    "must be a public IPv4 address such as 203.0.113.7 (not private, loopback, link-local, "
    "carrier-grade NAT, multicast, reserved or broadcast)"
)


def _ipv4(text: str) -> ipaddress.IPv4Address | None:
    try:
        return ipaddress.IPv4Address(text)
    except ValueError:
        return None


def is_public_ipv4(text: str) -> bool:
    address = _ipv4(text)
    return address is not None and not any(address in network for network in _NOT_PUBLIC)


PublicIPv4 = Annotated[
    str,
    checked(is_public_ipv4, PUBLIC_IP_RULE),
    documented(format="ipv4", description=PUBLIC_IP_RULE.removeprefix("must be ")),
]


IPv4 = Annotated[
    str,
    checked(lambda text: _ipv4(text) is not None, "must be an IPv4 address such as 192.168.0.10"),
    documented(format="ipv4"),
]


def is_strict_base64(text: str) -> bool:
    """Non-empty, standard alphabet, correctly padded, nothing else (no newlines)."""
    if not text or len(text) % 4:
        return False
    try:
        base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


def is_absolute_path(text: str) -> bool:
    return text.startswith("/") and "\x00" not in text


SORT_KEY_RULE = (
    f"must be at most {limits.SORT_KEY_MAX} characters: letters, digits, '-', '_' and ',' between field names"
)
_SORT_KEY = re.compile(rf"[A-Za-z0-9_\-,]{{1,{limits.SORT_KEY_MAX}}}")
SortKey = Annotated[str, matching(_SORT_KEY, SORT_KEY_RULE), documented(pattern=ecma(_SORT_KEY))]
