"""SDK-HMAC-SHA256 request signing (docs/modelarts-api.md §9.1), without depending on ``huaweicloudsdkcore``.

Tests prove it byte-for-byte equal to the SDK's ``Signer`` on the documented
test vector and on random requests. :func:`sign` serves the client and
:func:`verify` the simulator, which must reject exactly what the gateway rejects.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import quote, unquote

ALGORITHM = "SDK-HMAC-SHA256"
DATE_HEADER = "X-Sdk-Date"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
CONTENT_SHA256_HEADER = "X-Sdk-Content-Sha256"
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"
EMPTY_BODY_SHA256 = hashlib.sha256(b"").hexdigest()


def _encode(text: str) -> str:
    # The gateway percent-encodes everything except RFC 3986 unreserved
    # characters; Python's quote() already leaves A-Za-z0-9_.- alone.
    return quote(text, safe="~")


def canonical_uri(path: str) -> str:
    """Each path segment re-encoded, with the trailing slash the gateway forces."""
    segments = [_encode(segment) for segment in unquote(path).split("/")]
    joined = "/".join(segments)
    return joined if joined.endswith("/") else joined + "/"


def canonical_query(pairs: Iterable[tuple[str, str]]) -> str:
    """Sorted ``key=value`` pairs, both sides encoded; sorted before encoding, as the SDK does
    (sorting the encoded strings would order ``a b`` and ``a-b`` differently)."""
    return "&".join(f"{_encode(k)}={_encode(v)}" for k, v in sorted(pairs))


def signed_header_names(headers: Mapping[str, str]) -> list[str]:
    """Every header whose name has no underscore, lower-cased and sorted."""
    return sorted({name.lower() for name in headers if "_" not in name})


def _header_lookup(headers: Mapping[str, str]) -> dict[str, str]:
    return {name.lower(): str(value).strip() for name, value in headers.items()}


def payload_hash(headers: Mapping[str, str], body: bytes) -> str:
    if not body:
        return EMPTY_BODY_SHA256
    declared = _header_lookup(headers).get(CONTENT_SHA256_HEADER.lower())
    return declared or hashlib.sha256(body).hexdigest()


def canonical_request(
    method: str,
    path: str,
    query: Iterable[tuple[str, str]],
    headers: Mapping[str, str],
    signed_headers: list[str],
    body: bytes,
) -> str:
    values = _header_lookup(headers)
    header_block = "".join(f"{name}:{values.get(name, '')}\n" for name in signed_headers)
    return "\n".join(
        [
            method.upper(),
            canonical_uri(path),
            canonical_query(query),
            header_block,
            ";".join(signed_headers),
            payload_hash(headers, body),
        ]
    )


def string_to_sign(canonical: str, sdk_date: str) -> str:
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return f"{ALGORITHM}\n{sdk_date}\n{digest}"


def signature(secret_key: str, to_sign: str) -> str:
    return hmac.new(secret_key.encode("utf-8"), to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


def format_sdk_date(moment: datetime) -> str:
    # A naive datetime is taken as UTC, not local time: astimezone() would
    # shift it by the machine's offset and the gateway would see clock skew.
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime(DATE_FORMAT)


def _reject_case_duplicates(headers: Mapping[str, str]) -> None:
    # HTTP header names are case-insensitive.  Given "X-A" and "x-a", the SDK
    # signs the name twice with the last value while a client sends both
    # values, so no gateway could verify it: refuse instead of guessing.
    seen: set[str] = set()
    for name in headers:
        if name.lower() in seen:
            raise ValueError(f"header {name!r} is given more than once (names are case-insensitive)")
        seen.add(name.lower())


def _require_canonical_date(value: str) -> None:
    # The SDK re-parses a supplied X-Sdk-Date and signs the re-formatted
    # value, while the gateway sees the header as sent: both agree only when
    # the header is already in canonical form, so anything else is refused.
    parsed = parse_sdk_date(value)
    if parsed is None or format_sdk_date(parsed) != value:
        raise ValueError(f"{DATE_HEADER} must look like 20250101T000000Z (got {value!r})")


@dataclass(frozen=True)
class SignedParts:
    """What a signed request must carry: extra headers and the exact query string to send."""

    # The headers hold the Authorization value (with the access key) and any
    # security token: keep them out of repr() so a logged object leaks nothing.
    headers: dict[str, str] = field(repr=False)
    query_string: str


def sign(
    *,
    method: str,
    host: str,
    path: str,
    query: Iterable[tuple[str, str]] = (),
    headers: Mapping[str, str] | None = None,
    body: bytes = b"",
    access_key: str,
    secret_key: str,
    now: datetime | None = None,
) -> SignedParts:
    """Sign a request and return the headers to send (input headers included).

    ``host`` is ``host[:port]`` as in the Host header. The caller must send the
    returned ``query_string`` verbatim and ``body`` byte-identical. Raises
    ValueError for a header name repeated in another case and for a supplied
    ``X-Sdk-Date`` that is not in canonical form.
    """
    pairs = list(query)
    out: dict[str, str] = dict(headers or {})
    _reject_case_duplicates(out)
    # The SDK looks up exactly "Content-Type" and tests the untrimmed value;
    # doing the same keeps our signatures byte-identical to the SDK's.
    content_type = out.get("Content-Type")
    if content_type and not content_type.startswith(("application/json", "application/bson")):
        out[CONTENT_SHA256_HEADER] = UNSIGNED_PAYLOAD
    lookup = _header_lookup(out)
    supplied_date = next((v for k, v in out.items() if k.lower() == DATE_HEADER.lower()), None)
    if supplied_date is None:
        out[DATE_HEADER] = format_sdk_date(now or datetime.now(UTC))
    else:
        _require_canonical_date(supplied_date)
    if "host" not in lookup:
        out["Host"] = host
    names = signed_header_names(out)
    canonical = canonical_request(method, path, pairs, out, names, body)
    sdk_date = _header_lookup(out)[DATE_HEADER.lower()]
    sig = signature(secret_key, string_to_sign(canonical, sdk_date))
    out["Authorization"] = (
        f"{ALGORITHM} Access={access_key}, SignedHeaders={';'.join(names)}, Signature={sig}"
    )
    return SignedParts(headers=out, query_string=canonical_query(pairs))


@dataclass(frozen=True)
class AuthorizationHeader:
    access_key: str
    signed_headers: list[str]
    signature: str


def parse_authorization(value: str) -> AuthorizationHeader | None:
    """Parse ``SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=...``; None if malformed."""
    algorithm, _, rest = value.strip().partition(" ")
    if algorithm != ALGORITHM:
        return None
    fields: dict[str, str] = {}
    for part in rest.split(","):
        key, sep, val = part.strip().partition("=")
        if not sep:
            return None
        fields[key] = val
    access_key, signed, sig = (fields.get(k, "") for k in ("Access", "SignedHeaders", "Signature"))
    if not (access_key and signed and sig):
        return None
    return AuthorizationHeader(
        access_key=access_key,
        signed_headers=[h for h in signed.split(";") if h],
        signature=sig,
    )


def verify(
    *,
    method: str,
    path: str,
    query: Iterable[tuple[str, str]],
    headers: Mapping[str, str],
    body: bytes,
    secret_key: str,
    authorization: AuthorizationHeader,
) -> bool:
    """Recompute the signature from what was received and compare in constant time."""
    sdk_date = _header_lookup(headers).get(DATE_HEADER.lower(), "")
    canonical = canonical_request(method, path, query, headers, authorization.signed_headers, body)
    expected = signature(secret_key, string_to_sign(canonical, sdk_date))
    return hmac.compare_digest(expected, authorization.signature)


def parse_sdk_date(value: str) -> datetime | None:
    try:
        return datetime.strptime(value, DATE_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None
