"""Proof that core.signer signs exactly like huaweicloudsdkcore's Signer (REFERENCE.md §9).

The SDK is a test-only reference; importing its signer module has no side
effects (unlike ``huaweicloudsdkcore.auth.credentials``).

Fair mapping between the two request shapes
-------------------------------------------
Our ``sign()`` takes a flat list of ``(key, value)`` string pairs; the SDK's
``SdkRequest.query_params`` is a list of ``(key, value)`` tuples where a value
may be a list (expanded after sorting) or a bool (sent as ``true``/``false``).
A repeated key ``k`` with values ``[v1, v2]`` is given to the SDK either as
one tuple ``(k, [v1, v2])`` or as separate tuples ``(k, v1), (k, v2)`` (what
its generated clients produce with ``collection_formats='multi'``), and to us
as the pairs ``(k, v1), (k, v2)``.  A bool ``b`` becomes ``str(b).lower()``.
List values are strings only: the SDK sorts a list of *integers* numerically
(``9`` before ``10``) while any string-based signer sorts ``"10"`` first; both
orders verify because the sent query string is the signed one, so callers
should simply pass strings.

Headers: the SDK rewrites header values in place (stripped, then UTF-8 bytes
decoded as latin-1 for ``requests``); we compare after undoing that.
"""

from __future__ import annotations

import hashlib
import json
import string
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qsl, quote

import pytest
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer
from hypothesis import given, settings
from hypothesis import strategies as st

from jupyter_modelarts.core.auth import signer

AK = "AKEXAMPLE000000000000"
SK = "SKEXAMPLEsecretsecretsecretsecretsecret00"
HOST = "modelarts.cn-north-4.myhuaweicloud.com"
PROJECT = "0123456789abcdef0123456789abcdef"

# ---------------------------------------------------------------- §9.2 vector

VECTOR_PATH = f"/v1/{PROJECT}/notebooks"
VECTOR_QUERY = [("limit", "10"), ("feature", "NOTEBOOK"), ("name", "a b/c")]
VECTOR_HEADERS = {
    "Content-Type": "application/json;charset=UTF-8",
    "X-Project-Id": PROJECT,
    "X-Sdk-Date": "20250101T000000Z",
    "User-Agent": "test",
    "X_Ignored": "x",
}
VECTOR_BODY = (
    b'{"name": "nb-1", "flavor": "modelarts.vm.cpu.2u", "image_id": '
    b'"e1a07296-22a8-4f05-8bc8-e936c8e54090", "volume": {"category": "EVS", '
    b'"ownership": "MANAGED", "capacity": 5}}'
)
VECTOR_CANONICAL = (
    "POST\n"
    f"/v1/{PROJECT}/notebooks/\n"
    "feature=NOTEBOOK&limit=10&name=a%20b%2Fc\n"
    "content-type:application/json;charset=UTF-8\n"
    f"host:{HOST}\n"
    "user-agent:test\n"
    f"x-project-id:{PROJECT}\n"
    "x-sdk-date:20250101T000000Z\n"
    "\n"
    "content-type;host;user-agent;x-project-id;x-sdk-date\n"
    "a0b982c8a85775cbd3a90846c2a5d980e5cdfbaf67e67d4e663bfb6cb928a2cc"
)
VECTOR_SIGNED = "content-type;host;user-agent;x-project-id;x-sdk-date"
VECTOR_SIGNATURE = "b96f14e9ba55ab4a7243601579b39518809a40643d7903d63c6e34124b90f77a"
VECTOR_AUTHORIZATION = (
    f"SDK-HMAC-SHA256 Access={AK}, SignedHeaders={VECTOR_SIGNED}, Signature={VECTOR_SIGNATURE}"
)
VECTOR_URI = f"/v1/{PROJECT}/notebooks?feature=NOTEBOOK&limit=10&name=a%20b%2Fc"


def test_vector_canonical_request_and_string_to_sign() -> None:
    headers = {**VECTOR_HEADERS, "Host": HOST}
    names = signer.signed_header_names(headers)
    assert ";".join(names) == VECTOR_SIGNED
    canonical = signer.canonical_request("POST", VECTOR_PATH, VECTOR_QUERY, headers, names, VECTOR_BODY)
    assert canonical == VECTOR_CANONICAL
    digest = hashlib.sha256(canonical.encode()).hexdigest()
    assert digest == "300820ba33adaee4464984a1d127ef1fa9ecba3aca06bddca7f4e735cf9aaa6f"
    assert (
        signer.string_to_sign(canonical, "20250101T000000Z") == f"SDK-HMAC-SHA256\n20250101T000000Z\n{digest}"
    )


