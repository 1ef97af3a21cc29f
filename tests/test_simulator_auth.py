"""Gateway behaviour: AK/SK signatures, date skew, project checks, IAM and security tokens, unknown APIs."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from jupyter_modelarts.core.auth.signer import sign
from jupyter_modelarts.simulator.server import SimulatorThread
from jupyter_modelarts.simulator.testing import (
    TEST_ACCESS_KEY,
    TEST_PROJECT_ID,
    TEST_SECRET_KEY,
    SimClient,
    running_simulator,
)

IAM_TOKEN = "MIIsimulated-iam-token-0123456789"
SECURITY_TOKEN = "sts-simulated-security-token-42"


@pytest.fixture
def sim() -> Iterator[tuple[SimulatorThread, SimClient]]:
    options = {"lab": False, "speed": 1000, "iam_tokens": [IAM_TOKEN], "security_tokens": [SECURITY_TOKEN]}
    with running_simulator(**options) as pair:
        yield pair


@pytest.fixture
def client(sim: tuple[SimulatorThread, SimClient]) -> SimClient:
    return sim[1]


def assert_gateway_401(response: httpx.Response, mentions: str) -> None:
    assert response.status_code == 401, response.text
    body = response.json()
    assert body["error_code"] == "APIG.0301"
    assert body["error_msg"].startswith("Incorrect IAM authentication information")
    assert mentions in body["error_msg"]
    assert body["request_id"] == response.headers["X-Request-Id"]
    assert re.fullmatch(r"[0-9a-f]{32}", body["request_id"])


def test_a_correct_signature_is_accepted(client: SimClient) -> None:
    assert client.api("GET", "/notebooks", query={"limit": 10, "name": "a b/c"}).status_code == 200


def test_wrong_secret_key(client: SimClient) -> None:
    assert_gateway_401(
        client.api("GET", "/notebooks", secret_key="not-the-secret"), "verify aksk signature fail"
    )


def test_unknown_access_key(sim: tuple[SimulatorThread, SimClient]) -> None:
    thread, _ = sim
    with SimClient(thread.endpoint, "SOMEONEELSE000000000", TEST_SECRET_KEY, TEST_PROJECT_ID) as other:
        response = other.api("GET", "/notebooks")
    assert_gateway_401(response, "access key does not exist")
    assert "SOMEONEELSE" not in response.text  # the gateway never echoes credentials


def test_missing_authorization(client: SimClient) -> None:
    assert_gateway_401(client.api("GET", "/notebooks", signed=False), "neither an Authorization header")


def test_malformed_authorization(client: SimClient) -> None:
    response = client.api("GET", "/notebooks", signed=False, headers={"Authorization": "Basic dXNlcjpwYXNz"})
    assert_gateway_401(response, "not a valid SDK-HMAC-SHA256 header")


def test_tampered_query_or_body_breaks_the_signature(sim: tuple[SimulatorThread, SimClient]) -> None:
    thread, _ = sim
    path = f"/v1/{TEST_PROJECT_ID}/notebooks"
    host = thread.endpoint.removeprefix("http://")
    parts = sign(method="GET", host=host, path=path, query=[("limit", "10")], headers={},
                 access_key=TEST_ACCESS_KEY, secret_key=TEST_SECRET_KEY)  # fmt: skip
    tampered = httpx.get(f"{thread.endpoint}{path}?limit=50", headers=parts.headers, trust_env=False)
    assert_gateway_401(tampered, "verify aksk signature fail")
    body = b'{"name": "a"}'
    parts = sign(method="POST", host=host, path=path, headers={"Content-Type": "application/json"}, body=body,
                 access_key=TEST_ACCESS_KEY, secret_key=TEST_SECRET_KEY)  # fmt: skip
    changed = httpx.post(
        f"{thread.endpoint}{path}", headers=parts.headers, content=b'{"name": "b"}', trust_env=False
    )
    assert_gateway_401(changed, "verify aksk signature fail")


@pytest.mark.parametrize("minutes", [16, -16])
def test_date_skew_over_fifteen_minutes_of_real_time(client: SimClient, minutes: int) -> None:
    skewed = datetime.now(UTC) + timedelta(minutes=minutes)
    assert_gateway_401(client.api("GET", "/notebooks", now=skewed), "15 minutes")


def test_date_skew_uses_real_time_not_the_virtual_clock(client: SimClient) -> None:
    client.advance_clock(3 * 3_600_000)
    assert client.api("GET", "/notebooks").status_code == 200
    ahead = datetime.now(UTC) + timedelta(hours=3)
    assert_gateway_401(client.api("GET", "/notebooks", now=ahead), "15 minutes")


def test_date_within_skew_is_accepted(client: SimClient) -> None:
    assert client.api("GET", "/notebooks", now=datetime.now(UTC) - timedelta(minutes=14)).status_code == 200


def test_signature_must_cover_host_and_date(sim: tuple[SimulatorThread, SimClient]) -> None:
    thread, client = sim
    path = f"/v1/{TEST_PROJECT_ID}/notebooks"
    parts = sign(method="GET", host="x", path=path, headers={"Host": thread.endpoint.removeprefix("http://")},
                 access_key=TEST_ACCESS_KEY, secret_key=TEST_SECRET_KEY)  # fmt: skip
    header = parts.headers["Authorization"].replace("SignedHeaders=host;x-sdk-date", "SignedHeaders=host")
    response = httpx.get(
        thread.endpoint + path, headers={**parts.headers, "Authorization": header}, trust_env=False
    )
    assert_gateway_401(response, "must cover the x-sdk-date header")


def test_signed_header_that_was_not_sent(sim: tuple[SimulatorThread, SimClient]) -> None:
    thread, _ = sim
    path = f"/v1/{TEST_PROJECT_ID}/notebooks"
    parts = sign(method="GET", host=thread.endpoint.removeprefix("http://"), path=path,
                 headers={"X-Project-Id": TEST_PROJECT_ID}, access_key=TEST_ACCESS_KEY,
                 secret_key=TEST_SECRET_KEY)  # fmt: skip
    headers = {k: v for k, v in parts.headers.items() if k != "X-Project-Id"}
    assert_gateway_401(httpx.get(thread.endpoint + path, headers=headers, trust_env=False), "x-project-id")


def test_malformed_sdk_date(sim: tuple[SimulatorThread, SimClient]) -> None:
    thread, client = sim
    response = client.api("GET", "/notebooks", signed=False, headers={
        "X-Sdk-Date": "yesterday", "Authorization": f"SDK-HMAC-SHA256 Access={TEST_ACCESS_KEY}, "
        "SignedHeaders=host;x-sdk-date, Signature=00"})  # fmt: skip
    assert_gateway_401(response, "X-Sdk-Date must look like")


def test_project_in_path_must_match(client: SimClient) -> None:
    response = client.request("GET", "/v1/ffffffffffffffffffffffffffffffff/notebooks", project_header=False)
    assert response.status_code == 403
    assert response.json()["error_code"] == "ModelArts.0210"


def test_project_header_must_match(client: SimClient) -> None:
    response = client.api("GET", "/notebooks", headers={"X-Project-Id": "ffffffffffffffffffffffffffffffff"})
    assert response.status_code == 403
    assert response.json()["error_code"] == "ModelArts.0210"


def test_iam_token(sim: tuple[SimulatorThread, SimClient]) -> None:
    thread, _ = sim
    url = f"{thread.endpoint}/v1/{TEST_PROJECT_ID}/notebooks"
    assert httpx.get(url, headers={"X-Auth-Token": IAM_TOKEN}, trust_env=False).status_code == 200
    unknown = httpx.get(url, headers={"X-Auth-Token": "forged"}, trust_env=False)
    assert_gateway_401(unknown, "token is invalid")
    assert "forged" not in unknown.text
    other_project = httpx.get(url.replace(TEST_PROJECT_ID, "f" * 32), headers={"X-Auth-Token": IAM_TOKEN},
                              trust_env=False)  # fmt: skip
    assert other_project.json()["error_code"] == "ModelArts.0210"


def test_security_token(sim: tuple[SimulatorThread, SimClient]) -> None:
    thread, _ = sim
    args = (thread.endpoint, TEST_ACCESS_KEY, TEST_SECRET_KEY, TEST_PROJECT_ID)
    with SimClient(*args, security_token=SECURITY_TOKEN) as temporary:
        assert temporary.api("GET", "/notebooks").status_code == 200
    with SimClient(*args, security_token="expired-token") as stale:
        assert_gateway_401(stale.api("GET", "/notebooks"), "security token is invalid")


def test_unknown_api_and_method(client: SimClient) -> None:
    for method, path in (("GET", "/v1/x/unknown"), ("DELETE", f"/v1/{TEST_PROJECT_ID}/notebooks"),
                         ("POST", f"/v1/{TEST_PROJECT_ID}/notebooks/all")):  # fmt: skip
        response = client.request(method, path)
        assert response.status_code == 404, (method, path)
        assert response.json()["error_code"] == "APIG.0101"


def test_control_api_is_signed_too(sim: tuple[SimulatorThread, SimClient]) -> None:
    thread, _ = sim
    response = httpx.post(f"{thread.endpoint}/_sim/clock", json={"advance_ms": 1}, trust_env=False)
    assert_gateway_401(response, "neither an Authorization header")


def test_secrets_never_reach_the_logs(client: SimClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    client.api("GET", "/notebooks", secret_key="wrong")
    client.api("GET", "/notebooks", headers={"X-Auth-Token": "forged-token-value"})
    client.api("GET", "/notebooks", query={"token": "query-secret"})
    server_side = ("jupyter_modelarts", "tornado", "asyncio")  # the test's own httpx logs its URLs
    text = "\n".join(
        f"{record.getMessage()} {record.exc_text or ''}"
        for record in caplog.records
        if record.name.startswith(server_side)
    )
    assert "401 GET" in text  # the access log did record the calls
    for secret in (TEST_SECRET_KEY, TEST_ACCESS_KEY, "forged-token-value", "query-secret", "wrong"):
        assert secret not in text
