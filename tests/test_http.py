"""Unit tests of core.http.Transport, with its Auth and answers (core/answers.py).

No network: ``httpx.MockTransport`` plays ModelArts from a script, and every
AK/SK request it receives can be checked the way the API gateway (and the
simulator, simulator/handlers/base.py) checks it, with ``signer.parse_authorization``
and ``signer.verify`` over what actually arrived. Sleeps, jitter and the
clock are injected, so retries are counted and waits recorded without any
real waiting.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
from pydantic import BaseModel, SecretStr

from jupyter_modelarts.core.auth import signer
from jupyter_modelarts.core.auth.secrets import AkSkCredentials, Credentials, IamTokenCredentials
from jupyter_modelarts.core.errors import (
    ConfigurationError,
    ErrorKind,
    UpstreamError,
    UpstreamTimeout,
    UpstreamUnreachable,
)
from jupyter_modelarts.core.http import ModelArtsAuth, RetryMode, RetryPolicy, Transport

ENDPOINT = "https://modelarts.cn-north-4.myhuaweicloud.com"
HOST = "modelarts.cn-north-4.myhuaweicloud.com"
PROJECT = "0123456789abcdef0123456789abcdef"
PATH = f"/v1/{PROJECT}/notebooks"
AK = "AKEXAMPLE0000000000SECRETISH"
SK = "SKEXAMPLEsecretsecretsecretsecretsecret00"
SECURITY_TOKEN = "gQpzZWN1cml0eS10b2tlbi10aGF0LW11c3Qtc3RheS1zZWNyZXQ"
IAM_TOKEN = "MIIZ-iam-token-that-must-never-be-logged"
# What a notebook answer carries and nobody may quote: it opens the instance's JupyterLab.
INSTANCE_TOKEN = "3452e0d5-15fe-a20d-18a2-010a574aeaaf"
LOCAL_NOW = 1_700_000_000.0  # Tue, 14 Nov 2023 22:13:20 GMT

AKSK = AkSkCredentials(
    SecretStr(AK), SecretStr(SK), security_token=SecretStr(SECURITY_TOKEN), project_id=PROJECT
)
TOKEN = IamTokenCredentials(SecretStr(IAM_TOKEN), project_id=PROJECT)
SECRETS = (AK, SK, SECURITY_TOKEN, IAM_TOKEN)
Handler = Callable[[httpx.Request], httpx.Response]


class Thing(BaseModel):
    """The answer the tests ask for: ``{"id": "..."}``."""

    id: str


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
    credentials: Credentials = AKSK,
    endpoint: str = ENDPOINT,
    policy: RetryPolicy | None = None,
    jitter: float = 1.0,
    clock: float = LOCAL_NOW,
    on_sleep: Callable[[float], None] | None = None,
) -> Harness:
    upstream = Upstream(list(script))
    delays: list[float] = []

    async def record_sleep(seconds: float) -> None:
        delays.append(seconds)
        if on_sleep is not None:
            on_sleep(seconds)

    transport = Transport(
        endpoint, credentials,
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


def corrupt_gzip(request: httpx.Request) -> httpx.Response:
    # Decoded only when httpx reads the body, i.e. inside client.send: an httpx.DecodingError.
    return httpx.Response(
        200, stream=httpx.ByteStream(b"not gzip at all"), headers={"Content-Encoding": "gzip"}
    )


def received_query(request: httpx.Request) -> list[tuple[str, str]]:
    return parse_qsl(request.url.query.decode("ascii"), keep_blank_values=True)


def raw_path(request: httpx.Request) -> str:
    return request.url.raw_path.split(b"?", 1)[0].decode("ascii")


def verifies(
    request: httpx.Request, *, body: bytes | None = None, query: list[tuple[str, str]] | None = None
) -> bool:
    """What the gateway (and simulator/handlers/base.py) checks: the signature over what arrived."""
    authorization = signer.parse_authorization(request.headers["Authorization"])
    assert authorization is not None
    assert authorization.access_key == AK
    return signer.verify(
        method=request.method,
        path=raw_path(request),
        query=received_query(request) if query is None else query,
        headers=dict(request.headers),
        body=request.content if body is None else body,
        secret_key=SK,
        authorization=authorization,
    )


def signed_headers(request: httpx.Request) -> set[str]:
    authorization = signer.parse_authorization(request.headers["Authorization"])
    assert authorization is not None
    return set(authorization.signed_headers)


OK = answer(200, {"id": "nb-1"})
# Failures that provably never reached ModelArts.
NOT_SENT = {
    "connect error": fail(httpx.ConnectError),
    "connect timeout": fail(httpx.ConnectTimeout),
    "pool timeout": fail(httpx.PoolTimeout),
    "HTTP 429": answer(429, b"Too Many Requests"),
    "APIG.0308": answer(429, {"error_code": "APIG.0308", "error_msg": "limit:50,time:1 minute"}),
    "ModelArts.6101": answer(400, {"error_code": "ModelArts.6101", "error_msg": "system busy"}),
}
# Answers that arrived (ModelArts did act) but cannot be read: each may hide an instance token.
UNREADABLE = {
    "empty": answer(200, **{"Content-Type": "application/json"}),
    "not JSON": answer(200, f"<html>token={INSTANCE_TOKEN}</html>".encode(), **{"Content-Type": "text/html"}),
    "cut short": answer(200, f'{{"token": "{INSTANCE_TOKEN}", "id": "nb'.encode()),
    "wrong shape": answer(200, {"token": INSTANCE_TOKEN, "id": 5}),
}
# Failures after which ModelArts may have acted.
MAYBE_PROCESSED = {
    "HTTP 500": answer(500, {"error_code": "ModelArts.0010", "error_msg": "internal error"}),
    "HTTP 502": answer(502, b"<html><body>Bad Gateway</body></html>"),
    "HTTP 503": answer(503),
    "HTTP 408": answer(408),
    "ModelArts.6100": answer(400, {"error_code": "ModelArts.6100", "error_msg": "timeout"}),
    "read timeout": fail(httpx.ReadTimeout),
    "write timeout": fail(httpx.WriteTimeout),
    "remote protocol error": fail(httpx.RemoteProtocolError),
    "read error": fail(httpx.ReadError),
    "corrupt gzip": corrupt_gzip,
    **{f"unreadable answer: {name}": reply for name, reply in UNREADABLE.items()},
}


def check(verdict: bool, calls: list[str]) -> Callable[[], Awaitable[bool]]:
    async def safe_to_retry() -> bool:
        calls.append("checked")
        return verdict

    return safe_to_retry


# -- what goes on the wire ---------------------------------------------------------------------


@pytest.mark.asyncio
async def test_the_signature_covers_the_body_and_the_query_exactly_as_sent() -> None:
    body = '{"name": "ü-notebook",  "flavor":"modelarts.vm.cpu.2u"}'.encode()
    h = make(OK)
    query = [("name", "a b/c"), ("limit", "10"), ("feature", "NOTEBOOK"), ("tilde", "x~y"), ("u", "ü")]
    result = await h.transport.call("POST", PATH, Thing, query=query, body=body)

    assert result == Thing(id="nb-1")
    (sent,) = h.upstream.requests
    assert raw_path(sent) == PATH
    assert sorted(received_query(sent)) == sorted(query)
    assert sent.content == body  # byte for byte, not re-serialised
    assert sent.headers["Content-Type"] == "application/json;charset=UTF-8"
    assert sent.headers["Accept"] == "application/json"
    assert sent.headers["X-Language"] == "en-us"
    assert sent.headers["Host"] == HOST
    assert sent.headers["User-Agent"].startswith("jupyter-modelarts/")
    assert sent.headers["X-Project-Id"] == PROJECT
    assert sent.headers["X-Security-Token"] == SECURITY_TOKEN
    assert "cookie" not in sent.headers
    assert verifies(sent)
    # Project and security token are signed, as the SDK does; so are host and date, as APIG demands.
    assert {"host", "x-sdk-date", "x-project-id", "x-security-token", "content-type"} <= signed_headers(sent)
    # The body and the query are covered: change either and the gateway refuses.
    assert not verifies(sent, body=body.replace(b"2u", b"8u"))
    assert not verifies(sent, query=[(k, "20" if k == "limit" else v) for k, v in received_query(sent)])


@pytest.mark.asyncio
async def test_an_iam_token_is_sent_as_x_auth_token_without_a_signature() -> None:
    h = make(OK, credentials=TOKEN)
    await h.transport.call("GET", PATH, Thing, query=[("limit", "1")])
    (sent,) = h.upstream.requests
    assert sent.headers["X-Auth-Token"] == IAM_TOKEN
    assert "authorization" not in sent.headers and signer.DATE_HEADER not in sent.headers


@pytest.mark.asyncio
async def test_a_call_without_body_says_plain_json_and_sends_nothing() -> None:
    h = make(OK)
    await h.transport.call("POST", f"{PATH}/nb-1/stop", Thing)
    (sent,) = h.upstream.requests
    assert sent.headers["Content-Type"] == "application/json"
    assert sent.content == b""
    assert raw_path(sent) == f"{PATH}/nb-1/stop" and sent.url.query == b""
    assert verifies(sent)


@pytest.mark.asyncio
async def test_an_endpoint_with_a_port_and_a_path_prefix_is_signed_as_sent() -> None:
    h = make(OK, endpoint=" http://127.0.0.1:8443/modelarts/ ")
    assert h.transport.endpoint == "http://127.0.0.1:8443/modelarts"
    await h.transport.call("GET", PATH, Thing)
    (sent,) = h.upstream.requests
    assert str(sent.url) == "http://127.0.0.1:8443/modelarts" + PATH
    assert sent.headers["Host"] == "127.0.0.1:8443"
    assert verifies(sent)
    # A gateway that saw the path without its prefix would compute another signature.
    authorization = signer.parse_authorization(sent.headers["Authorization"])
    assert authorization is not None
    assert not signer.verify(
        method="GET", path=PATH, query=[], headers=dict(sent.headers), body=b"",
        secret_key=SK, authorization=authorization,
    )  # fmt: skip


@pytest.mark.parametrize(
    "endpoint",
    ["modelarts.example.com", "ftp://x", "https://", "https://h/?a=1", "https://h/#x", "https://h:99999",
     "http://h:x"],
)  # fmt: skip
def test_an_unusable_endpoint_is_a_configuration_error(endpoint: str) -> None:
    with pytest.raises(ConfigurationError, match="not a URL like https://host"):
        Transport(endpoint, TOKEN)


@pytest.mark.asyncio
async def test_each_attempt_is_signed_afresh_with_the_current_time(monkeypatch: pytest.MonkeyPatch) -> None:
    moment = [datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)]

    class Clock(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> Clock:
            return cls.fromtimestamp(moment[0].timestamp(), tz)

    monkeypatch.setattr(signer, "datetime", Clock)

    def later(seconds: float) -> None:
        moment[0] += timedelta(minutes=20)  # a stale X-Sdk-Date would now be refused by the gateway

    h = make(MAYBE_PROCESSED["HTTP 503"], OK, on_sleep=later)
    await h.transport.call("PUT", f"{PATH}/nb-1", Thing, body=b'{"description": "x"}')
    first, second = h.upstream.requests
    assert first.headers[signer.DATE_HEADER] == "20240501T120000Z"
    assert second.headers[signer.DATE_HEADER] == "20240501T122000Z"
    assert first.headers["Authorization"] != second.headers["Authorization"]
    assert verifies(first) and verifies(second)


@pytest.mark.asyncio
async def test_concurrent_calls_on_one_transport_are_each_signed_for_their_own_request() -> None:
    def echo(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"id": json.loads(request.content)["name"]})

    h = make(echo)
    names = [f"nb-{n}" for n in range(8)]
    results = await asyncio.gather(
        *(h.transport.call("POST", PATH, Thing, body=json.dumps({"name": n}).encode()) for n in names)
    )
    assert [thing and thing.id for thing in results] == names
    assert len(h.upstream.requests) == 8 and all(verifies(request) for request in h.upstream.requests)


# -- retries -------------------------------------------------------------------------------------


@pytest.mark.parametrize("failure", NOT_SENT.values(), ids=NOT_SENT.keys())
@pytest.mark.parametrize("mode", ["idempotent", "never", "checked"])
@pytest.mark.asyncio
async def test_failures_that_never_reached_modelarts_are_retried_for_every_call(
    failure: Handler, mode: RetryMode
) -> None:
    h = make(failure, OK)
    checks: list[str] = []
    result = await h.transport.call(
        "POST", PATH, Thing, body=b"{}", retry=mode, safe_to_retry=check(False, checks)
    )
    assert result == Thing(id="nb-1")
    assert len(h.upstream.requests) == 2
    assert checks == []  # nothing to check: ModelArts provably did not act


@pytest.mark.parametrize("failure", MAYBE_PROCESSED.values(), ids=MAYBE_PROCESSED.keys())
@pytest.mark.parametrize("method", ["GET", "PUT"])
@pytest.mark.asyncio
async def test_possibly_processed_failures_are_retried_for_idempotent_calls(
    failure: Handler, method: str
) -> None:
    h = make(failure, OK)
    assert await h.transport.call(method, f"{PATH}/nb-1", Thing, body=b"{}") == Thing(id="nb-1")
    assert len(h.upstream.requests) == 2


@pytest.mark.parametrize("failure", MAYBE_PROCESSED.values(), ids=MAYBE_PROCESSED.keys())
@pytest.mark.asyncio
async def test_a_create_is_never_sent_twice_after_a_possibly_processed_failure(failure: Handler) -> None:
    h = make(failure, OK)
    with pytest.raises(UpstreamError) as raised:
        await h.transport.call("POST", PATH, Thing, body=b'{"name": "nb"}', retry="never")
    assert len(h.upstream.requests) == 1
    assert h.delays == []
    if isinstance(raised.value, UpstreamTimeout):
        assert "may still have been carried out" in str(raised.value)


@pytest.mark.parametrize("failure", MAYBE_PROCESSED.values(), ids=MAYBE_PROCESSED.keys())
@pytest.mark.asyncio
async def test_checked_calls_are_resent_only_when_the_check_allows(failure: Handler) -> None:
    allowed = make(failure, OK)
    checks: list[str] = []
    result = await allowed.transport.call(
        "POST", f"{PATH}/nb-1/start", Thing, retry="checked", safe_to_retry=check(True, checks)
    )
    assert result == Thing(id="nb-1")
    assert len(allowed.upstream.requests) == 2
    assert checks == ["checked"]

    refused = make(failure, OK)
    with pytest.raises(UpstreamError):
        await refused.transport.call(
            "POST", f"{PATH}/nb-1/start", Thing, retry="checked", safe_to_retry=check(False, checks)
        )
    assert len(refused.upstream.requests) == 1
    assert checks == ["checked", "checked"]


@pytest.mark.asyncio
async def test_a_failing_check_means_no_resend_and_the_original_error() -> None:
    async def broken_check() -> bool:
        raise UpstreamUnreachable(0, None, "the check itself failed")

    h = make(MAYBE_PROCESSED["HTTP 500"], OK)
    with pytest.raises(UpstreamError) as raised:
        await h.transport.call(
            "POST", f"{PATH}/nb-1/start", Thing, retry="checked", safe_to_retry=broken_check
        )
    assert raised.value.code == "ModelArts.0010"
    assert len(h.upstream.requests) == 1


@pytest.mark.asyncio
async def test_checked_needs_a_check() -> None:
    h = make(OK)
    with pytest.raises(ValueError, match="safe_to_retry"):
        await h.transport.call("POST", PATH, Thing, retry="checked")
    assert h.upstream.requests == []


@pytest.mark.parametrize(
    ("method", "sends"),
    [("GET", 2), ("get", 2), ("HEAD", 2), ("PUT", 2), ("POST", 1), ("DELETE", 1), ("PATCH", 1)],
)
@pytest.mark.asyncio
async def test_the_default_mode_follows_the_method(method: str, sends: int) -> None:
    h = make(MAYBE_PROCESSED["HTTP 503"], OK)
    if sends == 1:
        with pytest.raises(UpstreamError):
            await h.transport.call(method, f"{PATH}/nb-1", None)
    else:
        await h.transport.call(method, f"{PATH}/nb-1", None)
    assert len(h.upstream.requests) == sends
    assert h.upstream.requests[0].method == method.upper()


@pytest.mark.parametrize(
    "refusal",
    [
        answer(400, {"error_code": "ModelArts.6309", "error_msg": "instance not found"}),
        answer(401, {"error_code": "APIG.0301", "error_msg": "verify aksk signature fail"}),
        answer(404, b"not here"),
        answer(409, {"error_code": "ModelArts.6357", "error_msg": "busy"}),
    ],
)
@pytest.mark.asyncio
async def test_refusals_are_not_retried(refusal: Handler) -> None:
    h = make(refusal, OK)
    with pytest.raises(UpstreamError):
        await h.transport.call("GET", f"{PATH}/nb-1", Thing)
    assert len(h.upstream.requests) == 1 and h.delays == []


@pytest.mark.asyncio
async def test_attempts_are_bounded_and_backoff_doubles_up_to_the_cap() -> None:
    h = make(MAYBE_PROCESSED["HTTP 503"], policy=RetryPolicy(max_attempts=5, base_delay=1.0, max_delay=3.0))
    with pytest.raises(UpstreamError) as raised:
        await h.transport.call("GET", PATH, Thing)
    assert raised.value.http_status == 503
    assert len(h.upstream.requests) == 5
    assert h.delays == [1.0, 2.0, 3.0, 3.0]


@pytest.mark.asyncio
async def test_backoff_uses_full_jitter() -> None:
    h = make(fail(httpx.ConnectError), jitter=0.25)
    with pytest.raises(UpstreamUnreachable, match=f"cannot connect to {HOST}"):
        await h.transport.call("POST", PATH, Thing, body=b"{}")
    assert len(h.upstream.requests) == 4  # RetryPolicy's default
    assert h.delays == pytest.approx([0.05, 0.1, 0.2])  # jitter x 0.2, 0.4, 0.8


SERVER_DATE = "Tue, 14 Nov 2023 22:13:20 GMT"  # LOCAL_NOW


@pytest.mark.parametrize(
    ("retry_after", "server_date", "expected"),
    [
        ("3", SERVER_DATE, 3.0),
        ("1.5", SERVER_DATE, 1.5),
        ("0", SERVER_DATE, 0.0),
        ("120", SERVER_DATE, 30.0),  # capped
        ("Tue, 14 Nov 2023 22:13:27 GMT", SERVER_DATE, 7.0),  # 7 s after the server's own Date
        ("Tue, 14 Nov 2023 22:13:27 GMT", None, 17.0),  # no Date: the local clock, here 10 s slow
        ("Tue, 14 Nov 2023 22:13:10 GMT", SERVER_DATE, 0.0),  # already past: no wait, never negative
        ("soon", SERVER_DATE, 0.2),  # unreadable: ordinary backoff
        ("-5", SERVER_DATE, 0.2),
    ],
)
@pytest.mark.asyncio
async def test_retry_after_is_honoured(retry_after: str, server_date: str | None, expected: float) -> None:
    headers = {"Retry-After": retry_after, **({"Date": server_date} if server_date else {})}
    throttled = answer(429, {"error_code": "APIG.0308", "error_msg": "limit"}, **headers)
    # A skewed local clock must not matter when the server says what time it is.
    h = make(throttled, OK, clock=LOCAL_NOW - 10)
    await h.transport.call("GET", PATH, Thing)
    assert h.delays == [pytest.approx(expected)]


@pytest.mark.asyncio
async def test_a_possibly_processed_failure_of_a_read_also_waits_as_asked() -> None:
    h = make(answer(503, **{"Retry-After": "2.5"}), OK)
    await h.transport.call("GET", PATH, Thing)
    assert h.delays == [2.5]


@pytest.mark.parametrize(
    ("reply", "attempts", "expected"),
    [
        (answer(429, {"error_code": "APIG.0308", "error_msg": "limit"}, **{"Retry-After": "3"}), 2, 3.0),
        (answer(503, **{"Retry-After": "1.5"}), 1, 1.5),
        (answer(400, {"error_code": "ModelArts.6357", "error_msg": "busy"}, **{"Retry-After": "4"}), 1, 4.0),
        (answer(429, **{"Retry-After": "Tue, 14 Nov 2023 22:13:10 GMT", "Date": SERVER_DATE}), 1, 0.0),
        (answer(429, b"Too Many Requests"), 1, None),
        (answer(400, {"error_code": "ModelArts.6309", "error_msg": "gone"}), 1, None),
    ],
    ids=["throttled", "unavailable", "refused", "past date", "not said", "refused, not said"],
)
@pytest.mark.asyncio
async def test_the_error_keeps_the_wait_modelarts_asked_for(
    reply: Handler, attempts: int, expected: float | None
) -> None:
    h = make(reply, policy=RetryPolicy(max_attempts=attempts))
    with pytest.raises(UpstreamError) as raised:
        await h.transport.call("GET", PATH, Thing)
    assert raised.value.retry_after == expected
    assert len(h.upstream.requests) == attempts


@pytest.mark.asyncio
async def test_a_throttled_create_is_retried_and_gives_up_with_a_throttling_error() -> None:
    h = make(NOT_SENT["APIG.0308"], policy=RetryPolicy(max_attempts=3))
    with pytest.raises(UpstreamError) as raised:
        await h.transport.call("POST", PATH, Thing, body=b"{}", retry="never")
    assert raised.value.kind is ErrorKind.THROTTLED
    assert raised.value.code == "APIG.0308"
    assert len(h.upstream.requests) == 3


@pytest.mark.parametrize(
    ("failure", "error_type", "kind", "text"),
    [
        (fail(httpx.ConnectError), UpstreamUnreachable, ErrorKind.UNAVAILABLE, f"cannot connect to {HOST}"),
        (fail(httpx.PoolTimeout), UpstreamTimeout, ErrorKind.TIMEOUT, f"no free connection to {HOST}"),
        (fail(httpx.ReadTimeout), UpstreamTimeout, ErrorKind.TIMEOUT, f"no answer from {HOST} in time"),
        (fail(httpx.ReadError), UpstreamUnreachable, ErrorKind.UNAVAILABLE, "the connection to .* broke"),
    ],
    ids=["connect", "pool", "read timeout", "read error"],
)
@pytest.mark.asyncio
async def test_failures_without_an_answer_say_so_after_the_last_attempt(
    failure: Handler, error_type: type[UpstreamError], kind: ErrorKind, text: str
) -> None:
    h = make(failure, policy=RetryPolicy(max_attempts=2))
    with pytest.raises(error_type, match=text) as raised:
        await h.transport.call("GET", PATH, Thing)
    assert (raised.value.http_status, raised.value.kind) == (0, kind)
    assert str(raised.value).startswith("ModelArts did not answer: ")
    assert len(h.upstream.requests) == 2


@pytest.mark.parametrize("failure", [httpx.LocalProtocolError, httpx.UnsupportedProtocol])
@pytest.mark.asyncio
async def test_local_failures_are_not_retried(failure: type[httpx.HTTPError]) -> None:
    def raise_it(request: httpx.Request) -> httpx.Response:
        raise failure("simulated")

    h = make(raise_it, OK)
    with pytest.raises(UpstreamUnreachable, match=f"cannot send GET {PATH} to {HOST}"):
        await h.transport.call("GET", PATH, Thing)
    assert len(h.upstream.requests) == 1


# -- answers that arrived but cannot be read ------------------------------------------------------


@pytest.mark.asyncio
async def test_an_unreadable_answer_to_a_get_is_retried_until_a_good_one() -> None:
    h = make(UNREADABLE["cut short"], UNREADABLE["empty"], OK)
    assert await h.transport.call("GET", f"{PATH}/nb-1", Thing) == Thing(id="nb-1")
    assert len(h.upstream.requests) == 3 and len(h.delays) == 2


@pytest.mark.parametrize(
    ("reply", "why", "kind"),
    [
        (UNREADABLE["empty"], "an empty body", "application/json"),
        (answer(200, b"  \n"), "an empty body", "no content type"),
        (UNREADABLE["not JSON"], "not JSON", "text/html"),
        (UNREADABLE["cut short"], "not JSON", "no content type"),
        (UNREADABLE["wrong shape"],
         "not the documented shape: 1 problem(s), id: Input should be a valid string", "no content type"),
        (answer(200, {"other": 1}), "not the documented shape: 1 problem(s), id: Field required",
         "no content type"),
        (answer(200, [1, 2]), "not the documented shape: 1 problem(s), (top level):", "no content type"),
    ],
    ids=["empty", "blank", "html", "cut short", "wrong type", "missing field", "not an object"],
)  # fmt: skip
@pytest.mark.asyncio
async def test_an_unreadable_answer_is_described_never_quoted(
    reply: Handler, why: str, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)

    def with_request_id(request: httpx.Request) -> httpx.Response:
        response = reply(request)
        response.headers["X-Request-Id"] = "r-9"
        return response

    h = make(with_request_id, policy=RetryPolicy(max_attempts=2))
    with pytest.raises(UpstreamError) as raised:
        await h.transport.call("GET", f"{PATH}/nb-1", Thing)
    error = raised.value
    size = len(reply(h.upstream.requests[-1]).content)
    assert f"ModelArts sent an unusable answer to GET {PATH}/nb-1 ({why}" in error.message
    assert f"HTTP 200, {size} bytes of {kind})" in error.message
    assert (error.http_status, error.code, error.request_id) == (200, None, "r-9")
    assert "may have carried it out" not in error.message  # a read changes nothing
    assert len(h.upstream.requests) == 2  # a GET: read again before giving up
    texts = [str(error), repr(error), *(record.getMessage() for record in caplog.records)]
    assert [text for text in texts if INSTANCE_TOKEN in text or "<html>" in text] == []
    assert error.__cause__ is None and error.__suppress_context__  # no chained ValidationError with input


@pytest.mark.parametrize("reply", UNREADABLE.values(), ids=UNREADABLE.keys())
@pytest.mark.asyncio
async def test_a_create_with_an_unreadable_answer_is_not_resent_and_may_have_happened(
    reply: Handler, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    h = make(reply, OK)
    with pytest.raises(UpstreamError) as raised:
        await h.transport.call("POST", PATH, Thing, body=b'{"name": "nb"}', retry="never")
    assert len(h.upstream.requests) == 1 and h.delays == []
    message = raised.value.message
    assert message.startswith(f"ModelArts sent an unusable answer to POST {PATH} (")
    assert message.endswith("; ModelArts may have carried it out: look (list or show) before trying again")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert INSTANCE_TOKEN not in message + str(raised.value) + logged


@pytest.mark.parametrize(("verdict", "sends"), [(True, 2), (False, 1)])
@pytest.mark.asyncio
async def test_a_checked_call_with_an_unreadable_answer_asks_the_check(verdict: bool, sends: int) -> None:
    h = make(UNREADABLE["wrong shape"], OK)
    checks: list[str] = []
    call = h.transport.call(
        "POST", f"{PATH}/nb-1/stop", Thing, retry="checked", safe_to_retry=check(verdict, checks)
    )
    if verdict:
        assert await call == Thing(id="nb-1")
    else:
        with pytest.raises(UpstreamError, match="unusable answer to POST") as raised:
            await call
        assert "may have carried it out" in raised.value.message  # the check proved nothing
    assert checks == ["checked"]
    assert len(h.upstream.requests) == sends


@pytest.mark.asyncio
async def test_a_call_that_wants_no_model_does_not_read_the_answer() -> None:
    h = make(answer(204), UNREADABLE["not JSON"])
    assert await h.transport.call("DELETE", f"{PATH}/nb-1", None) is None
    assert await h.transport.call("GET", f"{PATH}/nb-1", None) is None
    assert len(h.upstream.requests) == 2


@pytest.mark.asyncio
async def test_an_answer_that_cannot_be_decompressed_is_retried_for_a_read_only() -> None:
    read = make(corrupt_gzip, OK)
    assert await read.transport.call("GET", PATH, Thing) == Thing(id="nb-1")
    assert len(read.upstream.requests) == 2

    create = make(corrupt_gzip, OK)
    with pytest.raises(UpstreamError, match=f"unusable answer to POST {PATH}") as raised:
        await create.transport.call("POST", PATH, Thing, body=b"{}")
    assert len(create.upstream.requests) == 1
    assert "may have carried it out" in raised.value.message and raised.value.http_status == 502


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
    "numeric code": (
        answer(400, {"code": 1234, "message": "odd gateway"}),
        ("1234", "odd gateway", None, ErrorKind.INVALID),
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
        await h.transport.call("GET", f"{PATH}/nb-1", Thing)
    error = raised.value
    assert type(error) is UpstreamError
    assert (error.code, error.message, error.request_id, error.kind) == expected


@pytest.mark.asyncio
async def test_a_long_error_text_is_cut_to_a_one_line_preview() -> None:
    h = make(answer(400, b"x\n" * 5000))
    with pytest.raises(UpstreamError) as raised:
        await h.transport.call("GET", PATH, Thing)
    assert len(raised.value.message) == 300
    assert raised.value.message.endswith("…") and "\n" not in raised.value.message


@pytest.mark.asyncio
async def test_a_redirect_is_not_followed(monkeypatch: pytest.MonkeyPatch) -> None:
    upstream = Upstream([answer(302, **{"Location": "https://elsewhere.example/login"}), OK])
    real_client = httpx.AsyncClient

    def through_mock(**options: Any) -> httpx.AsyncClient:
        return real_client(transport=httpx.MockTransport(upstream), **options)

    # The transport's own client, with the options it chose, answered by the mock.
    monkeypatch.setattr(httpx, "AsyncClient", through_mock)
    transport = Transport(ENDPOINT, TOKEN)
    with pytest.raises(UpstreamError) as raised:
        await transport.call("GET", PATH, Thing)
    await transport.aclose()
    assert raised.value.http_status == 302
    assert [request.url.host for request in upstream.requests] == [HOST]


@pytest.mark.asyncio
async def test_every_answer_tells_the_simulator_from_the_cloud() -> None:
    simulator = {"X-ModelArts-Simulator": "0.1"}
    h = make(
        answer(400, {"error_code": "ModelArts.6309", "error_msg": "gone"}, **simulator),
        answer(200, {"id": "nb-1"}),
        answer(503, **simulator),
        fail(httpx.ConnectError),
    )
    kinds = [h.transport.kind]
    with pytest.raises(UpstreamError):
        await h.transport.call("GET", PATH, Thing)
    kinds.append(h.transport.kind)
    await h.transport.call("GET", PATH, Thing)
    kinds.append(h.transport.kind)
    with pytest.raises(UpstreamError):
        await h.transport.call("POST", PATH, Thing)
    kinds.append(h.transport.kind)
    with pytest.raises(UpstreamError):
        await h.transport.call("POST", PATH, Thing)  # no answer at all: what was known stays
    kinds.append(h.transport.kind)
    assert kinds == ["unknown", "simulator", "cloud", "simulator", "simulator"]


@pytest.mark.asyncio
async def test_the_server_clock_offset_comes_from_the_last_date_header() -> None:
    h = make(
        answer(200, {"id": "a"}, Date="Tue, 14 Nov 2023 23:13:20 GMT"),
        answer(
            400, {"error_code": "ModelArts.6309", "error_msg": "gone"}, Date="Tue, 14 Nov 2023 22:13:10 GMT"
        ),
        answer(200, {"id": "b"}),
        answer(200, {"id": "c"}, Date="not a date"),
        clock=LOCAL_NOW,
    )
    offsets = [h.transport.clock_offset_ms]
    await h.transport.call("GET", PATH, Thing)
    offsets.append(h.transport.clock_offset_ms)
    with pytest.raises(UpstreamError):
        await h.transport.call("GET", PATH, Thing)
    offsets.append(h.transport.clock_offset_ms)
    await h.transport.call("GET", PATH, Thing)  # no Date header: the last known offset stays
    offsets.append(h.transport.clock_offset_ms)
    await h.transport.call("GET", PATH, Thing)  # an unreadable one neither
    offsets.append(h.transport.clock_offset_ms)
    # +500 ms: a Date header is truncated to the second.
    assert offsets == [None, 3_600_000 + 500, -10_000 + 500, -10_000 + 500, -10_000 + 500]


# -- secrets -------------------------------------------------------------------------------------


def echo_everything(status: int) -> Handler:
    """A gateway, or a proxy's error page, that quotes every header it received."""

    def echo(request: httpx.Request) -> httpx.Response:
        # Credential headers first, so that they fall within the 300 characters an error keeps.
        first = ("authorization", "x-auth-token", "x-security-token")
        ordered = sorted(request.headers.items(), key=lambda item: item[0].lower() not in first)
        echoed = " | ".join(f"{k}: {v}" for k, v in ordered)
        if status == 401:
            return httpx.Response(401, json={"error_code": "APIG.0301", "error_msg": f"bad sign, {echoed}"})
        return httpx.Response(status, content=f"<html><body><pre>{echoed}</pre></body></html>".encode())

    return echo


