"""API-gateway authentication, as APIG does it in front of ModelArts (REFERENCE §9).

Either an IAM token (``X-Auth-Token``, accepted when configured) or an
SDK-HMAC-SHA256 signature by the simulator's AK/SK, verified with our own
:mod:`jupyter_modelarts.core.auth.signer` so both sides share one canonicalisation.
Failures are ``401 APIG.0301``.  The ``X-Sdk-Date`` skew check uses REAL time,
as the gateway does, never the virtual clock.  Credentials are compared in
constant time and never appear in messages or reprs.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta

from jupyter_modelarts.core.auth.signer import DATE_HEADER, parse_authorization, parse_sdk_date, verify
from jupyter_modelarts.simulator import errors

MAX_SKEW = timedelta(minutes=15)
_REQUIRED_SIGNED = ("host", DATE_HEADER.lower())


def _known(candidate: str, accepted: Iterable[str]) -> bool:
    # Compare against every accepted value so timing does not reveal which one matched.
    found = False
    for value in accepted:
        found |= hmac.compare_digest(candidate.encode(), value.encode())
    return found


class Authenticator:
    def __init__(
        self,
        access_key: str,
        secret_key: str,
        *,
        iam_tokens: Iterable[str] = (),
        security_tokens: Iterable[str] = (),
    ) -> None:
        self._access_key = access_key
        self._secret_key = secret_key
        self._iam_tokens = tuple(iam_tokens)
        self._security_tokens = tuple(security_tokens)

    def __repr__(self) -> str:
        return (
            f"Authenticator(iam_tokens={len(self._iam_tokens)}, security_tokens={len(self._security_tokens)})"
        )

    def authenticate(
        self,
        *,
        method: str,
        path: str,
        query: list[tuple[str, str]],
        headers: Mapping[str, str],
        body: bytes,
        now: datetime | None = None,
    ) -> None:
        """Return when the request is authentic; raise APIG.0301 otherwise."""
        lookup = {name.lower(): value for name, value in headers.items()}
        token = lookup.get("x-auth-token")
        if token is not None:
            if not token or not _known(token, self._iam_tokens):
                raise errors.gateway_auth("the token is invalid or has expired")
            return
        raw = lookup.get("authorization")
        if not raw:
            raise errors.gateway_auth("neither an Authorization header nor an X-Auth-Token was sent")
        authorization = parse_authorization(raw)
        if authorization is None:
            raise errors.gateway_auth("the Authorization header is not a valid SDK-HMAC-SHA256 header")
        if not hmac.compare_digest(authorization.access_key.encode(), self._access_key.encode()):
            raise errors.gateway_auth("the access key does not exist")
        signed = {name.lower() for name in authorization.signed_headers}
        for name in _REQUIRED_SIGNED:
            if name not in signed:
                raise errors.gateway_auth(f"the signature must cover the {name} header")
        missing = sorted(name for name in signed if name not in lookup)
        if missing:
            raise errors.gateway_auth(f"signed header(s) not sent: {', '.join(missing)}")
        sent_at = parse_sdk_date(lookup[DATE_HEADER.lower()])
        if sent_at is None:
            raise errors.gateway_auth(f"{DATE_HEADER} must look like 20250101T000000Z")
        if abs((now or datetime.now(UTC)) - sent_at) > MAX_SKEW:
            raise errors.gateway_auth(f"{DATE_HEADER} differs from the server time by more than 15 minutes")
        security_token = lookup.get("x-security-token")
        if security_token is not None:
            if "x-security-token" not in signed:
                raise errors.gateway_auth("the signature must cover the X-Security-Token header")
            if not _known(security_token, self._security_tokens):
                raise errors.gateway_auth("the security token is invalid or has expired")
        if not verify(
            method=method,
            path=path,
            query=query,
            headers=headers,
            body=body,
            secret_key=self._secret_key,
            authorization=authorization,
        ):
            raise errors.gateway_auth("verify aksk signature fail")