def test_vector_authorization_header_and_sent_uri() -> None:
    parts = signer.sign(
        method="POST",
        host=HOST,
        path=VECTOR_PATH,
        query=VECTOR_QUERY,
        headers=VECTOR_HEADERS,
        body=VECTOR_BODY,
        access_key=AK,
        secret_key=SK,
    )
    assert parts.headers["Authorization"] == VECTOR_AUTHORIZATION
    assert parts.headers["Host"] == HOST
    assert f"{VECTOR_PATH}?{parts.query_string}" == VECTOR_URI
    # The same request through the official SDK gives the same bytes.
    authorization, uri, _ = sdk_sign(
        "POST", VECTOR_PATH, list(VECTOR_QUERY), dict(VECTOR_HEADERS), VECTOR_BODY
    )
    assert (authorization, uri) == (VECTOR_AUTHORIZATION, VECTOR_URI)


def test_vector_verifies_and_now_argument_gives_same_signature() -> None:
    dated = {k: v for k, v in VECTOR_HEADERS.items() if k != "X-Sdk-Date"}
    parts = signer.sign(
        method="POST",
        host=HOST,
        path=VECTOR_PATH,
        query=VECTOR_QUERY,
        headers=dated,
        body=VECTOR_BODY,
        access_key=AK,
        secret_key=SK,
        now=datetime(2025, 1, 1, tzinfo=UTC),
    )
    assert parts.headers["Authorization"] == VECTOR_AUTHORIZATION
    auth = signer.parse_authorization(VECTOR_AUTHORIZATION)
    assert auth is not None
    ok = signer.verify(
        method="POST",
        path=VECTOR_PATH,
        query=parse_qsl(parts.query_string, keep_blank_values=True),
        headers=parts.headers,
        body=VECTOR_BODY,
        secret_key=SK,
        authorization=auth,
    )
    assert ok


# ------------------------------------------------------------ SDK reference


def sdk_sign(
    method: str,
    path: str,
    query: list[tuple[str, Any]],
    headers: dict[str, str],
    body: bytes,
    host: str = HOST,
) -> tuple[str, str, dict[str, str]]:
    """Sign with the official SDK; return Authorization, sent URI and headers (values un-mangled)."""
    request = SdkRequest(
        method=method,
        schema="https",
        host=host,
        resource_path=path,
        query_params=query,
        header_params=headers,
        body=body,
    )
    Signer(SimpleNamespace(ak=AK, sk=SK)).sign(request)
    sent = {k: v.encode("latin-1").decode("utf-8") for k, v in request.header_params.items()}
    return sent["Authorization"], request.uri, sent


# Reserved and awkward characters the canonical forms must encode exactly.
AWKWARD = list("/?&=+%#~ :;,@!$'()*[]\"<>\\^`{|}") + [
    "%2F",
    "%20",
    "%25",
    "%E4%BD%A0",
    "%zz",
    "é",
    "你",
    "🙂",
]
text_chars = st.one_of(st.characters(codec="utf-8"), st.sampled_from(AWKWARD))
# Multi-character tokens (percent escapes) make this a join of pieces rather than st.text.
texts = st.lists(text_chars, max_size=10).map("".join)
segments = st.one_of(texts.map(lambda s: s.replace("/", "")), st.sampled_from(["%2F", "a%2Fb", "%20x", "~a"]))
paths = st.builds(
    lambda segs, slash: "/" + "/".join(segs) + ("/" if slash else ""),
    st.lists(segments, max_size=5),
    st.booleans(),
)
METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]
# Names of headers drawn separately below, so random names never collide with them.
SPECIAL = {"host", "authorization", "x-sdk-date", "x-sdk-content-sha256", "content-type"}
SPECIAL |= {"x-security-token", "x-project-id"}
header_names = st.from_regex(r"[A-Za-z][A-Za-z0-9_-]{0,14}", fullmatch=True).filter(
    lambda n: n.lower() not in SPECIAL
)
header_values = st.text(
    alphabet=st.one_of(st.characters(codec="utf-8", exclude_characters="\r\n"), st.just(" "))
)
CONTENT_TYPES = [
    "application/json",
    "application/json;charset=UTF-8",
    "application/bson",
    " application/json",
    "text/plain",
    "application/octet-stream",
    "multipart/form-data; boundary=x",
    "",
]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=8,
)
bodies = st.one_of(
    st.just(b""),
    json_values.map(lambda v: json.dumps(v, ensure_ascii=False).encode()),
    texts.map(str.encode),
    st.binary(max_size=64),
)


