"""Unit tests of core.http.Transport against httpx.MockTransport (no network).

Sleeps and jitter are injected, so retries are counted and delays recorded
without any real waiting.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

import httpx
import pytest

from jupyter_modelarts.core.auth import signer
from jupyter_modelarts.core.error_body import NotJson
from jupyter_modelarts.core.errors import (
    ConfigurationError,
    ErrorKind,
    UpstreamError,
    UpstreamTimeout,
    UpstreamUnreachable,
)
from jupyter_modelarts.core.http import Answer, RetryMode, RetryPolicy, Transport

ENDPOINT = "https://modelarts.cn-north-4.myhuaweicloud.com"
HOST = "modelarts.cn-north-4.myhuaweicloud.com"
PATH = "/v1/0123456789abcdef0123456789abcdef/notebooks"
AK = "AKEXAMPLE0000000000SECRETISH"
SK = "SKEXAMPLEsecretsecretsecretsecretsecret00"
SECURITY_TOKEN = "gQpzZWN1cml0eS10b2tlbi10aGF0LW11c3Qtc3RheS1zZWNyZXQ"
IAM_TOKEN = "MIIZ-iam-token-that-must-never-be-logged"
Handler = Callable[[httpx.Request], httpx.Response]


def sign_with_aksk(
    *, method: str, host: str, path: str, query: list[tuple[str, str]], headers: dict[str, str], body: bytes
) -> tuple[dict[str, str], str]:
    headers = {**headers, "X-Security-Token": SECURITY_TOKEN}
    parts = signer.sign(
        method=method, host=host, path=path, query=query, headers=headers, body=body,
        access_key=AK, secret_key=SK,
    )  # fmt: skip
    return parts.headers, parts.query_string


def add_iam_token(
    *, method: str, host: str, path: str, query: list[tuple[str, str]], headers: dict[str, str], body: bytes
) -> tuple[dict[str, str], str]:
    return {**headers, "X-Auth-Token": IAM_TOKEN}, signer.canonical_query(query)


@dataclass
class Upstream:
    """A scripted ModelArts: answers in order (the last one repeats), records every request."""

    script: list[Handler]
    requests: list[httpx.Request] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.script[min(len(self.requests), len(self.script)) - 1](request)


@dataclass
class Harness:
    upstream: Upstream
    transport: Transport
    delays: list[float]


def make(
    *script: Handler,
    authenticate: Callable[..., tuple[dict[str, str], str]] = sign_with_aksk,
    endpoint: str = ENDPOINT,
    policy: RetryPolicy | None = None,
    jitter: float = 1.0,
    clock: float = 1_700_000_000.0,
) -> Harness:
    upstream = Upstream(list(script))
    delays: list[float] = []

    async def record_sleep(seconds: float) -> None:
        delays.append(seconds)

    transport = Transport(
        endpoint, authenticate,
        retry=policy or RetryPolicy(),
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(upstream)),
        sleep=record_sleep, jitter=lambda: jitter, clock=lambda: clock,
    )  # fmt: skip
    return Harness(upstream, transport, delays)


def answer(status: int = 200, body: object = None, **headers: str) -> Handler:
    content = b"" if body is None else body if isinstance(body, bytes) else json.dumps(body).encode()
    return lambda request: httpx.Response(status, content=content, headers=headers)


def fail(exc_type: type[httpx.TransportError]) -> Handler:
    def raise_it(request: httpx.Request) -> httpx.Response:
        raise exc_type("simulated failure", request=request)

    return raise_it


OK = answer(200, {"id": "nb-1"})
NOT_SENT = {
    "connect error": fail(httpx.ConnectError),
    "connect timeout": fail(httpx.ConnectTimeout),
    "pool timeout": fail(httpx.PoolTimeout),
    "HTTP 429": answer(429, b"Too Many Requests"),
    "APIG.0308": answer(429, {"error_code": "APIG.0308", "error_msg": "limit:50,time:1 minute"}),
    "ModelArts.6101": answer(400, {"error_code": "ModelArts.6101", "error_msg": "system busy"}),
}
MAYBE_PROCESSED = {
    "HTTP 500": answer(500, {"error_code": "ModelArts.0010", "error_msg": "internal error"}),
    "HTTP 502": answer(502, b"<html><body>Bad Gateway</body></html>"),
    "HTTP 503": answer(503),
    "ModelArts.6100": answer(408, {"error_code": "ModelArts.6100", "error_msg": "timeout"}),
    "read timeout": fail(httpx.ReadTimeout),
    "write timeout": fail(httpx.WriteTimeout),
    "remote protocol error": fail(httpx.RemoteProtocolError),
    "read error": fail(httpx.ReadError),
}


def checked(result: bool, calls: list[str]) -> Callable[[], Awaitable[bool]]:
    async def safe_to_retry() -> bool:
        calls.append("checked")
        return result

    return safe_to_retry


# -- what goes on the wire ---------------------------------------------------------------------


@pytest.mark.asyncio
async def test_body_and_query_are_sent_exactly_as_signed() -> None:
    body = '{"name": "ü-notebook",  "flavor":"modelarts.vm.cpu.2u"}'.encode()
    h = make(OK)
    query = [("name", "a b/c"), ("limit", "10"), ("feature", "NOTEBOOK"), ("tilde", "x~y")]
    result = await h.transport.request("POST", PATH, query=query, body=body)

    assert result == Answer(200, result.headers, {"id": "nb-1"}, None)
    (sent,) = h.upstream.requests
    assert sent.url.raw_path == (PATH + "?feature=NOTEBOOK&limit=10&name=a%20b%2Fc&tilde=x~y").encode()
    assert sent.content == body
    assert sent.headers["Content-Type"] == "application/json;charset=UTF-8"
    assert sent.headers["X-Language"] == "en-us"
    assert sent.headers["Host"] == HOST
    assert sent.headers["User-Agent"].startswith("jupyter-modelarts/")
    assert "cookie" not in sent.headers
    authorization = signer.parse_authorization(sent.headers["Authorization"])
    assert authorization is not None
    received_query = parse_qsl(sent.url.query.decode(), keep_blank_values=True)
    assert signer.verify(
        method="POST", path=sent.url.path, query=received_query, headers=dict(sent.headers),
        body=sent.content, secret_key=SK, authorization=authorization,
    )  # fmt: skip


@pytest.mark.asyncio
async def test_the_query_string_of_the_authenticator_is_not_reencoded() -> None:
    def odd_order(**request: object) -> tuple[dict[str, str], str]:
        return dict(request["headers"]), "z=1&a=%2F%20&b=%7E"  # type: ignore[call-overload]

    h = make(OK, authenticate=odd_order)
    await h.transport.request("GET", PATH, query=[("a", "/ "), ("z", "1"), ("b", "~")])
    assert h.upstream.requests[0].url.raw_path == f"{PATH}?z=1&a=%2F%20&b=%7E".encode()


@pytest.mark.asyncio
async def test_a_call_without_body_says_plain_json_and_sends_nothing() -> None:
    h = make(OK, authenticate=add_iam_token)
    await h.transport.request("POST", f"{PATH}/nb-1/stop")
    (sent,) = h.upstream.requests
    assert sent.headers["Content-Type"] == "application/json"
    assert sent.content == b""
    assert sent.headers["X-Auth-Token"] == IAM_TOKEN
    assert sent.url.raw_path == f"{PATH}/nb-1/stop".encode()


@pytest.mark.asyncio
async def test_an_endpoint_with_a_port_and_a_path_prefix_is_signed_as_sent() -> None:
    seen: list[tuple[str, str]] = []

    def remember(**request: object) -> tuple[dict[str, str], str]:
        seen.append((str(request["host"]), str(request["path"])))
        return sign_with_aksk(**request)  # type: ignore[arg-type]

    h = make(OK, authenticate=remember, endpoint="http://127.0.0.1:8443/modelarts/")
    await h.transport.request("GET", PATH)
    sent = h.upstream.requests[0]
    assert seen == [("127.0.0.1:8443", "/modelarts" + PATH)]
    assert str(sent.url) == "http://127.0.0.1:8443/modelarts" + PATH
    assert sent.headers["Host"] == "127.0.0.1:8443"


@pytest.mark.parametrize(
    "endpoint",
    ["modelarts.example.com", "ftp://x", "https://", "https://h/?a=1", "https://h:99999", "http://h:x"],
)
def test_an_unusable_endpoint_is_a_configuration_error(endpoint: str) -> None:
    with pytest.raises(ConfigurationError, match="not a URL like https://host"):
        Transport(endpoint, add_iam_token)


@pytest.mark.parametrize("path", ["v1/x", "/v1/a b", "/v1/../admin", "/v1/%zz", "/v1/x?y=1"])
@pytest.mark.asyncio
async def test_a_path_that_httpx_would_rewrite_is_refused(path: str) -> None:
    h = make(OK)
    with pytest.raises(ValueError, match="percent-encoded"):
        await h.transport.request("GET", path)
    assert h.upstream.requests == []


# -- retries -------------------------------------------------------------------------------------


@pytest.mark.parametrize("failure", NOT_SENT.values(), ids=NOT_SENT.keys())
@pytest.mark.parametrize("mode", ["idempotent", "never", "checked"])
@pytest.mark.asyncio
async def test_failures_that_never_reached_modelarts_are_retried_for_every_call(
    failure: Handler, mode: RetryMode
) -> None:
    h = make(failure, OK)
    checks: list[str] = []
    result = await h.transport.request(
        "POST",
        PATH,
        body=b"{}",
        retry=mode,
        safe_to_retry=checked(False, checks),
    )
    assert result.json == {"id": "nb-1"}
    assert len(h.upstream.requests) == 2
    assert checks == []  # nothing to check: ModelArts provably did not act


@pytest.mark.parametrize("failure", MAYBE_PROCESSED.values(), ids=MAYBE_PROCESSED.keys())
@pytest.mark.asyncio
async def test_possibly_processed_failures_are_retried_for_idempotent_calls(failure: Handler) -> None:
    h = make(failure, OK)
    assert (await h.transport.request("PUT", f"{PATH}/nb-1", body=b"{}")).status == 200
    assert len(h.upstream.requests) == 2


@pytest.mark.parametrize("failure", MAYBE_PROCESSED.values(), ids=MAYBE_PROCESSED.keys())
@pytest.mark.asyncio
async def test_a_create_is_never_sent_twice_after_a_possibly_processed_failure(failure: Handler) -> None:
    h = make(failure, OK)
    with pytest.raises(UpstreamError) as raised:
        await h.transport.request("POST", PATH, body=b'{"name": "nb"}', retry="never")
    assert len(h.upstream.requests) == 1
    assert h.delays == []
    if isinstance(raised.value, UpstreamTimeout):
        assert "may still have been carried out" in str(raised.value)


@pytest.mark.parametrize("failure", MAYBE_PROCESSED.values(), ids=MAYBE_PROCESSED.keys())
@pytest.mark.asyncio
async def test_checked_calls_are_resent_only_when_the_check_allows(failure: Handler) -> None:
    allowed = make(failure, OK)
    checks: list[str] = []
    await allowed.transport.request(
        "POST", f"{PATH}/nb-1/start", retry="checked", safe_to_retry=checked(True, checks)
    )
    assert len(allowed.upstream.requests) == 2
    assert checks == ["checked"]

    refused = make(failure, OK)
    with pytest.raises(UpstreamError):
        await refused.transport.request(
            "POST", f"{PATH}/nb-1/start", retry="checked", safe_to_retry=checked(False, checks)
        )
    assert len(refused.upstream.requests) == 1


@pytest.mark.asyncio
async def test_a_failing_check_means_no_resend_and_the_original_error() -> None:
    async def broken_check() -> bool:
        raise UpstreamUnreachable(0, None, "the check itself failed")

    h = make(MAYBE_PROCESSED["HTTP 500"], OK)
    with pytest.raises(UpstreamError) as raised:
        await h.transport.request("POST", f"{PATH}/nb-1/start", retry="checked", safe_to_retry=broken_check)
    assert raised.value.code == "ModelArts.0010"
    assert len(h.upstream.requests) == 1


@pytest.mark.asyncio
async def test_checked_needs_a_check() -> None:
    with pytest.raises(ValueError, match="safe_to_retry"):
        await make(OK).transport.request("POST", PATH, retry="checked")


@pytest.mark.parametrize(("method", "sends"), [("GET", 2), ("PUT", 2), ("POST", 1), ("DELETE", 1)])
@pytest.mark.asyncio
async def test_the_default_mode_follows_the_method(method: str, sends: int) -> None:
    h = make(MAYBE_PROCESSED["HTTP 503"], OK)
    with pytest.raises(UpstreamError) if sends == 1 else _no_error():
        await h.transport.request(method, f"{PATH}/nb-1")
    assert len(h.upstream.requests) == sends


class _no_error:  # reads like pytest.raises at the call site
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


@pytest.mark.parametrize(
    "refusal",
    [
        answer(400, {"error_code": "ModelArts.6309", "error_msg": "instance not found"}),
        answer(401, {"error_code": "APIG.0301", "error_msg": "verify aksk signature fail"}),
        answer(404, b"not here"),
    ],
)
@pytest.mark.asyncio
async def test_refusals_are_not_retried(refusal: Handler) -> None:
    h = make(refusal, OK)
    with pytest.raises(UpstreamError):
        await h.transport.request("GET", f"{PATH}/nb-1")
    assert len(h.upstream.requests) == 1


@pytest.mark.asyncio
async def test_attempts_are_bounded_and_backoff_doubles_up_to_the_cap() -> None:
    h = make(MAYBE_PROCESSED["HTTP 503"], policy=RetryPolicy(max_attempts=5, base_delay=1.0, max_delay=3.0))
    with pytest.raises(UpstreamError) as raised:
        await h.transport.request("GET", PATH)
    assert raised.value.http_status == 503
    assert len(h.upstream.requests) == 5
    assert h.delays == [1.0, 2.0, 3.0, 3.0]


@pytest.mark.asyncio
async def test_backoff_uses_full_jitter() -> None:
    h = make(fail(httpx.ConnectError), jitter=0.25)
    with pytest.raises(UpstreamUnreachable, match=f"cannot connect to {HOST}"):
        await h.transport.request("POST", PATH, body=b"{}")
    assert len(h.upstream.requests) == 4
    assert h.delays == pytest.approx([0.05, 0.1, 0.2])


@pytest.mark.parametrize(
    ("retry_after", "expected"),
    [
        ("3", 3.0),
        ("1.5", 1.5),
        ("120", 30.0),  # capped
        ("Tue, 14 Nov 2023 22:13:27 GMT", 7.0),  # 7 s after the server's Date below
        ("soon", 0.2),  # unreadable: ordinary backoff
    ],
)
@pytest.mark.asyncio
async def test_retry_after_is_honoured(retry_after: str, expected: float) -> None:
    throttled = answer(
        429,
        {"error_code": "APIG.0308", "error_msg": "limit"},
        **{"Retry-After": retry_after, "Date": "Tue, 14 Nov 2023 22:13:20 GMT"},
    )
    # A local clock an hour off must not matter for the date form.
    h = make(throttled, OK, clock=1_700_000_000.0 + 3600)
    await h.transport.request("GET", PATH)
    assert h.delays == [pytest.approx(expected)]


PAST_DATE_NOW = "Tue, 14 Nov 2023 22:13:20 GMT"


@pytest.mark.parametrize(
    ("reply", "attempts", "expected"),
    [
        (answer(429, {"error_code": "APIG.0308", "error_msg": "limit"}, **{"Retry-After": "3"}), 2, 3.0),
        (answer(503, **{"Retry-After": "1.5"}), 1, 1.5),
        (answer(400, {"error_code": "ModelArts.6357", "error_msg": "busy"}, **{"Retry-After": "4"}), 1, 4.0),
        (answer(429, **{"Retry-After": "Tue, 14 Nov 2023 22:13:10 GMT", "Date": PAST_DATE_NOW}),
         1, 0.0),  # a moment already past: no wait, never a negative one
        (answer(429, b"Too Many Requests"), 1, None),
    ],
    ids=["throttled", "unavailable", "refused", "past date", "not said"],
)  # fmt: skip
@pytest.mark.asyncio
async def test_the_error_keeps_the_wait_modelarts_asked_for(
    reply: Handler, attempts: int, expected: float | None
) -> None:
    h = make(reply, policy=RetryPolicy(max_attempts=attempts))
    with pytest.raises(UpstreamError) as raised:
        await h.transport.request("GET", PATH)
    assert raised.value.retry_after == expected
    assert len(h.upstream.requests) == attempts


@pytest.mark.asyncio
async def test_a_throttled_create_is_retried_and_gives_up_with_a_throttling_error() -> None:
    h = make(NOT_SENT["APIG.0308"], policy=RetryPolicy(max_attempts=3))
    with pytest.raises(UpstreamError) as raised:
        await h.transport.request("POST", PATH, body=b"{}", retry="never")
    assert raised.value.kind is ErrorKind.THROTTLED
    assert len(h.upstream.requests) == 3


@pytest.mark.asyncio
async def test_each_attempt_is_signed_afresh() -> None:
    signed: list[str] = []

    def count(**request: object) -> tuple[dict[str, str], str]:
        signed.append(str(request["method"]))
        return add_iam_token(**request)  # type: ignore[arg-type]

    h = make(MAYBE_PROCESSED["HTTP 500"], OK, authenticate=count)
    await h.transport.request("GET", PATH)
    assert signed == ["GET", "GET"]


@pytest.mark.parametrize(
    ("failure", "error_type", "text"),
    [
        (httpx.DecodingError, UpstreamError, "ModelArts sent a malformed response"),
        (httpx.LocalProtocolError, UpstreamUnreachable, "cannot send GET"),
        (httpx.UnsupportedProtocol, UpstreamUnreachable, "cannot send GET"),
    ],
)
@pytest.mark.asyncio
async def test_local_and_decoding_failures_are_not_retried(
    failure: type[httpx.HTTPError], error_type: type[UpstreamError], text: str
) -> None:
    def raise_it(request: httpx.Request) -> httpx.Response:
        raise failure("simulated")

    h = make(raise_it, OK)
    with pytest.raises(error_type, match=text):
        await h.transport.request("GET", PATH)
    assert len(h.upstream.requests) == 1


# -- errors --------------------------------------------------------------------------------------

ERROR_SHAPES = {
    "modelarts": (
        answer(400, {"error_code": "ModelArts.6309", "error_msg": "Notebook nb-1 does not exist."},
               **{"X-Request-Id": "8346d725662901265ce3d15846d2d69f"}),
        ("ModelArts.6309", "Notebook nb-1 does not exist.", "8346d725662901265ce3d15846d2d69f",
         ErrorKind.NOT_FOUND),
    ),
    "legacy error_message": (
        answer(400, {"error_code": "ModelArts.6404", "error_message": "image not found"}),
        ("ModelArts.6404", "image not found", None, ErrorKind.NOT_FOUND),
    ),
    "camelCase": (
        answer(400, {"errorCode": "ModelArts.6357", "errorMsg": "another operation is running"}),
        ("ModelArts.6357", "another operation is running", None, ErrorKind.CONFLICT),
    ),
    "code and message": (
        answer(400, {"code": "ModelArts.0113", "message": "Quota exhausted"}, **{"x-request-id": "lower"}),
        ("ModelArts.0113", "Quota exhausted", "lower", ErrorKind.QUOTA),
    ),
    "nested": (
        answer(403, {"error": {"code": "ModelArts.0108", "message": "not authorised"}}),
        ("ModelArts.0108", "not authorised", None, ErrorKind.FORBIDDEN),
    ),
    "nested deeper, pair wins over half": (
        answer(400, {"message": "outer",
                     "detail": {"error_code": "ModelArts.6336", "error_msg": "bad value"}}),
        ("ModelArts.6336", "bad value", None, ErrorKind.INVALID),
    ),
    "gateway": (
        answer(401, {"error_msg": "Incorrect IAM authentication information", "error_code": "APIG.0301",
                     "request_id": "apig-req-1"}),
        ("APIG.0301", "Incorrect IAM authentication information", "apig-req-1", ErrorKind.AUTH),
    ),
    "code only": (
        answer(400, {"error_code": "ModelArts.6357"}),
        ("ModelArts.6357", "HTTP 400 Bad Request", None, ErrorKind.CONFLICT),
    ),
    "html": (
        answer(403, b"<html><head><title>403 Forbidden</title></head>\n"
                    b"<body><h1>Forbidden</h1></body></html>"),
        (None, "403 Forbidden Forbidden", None, ErrorKind.FORBIDDEN),
    ),
    "plain text": (
        answer(404, b"no route"),
        (None, "no route", None, ErrorKind.NOT_FOUND),
    ),
    "empty": (
        answer(401),
        (None, "HTTP 401 Unauthorized", None, ErrorKind.AUTH),
    ),
    "json without a known key": (
        answer(400, ["unexpected"]),
        (None, '["unexpected"]', None, ErrorKind.INVALID),
    ),
}  # fmt: skip


@pytest.mark.parametrize(("reply", "expected"), ERROR_SHAPES.values(), ids=ERROR_SHAPES.keys())
@pytest.mark.asyncio
async def test_every_error_shape_becomes_one_upstream_error(
    reply: Handler, expected: tuple[str | None, str, str | None, ErrorKind]
) -> None:
    h = make(reply)
    with pytest.raises(UpstreamError) as raised:
        await h.transport.request("GET", f"{PATH}/nb-1")
    error = raised.value
    assert type(error) is UpstreamError
    assert (error.code, error.message, error.request_id, error.kind) == expected


@pytest.mark.asyncio
async def test_a_long_error_text_is_cut_to_a_preview() -> None:
    h = make(answer(400, b"x" * 5000))
    with pytest.raises(UpstreamError) as raised:
        await h.transport.request("GET", PATH)
    assert len(raised.value.message) == 300
    assert raised.value.message.endswith("…")


@pytest.mark.parametrize("body", [b"{not json", b"<html>oops</html>", b'{"truncated": '])
@pytest.mark.asyncio
async def test_a_malformed_success_body_is_an_upstream_error(body: bytes) -> None:
    h = make(answer(200, body, **{"X-Request-Id": "r-9"}))
    with pytest.raises(UpstreamError, match="ModelArts sent a malformed response") as raised:
        await h.transport.request("GET", PATH)
    assert raised.value.http_status == 200
    assert raised.value.request_id == "r-9"
    assert len(h.upstream.requests) == 1


@pytest.mark.asyncio
async def test_an_empty_success_body_is_none() -> None:
    h = make(answer(204))
    result = await h.transport.request("DELETE", f"{PATH}/nb-1")
    assert (result.status, result.json) == (204, None)


@pytest.mark.asyncio
async def test_a_decoder_turns_the_body_into_the_answer() -> None:
    seen: list[tuple[bytes, int, str | None]] = []

    def decode(content: bytes, status: int, request_id: str | None) -> object:
        seen.append((content, status, request_id))
        return ("decoded", json.loads(content))

    h = make(answer(201, {"id": "nb-1"}, **{"X-Request-Id": "r-1"}), answer(204))
    created = await h.transport.request("POST", PATH, body=b"{}", decode=decode)
    empty = await h.transport.request("DELETE", f"{PATH}/nb-1", decode=decode)

    assert created.json == ("decoded", {"id": "nb-1"}) and created.content == b'{"id": "nb-1"}'
    assert empty.json is None and seen == [(b'{"id": "nb-1"}', 201, "r-1")]  # an empty body is not decoded


@pytest.mark.parametrize("authenticate", [sign_with_aksk, add_iam_token])
@pytest.mark.asyncio
async def test_a_decoder_saying_not_json_gets_the_redacted_malformed_error(
    authenticate: Callable[..., tuple[dict[str, str], str]],
) -> None:
    def echo(request: httpx.Request) -> httpx.Response:
        echoed = "|".join(f"{k}:{v}" for k, v in request.headers.items())
        return httpx.Response(200, content=f"<html>{echoed}</html>".encode(), headers={"X-Request-Id": "r-2"})

    def refuse(content: bytes, status: int, request_id: str | None) -> object:
        raise NotJson

    h = make(echo, authenticate=authenticate)
    with pytest.raises(UpstreamError, match="ModelArts sent a malformed response") as raised:
        await h.transport.request("GET", PATH, decode=refuse)
    assert (raised.value.http_status, raised.value.request_id) == (200, "r-2")
    assert "<redacted>" in raised.value.message
    for value in (AK, SK, SECURITY_TOKEN, IAM_TOKEN):
        assert value not in raised.value.message


@pytest.mark.asyncio
async def test_any_other_decoder_error_is_raised_as_it_is_and_not_retried() -> None:
    def mismatch(content: bytes, status: int, request_id: str | None) -> object:
        raise UpstreamError(status, None, "does not match the documented shape", request_id)

    h = make(OK, OK)
    with pytest.raises(UpstreamError, match="documented shape"):
        await h.transport.request("GET", PATH, decode=mismatch)
    assert len(h.upstream.requests) == 1


@pytest.mark.asyncio
async def test_every_answer_is_shown_to_on_answer() -> None:
    upstream = Upstream([MAYBE_PROCESSED["HTTP 500"], answer(200, {}, **{"X-Seen": "2"})])
    statuses: list[str | None] = []
    transport = Transport(
        ENDPOINT, add_iam_token, retry=RetryPolicy(max_attempts=2),
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(upstream)),
        on_answer=lambda headers: statuses.append(headers.get("X-Seen", "error")), sleep=no_sleep,
    )  # fmt: skip
    await transport.request("GET", PATH)
    assert statuses == ["error", "2"]


async def no_sleep(seconds: float) -> None:
    return None


@pytest.mark.asyncio
async def test_a_redirect_is_not_followed() -> None:
    h = make(answer(302, **{"Location": "https://elsewhere.example/login"}))
    with pytest.raises(UpstreamError) as raised:
        await h.transport.request("GET", PATH)
    assert raised.value.http_status == 302
    assert len(h.upstream.requests) == 1


@pytest.mark.asyncio
async def test_the_request_id_of_a_success_comes_from_the_header_in_any_case() -> None:
    h = make(answer(200, {"ok": True}, **{"x-REQUEST-id": "abc"}))
    assert (await h.transport.request("GET", PATH)).request_id == "abc"


# -- clock ---------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_the_server_clock_offset_comes_from_the_last_date_header() -> None:
    local = 1_700_000_000.0  # Tue, 14 Nov 2023 22:13:20 GMT
    h = make(
        answer(200, {}, Date="Tue, 14 Nov 2023 23:13:20 GMT"),
        answer(
            400, {"error_code": "ModelArts.6309", "error_msg": "gone"}, Date="Tue, 14 Nov 2023 22:13:10 GMT"
        ),
        answer(200, {}),
        clock=local,
    )
    offsets = [h.transport.server_clock_offset_ms]
    await h.transport.request("GET", PATH)
    offsets.append(h.transport.server_clock_offset_ms)
    with pytest.raises(UpstreamError):
        await h.transport.request("GET", PATH)
    offsets.append(h.transport.server_clock_offset_ms)
    await h.transport.request("GET", PATH)  # no Date header: the last known offset stays
    offsets.append(h.transport.server_clock_offset_ms)
    # +500 ms: a Date header is truncated to the second.
    assert offsets == [None, 3_600_000 + 500, -10_000 + 500, -10_000 + 500]


# -- secrets -------------------------------------------------------------------------------------


def echo_everything(request: httpx.Request) -> httpx.Response:
    """A gateway that puts the canonical request and all headers into its message."""
    echoed = "|".join(f"{k}:{v}" for k, v in request.headers.items())
    return httpx.Response(
        401, json={"error_code": "APIG.0301", "error_msg": f"verify aksk signature fail, {echoed}"}
    )


@pytest.mark.parametrize("authenticate", [sign_with_aksk, add_iam_token])
@pytest.mark.asyncio
async def test_no_secret_reaches_logs_or_exceptions(
    authenticate: Callable[..., tuple[dict[str, str], str]], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    secrets = [AK, SK, SECURITY_TOKEN, IAM_TOKEN]
    failures: list[str] = []
    for reply in (echo_everything, fail(httpx.ConnectError), fail(httpx.ReadTimeout), answer(200, b"{bad")):
        h = make(reply, authenticate=authenticate, policy=RetryPolicy(max_attempts=2))
        with pytest.raises(UpstreamError) as raised:
            await h.transport.request("GET", PATH, query=[("limit", "10")])
        failures += [str(raised.value), repr(raised.value), raised.value.message, repr(h.transport)]
    h = make(OK, authenticate=authenticate)
    await h.transport.request("POST", PATH, body=json.dumps({"token": "body-secret-xyz"}).encode())

    assert "<redacted>" in failures[0]  # the echoed credentials were there, and were replaced
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for text in (*failures, logged):
        for value in (*secrets, "body-secret-xyz"):
            assert value not in text
    ours = [r.getMessage() for r in caplog.records if r.name == "jupyter_modelarts.core.http"]
    assert f"GET {PATH} -> 401 (attempt 1, request id None," in ours[0]
    assert any(f"POST {PATH} -> 200 (attempt 1" in message for message in ours)


@pytest.mark.asyncio
async def test_closing_closes_only_a_client_it_created() -> None:
    shared = httpx.AsyncClient(transport=httpx.MockTransport(OK))
    borrowed = Transport(ENDPOINT, add_iam_token, http_client=shared)
    await borrowed.aclose()
    assert not shared.is_closed
    await shared.aclose()

    owned = Transport(ENDPOINT, add_iam_token)
    await owned.aclose()
    assert owned._client.is_closed


def test_no_answer_is_not_described_as_an_http_status() -> None:
    from jupyter_modelarts.core.errors import UpstreamTimeout

    text = str(UpstreamTimeout(0, None, "no answer within 30 s"))
    assert text == "ModelArts did not answer: no answer within 30 s"
    assert "HTTP 0" not in text
