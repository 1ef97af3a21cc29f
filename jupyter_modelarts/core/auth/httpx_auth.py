"""ModelArts authentication as an ``httpx.Auth``: the signature covers exactly what httpx sends.

httpx calls :meth:`ModelArtsAuth.auth_flow` with the request it built (URL
encoded, headers set, body bytes final) every time the request is sent, so a
retried request is signed afresh with a current ``X-Sdk-Date``. AK/SK
credentials sign with SDK-HMAC-SHA256 (docs/modelarts-api.md §9.1; the
algorithm is core/auth/signer.py); an IAM token is sent as ``X-Auth-Token``
(§9.3). ``X-Project-Id`` and ``X-Security-Token`` are added before signing,
as the SDK does, so both are signed.
"""

from __future__ import annotations

from collections.abc import Generator
from urllib.parse import parse_qsl

import httpx

from jupyter_modelarts.core.auth import signer
from jupyter_modelarts.core.auth.secrets import Credentials, IamTokenCredentials

# Headers a proxy may legitimately rewrite on the way: signing them would break the signature.
_UNSIGNED = frozenset(
    {"connection", "keep-alive", "proxy-authorization", "te", "transfer-encoding", "upgrade"}
)


class ModelArtsAuth(httpx.Auth):
    """Signs each request (AK/SK) or attaches the IAM token; holds the credentials, never shows them."""

    requires_request_body = True  # the body's hash is part of the signature

    def __init__(self, credentials: Credentials) -> None:
        self._credentials = credentials

    def __repr__(self) -> str:
        return f"ModelArtsAuth({type(self._credentials).__name__})"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        creds = self._credentials
        if isinstance(creds, IamTokenCredentials):
            request.headers["X-Auth-Token"] = creds.token.get_secret_value()
            yield request
            return
        if creds.project_id:
            request.headers["X-Project-Id"] = creds.project_id
        if creds.security_token is not None:
            request.headers["X-Security-Token"] = creds.security_token.get_secret_value()
        # Names as httpx will send them (raw), since the signer looks up "Content-Type" like the SDK.
        to_sign = {
            name.decode("latin-1"): value.decode("latin-1")
            for name, value in request.headers.raw
            if name.decode("latin-1").lower() not in _UNSIGNED
        }
        signed = signer.sign(
            method=request.method,
            host=request.headers["Host"],
            path=request.url.raw_path.split(b"?", 1)[0].decode("ascii"),
            query=parse_qsl(request.url.query.decode("ascii"), keep_blank_values=True),
            headers=to_sign,
            body=request.content,
            access_key=creds.access_key.get_secret_value(),
            secret_key=creds.secret_key.get_secret_value(),
        )
        for name in (signer.DATE_HEADER, "Authorization", signer.CONTENT_SHA256_HEADER):
            if name in signed.headers:
                request.headers[name] = signed.headers[name]
        yield request