@st.composite
def requests(draw: st.DrawFn) -> dict[str, Any]:
    keyed = draw(
        st.lists(
            st.tuples(texts, st.lists(texts, min_size=1, max_size=3)), max_size=5, unique_by=lambda kv: kv[0]
        )
    )
    flag_key = draw(st.one_of(st.none(), st.tuples(texts, st.booleans())))
    ours_query: list[tuple[str, str]] = [(k, v) for k, values in keyed for v in values]
    sdk_query: list[tuple[str, Any]] = []
    for key, values in keyed:
        as_list = draw(st.booleans())
        sdk_query.extend([(key, list(values))] if as_list else [(key, v) for v in values])
    if flag_key is not None and all(flag_key[0] != k for k, _ in keyed):
        ours_query.append((flag_key[0], str(flag_key[1]).lower()))
        sdk_query.append(flag_key)
    draw(st.randoms()).shuffle(sdk_query)

    headers = dict(
        draw(st.lists(st.tuples(header_names, header_values), max_size=5, unique_by=lambda kv: kv[0].lower()))
    )
    content_type = draw(
        st.one_of(
            st.none(),
            st.tuples(st.sampled_from(["Content-Type", "content-type"]), st.sampled_from(CONTENT_TYPES)),
        )
    )
    if content_type:
        headers[content_type[0]] = content_type[1]
    if draw(st.booleans()):
        headers[draw(st.sampled_from(["X-Security-Token", "x-security-token"]))] = draw(
            st.text(string.ascii_letters + "+/=", min_size=1)
        )
    if draw(st.booleans()):
        headers["X-Project-Id"] = PROJECT
    if draw(st.booleans()):
        headers[draw(st.sampled_from(["Host", "host"]))] = "127.0.0.1:8443"
    if draw(st.integers(0, 4)) == 0:
        headers["X-Sdk-Content-Sha256"] = draw(st.sampled_from(["UNSIGNED-PAYLOAD", "a" * 64]))
    moment = draw(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)))
    date_in_header = draw(st.booleans())
    if date_in_header:
        headers[draw(st.sampled_from(["X-Sdk-Date", "x-sdk-date"]))] = moment.strftime(signer.DATE_FORMAT)
    return {
        "method": draw(st.sampled_from(METHODS + ["get", "Post"])),
        "path": draw(paths),
        "ours_query": ours_query,
        "sdk_query": sdk_query,
        "headers": headers,
        "body": draw(bodies),
        "now": None if date_in_header else moment.replace(tzinfo=UTC),
    }


def sign_both(req: dict[str, Any]) -> tuple[signer.SignedParts, tuple[str, str, dict[str, str]]]:
    ours = signer.sign(
        method=req["method"],
        host=HOST,
        path=req["path"],
        query=req["ours_query"],
        headers=req["headers"],
        body=req["body"],
        access_key=AK,
        secret_key=SK,
        now=req["now"],
    )
    sdk_headers = dict(req["headers"])
    if req["now"] is not None:
        sdk_headers["X-Sdk-Date"] = signer.format_sdk_date(req["now"])
    sdk_query = [(k, list(v) if isinstance(v, list) else v) for k, v in req["sdk_query"]]
    return ours, sdk_sign(req["method"], req["path"], sdk_query, sdk_headers, req["body"])


PROPERTY = settings(max_examples=400, deadline=None, derandomize=True)


@PROPERTY
@given(requests())
def test_random_requests_sign_byte_for_byte_like_the_sdk(req: dict[str, Any]) -> None:
    ours, (authorization, uri, sdk_headers) = sign_both(req)
    assert ours.headers["Authorization"] == authorization
    assert req["path"] + (f"?{ours.query_string}" if ours.query_string else "") == uri
    # Same header set and values (the SDK stores stripped values).
    assert {k: v.strip() for k, v in ours.headers.items()} == sdk_headers


@PROPERTY
@given(requests())
def test_verify_accepts_sdk_signatures_and_rejects_tampering(req: dict[str, Any]) -> None:
    # Neither signer encodes the path it sends, so a client must percent-encode
    # it first (a raw "?" would start the query); the server then sees that path.
    req = {**req, "path": quote(req["path"], safe="/%")}
    _, (authorization, uri, sent) = sign_both(req)
    auth = signer.parse_authorization(authorization)
    assert auth is not None
    assert auth.access_key == AK
    received_path, _, received_qs = uri.partition("?")
    received_query = parse_qsl(received_qs, keep_blank_values=True)
    received = {
        "method": req["method"],
        "path": received_path,
        "query": received_query,
        "headers": sent,
        "body": req["body"],
        "secret_key": SK,
        "authorization": auth,
    }
    assert signer.verify(**received)

    other_method = next(m for m in METHODS if m != req["method"].upper())
    assert not signer.verify(**{**received, "method": other_method})
    assert not signer.verify(**{**received, "path": req["path"] + "/tampered"})
    assert not signer.verify(**{**received, "query": [*received_query, ("tampered", "1")]})
    assert not signer.verify(**{**received, "headers": {**sent, "Host": "evil.example"}})
    assert not signer.verify(**{**received, "secret_key": SK + "x"})
    # The body is covered unless the request declared an unsigned payload.
    declared = any(k.lower() == "x-sdk-content-sha256" and v.strip() for k, v in sent.items())
    body_still_valid = signer.verify(**{**received, "body": req["body"] + b"!"})
    assert body_still_valid == bool(declared and req["body"])