def echo_in_exception(request: httpx.Request) -> httpx.Response:
    quoted = " ".join(request.headers.get(name, "") for name in ("Authorization", "X-Auth-Token"))
    raise httpx.ConnectError(f"proxy refused CONNECT with {quoted} {request.headers.get('X-Security-Token')}")


@pytest.mark.parametrize("credentials", [AKSK, TOKEN], ids=["AK/SK", "IAM token"])
@pytest.mark.asyncio
async def test_no_secret_reaches_logs_or_exceptions(
    credentials: Credentials, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    failures: list[str] = []
    replies = (echo_everything(401), echo_everything(502), echo_in_exception, fail(httpx.ReadTimeout),
               UNREADABLE["not JSON"])  # fmt: skip
    for reply in replies:
        h = make(reply, credentials=credentials, policy=RetryPolicy(max_attempts=2))
        with pytest.raises(UpstreamError) as raised:
            await h.transport.call("GET", PATH, Thing, query=[("limit", "10")])
        failures.append("\n".join([str(raised.value), repr(raised.value), repr(h.transport)]))
    h = make(OK, credentials=credentials)
    await h.transport.call("POST", PATH, Thing, body=json.dumps({"token": "body-secret-xyz"}).encode())

    # The echoed credentials were there, and were replaced.
    assert "<redacted>" in failures[0] and "<redacted>" in failures[1] and "<redacted>" in failures[2]
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for text in (*failures, logged):
        for value in (*SECRETS, INSTANCE_TOKEN, "body-secret-xyz"):
            assert value not in text
    ours = [r.getMessage() for r in caplog.records if r.name == "jupyter_modelarts.core.http"]
    assert ours[0].startswith(f"GET {PATH} -> 401 (request id None, ")  # the log does say what happened
    assert f"GET {PATH}: retrying in " in "\n".join(ours)
    assert any(message.startswith(f"POST {PATH} -> 200 (") for message in ours)


def test_reprs_show_no_credential() -> None:
    texts = [repr(Transport(ENDPOINT, AKSK)), repr(Transport(ENDPOINT, TOKEN)), repr(ModelArtsAuth(AKSK)),
             repr(ModelArtsAuth(TOKEN)), repr(AKSK), repr(TOKEN)]  # fmt: skip
    assert texts[0] == f"Transport('{ENDPOINT}')"
    assert texts[2] == "ModelArtsAuth(AkSkCredentials)"
    for text in texts:
        for value in SECRETS:
            assert value not in text


@pytest.mark.asyncio
async def test_closing_closes_only_a_client_it_created(monkeypatch: pytest.MonkeyPatch) -> None:
    shared = httpx.AsyncClient(transport=httpx.MockTransport(OK))
    borrowed = Transport(ENDPOINT, TOKEN, http_client=shared)
    await borrowed.aclose()
    assert await borrowed.call("GET", PATH, Thing) == Thing(id="nb-1")  # still open
    await shared.aclose()

    made: list[httpx.AsyncClient] = []
    real_client = httpx.AsyncClient

    def recording(**options: Any) -> httpx.AsyncClient:
        made.append(real_client(transport=httpx.MockTransport(OK), **options))
        return made[-1]

    monkeypatch.setattr(httpx, "AsyncClient", recording)
    owned = Transport(ENDPOINT, TOKEN)
    assert await owned.call("GET", PATH, Thing) == Thing(id="nb-1")
    await owned.aclose()
    (client,) = made
    assert client.is_closed
    with pytest.raises(RuntimeError, match="closed"):
        await owned.call("GET", PATH, Thing)


def test_no_answer_is_not_described_as_an_http_status() -> None:
    text = str(UpstreamTimeout(0, None, "no answer within 30 s"))
    assert text == "ModelArts did not answer: no answer within 30 s"
    assert "HTTP 0" not in text


@pytest.mark.parametrize(
    "path",
    ["v1/x", "@evil.example/x", "/v1/../admin", "/v1/./x", "/v1/x?y=1", "/v1/x#y", "/v1/a b", ""],
)
@pytest.mark.asyncio
async def test_a_path_that_could_leave_the_endpoint_or_be_rewritten_is_refused(path: str) -> None:
    h = make(OK)
    with pytest.raises(ValueError, match="must start with '/' and be percent-encoded"):
        await h.transport.call("GET", path, Thing)
    assert h.upstream.requests == []  # nothing, and no credential, went anywhere


@pytest.mark.asyncio
async def test_a_redirect_is_never_followed_even_by_a_client_that_would() -> None:
    elsewhere: list[httpx.Request] = []

    def route(request: httpx.Request) -> httpx.Response:
        if request.url.host != HOST:
            elsewhere.append(request)
            return httpx.Response(200, json={"id": "stolen"})
        return httpx.Response(302, headers={"Location": "https://evil.example/collect"})

    client = httpx.AsyncClient(transport=httpx.MockTransport(route), follow_redirects=True)
    token = IamTokenCredentials(SecretStr(IAM_TOKEN), project_id=PROJECT)
    transport = Transport(ENDPOINT, token, http_client=client, retry=RetryPolicy(max_attempts=1))
    with pytest.raises(UpstreamError):
        await transport.call("GET", PATH, Thing)
    assert elsewhere == []  # X-Auth-Token never left for another host


@pytest.mark.asyncio
async def test_a_space_in_a_query_value_is_sent_as_signed_percent_20() -> None:
    h = make(OK)
    await h.transport.call("GET", PATH, Thing, query=[("name", "a b+c"), ("tags", "k|v w")])
    (request,) = h.upstream.requests
    assert request.url.query == b"name=a%20b%2Bc&tags=k%7Cv%20w"  # no '+' whose meaning a gateway guesses
    assert received_query(request) == [("name", "a b+c"), ("tags", "k|v w")]
    assert verifies(request)