@PROPERTY
@given(st.text())
def test_parse_authorization_never_raises(value: str) -> None:
    parsed = signer.parse_authorization(value)
    assert parsed is None or isinstance(parsed, signer.AuthorizationHeader)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "SDK-HMAC-SHA256",
        "SDK-HMAC-SHA256 ",
        "sdk-hmac-sha256 Access=a, SignedHeaders=host, Signature=s",
        "AWS4-HMAC-SHA256 Access=a, SignedHeaders=host, Signature=s",
        "SDK-HMAC-SHA256 Access=a, SignedHeaders=host",
        "SDK-HMAC-SHA256 SignedHeaders=host, Signature=s",
        "SDK-HMAC-SHA256 Access=a, Signature=s",
        "SDK-HMAC-SHA256 Access=a SignedHeaders=host Signature=s",
        "SDK-HMAC-SHA256 Access=a, garbage, SignedHeaders=host, Signature=s",
        "V11-HMAC-SHA256 Credential=a/20250101/cn-north-4/modelarts, SignedHeaders=host, Signature=s",
    ],
)
def test_parse_authorization_rejects_malformed_headers(value: str) -> None:
    assert signer.parse_authorization(value) is None


def test_parse_authorization_reads_every_field() -> None:
    parsed = signer.parse_authorization(VECTOR_AUTHORIZATION)
    assert parsed == signer.AuthorizationHeader(AK, VECTOR_SIGNED.split(";"), VECTOR_SIGNATURE)


def test_underscore_headers_are_sent_but_not_signed() -> None:
    parts = signer.sign(
        method="GET",
        host=HOST,
        path="/",
        headers={"X_Trace": "1", "X-Trace": "2"},
        access_key=AK,
        secret_key=SK,
        now=datetime(2025, 1, 1, tzinfo=UTC),
    )
    assert parts.headers["X_Trace"] == "1"
    assert "SignedHeaders=host;x-sdk-date;x-trace," in parts.headers["Authorization"]


def test_non_json_content_type_signs_unsigned_payload() -> None:
    parts = signer.sign(
        method="PUT",
        host=HOST,
        path="/upload",
        headers={"Content-Type": "application/octet-stream"},
        body=b"\x00\x01",
        access_key=AK,
        secret_key=SK,
        now=datetime(2025, 1, 1, tzinfo=UTC),
    )
    assert parts.headers["X-Sdk-Content-Sha256"] == "UNSIGNED-PAYLOAD"
    assert "x-sdk-content-sha256" in parts.headers["Authorization"]


def test_header_names_repeated_in_another_case_are_refused() -> None:
    with pytest.raises(ValueError, match="more than once"):
        signer.sign(
            method="GET", host=HOST, path="/", headers={"X-A": "1", "x-a": "2"}, access_key=AK, secret_key=SK
        )


@pytest.mark.parametrize(
    "date", ["2025011T000000Z", "20250101T000000", "2025-01-01T00:00:00Z", " 20250101T000000Z"]
)
def test_non_canonical_sdk_date_is_refused(date: str) -> None:
    with pytest.raises(ValueError, match="X-Sdk-Date"):
        signer.sign(
            method="GET", host=HOST, path="/", headers={"X-Sdk-Date": date}, access_key=AK, secret_key=SK
        )


def test_signed_parts_repr_hides_authorization_and_tokens() -> None:
    parts = signer.sign(
        method="GET",
        host="h",
        path="/v1/p/notebooks",
        headers={"X-Security-Token": "TOKENVALUE123"},
        access_key="AKVALUE1234567",
        secret_key="SKVALUE1234567",
    )
    assert "AKVALUE1234567" not in repr(parts)
    assert "TOKENVALUE123" not in repr(parts)


def test_naive_datetime_is_taken_as_utc() -> None:
    naive = datetime(2025, 1, 1, 0, 0, 0)
    assert signer.format_sdk_date(naive) == "20250101T000000Z"


@pytest.mark.parametrize(
    "header",
    [
        "SDK-HMAC-SHA256 Access=, SignedHeaders=host, Signature=abc",
        "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=",
        "SDK-HMAC-SHA256 Access=AK, SignedHeaders=, Signature=abc",
    ],
)
def test_parse_authorization_rejects_empty_parts(header: str) -> None:
    assert signer.parse_authorization(header) is None
