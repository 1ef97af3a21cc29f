"""Fault injection via the control API: latency, 5xx, 429, stalls, malformed bodies, count, probability."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator

import httpx
import pytest

from jupyter_modelarts.simulator.testing import (
    TEST_ACCESS_KEY,
    TEST_SECRET_KEY,
    SimClient,
    notebook_request,
    running_simulator,
)


@pytest.fixture
def client() -> Iterator[SimClient]:
    with running_simulator(lab=False, speed=1000) as (_, client):
        yield client


def test_no_faults_by_default(client: SimClient) -> None:
    assert client.request("GET", "/_sim/faults", project_header=False).json() == {"faults": []}
    assert all(client.api("GET", "/notebooks").status_code == 200 for _ in range(20))


def test_server_error_count_then_recovery(client: SimClient) -> None:
    rule = client.add_fault(action="error", path=r"/notebooks$", method="GET", status=503, count=2)
    assert rule["count"] == 2
    for _ in range(2):
        response = client.api("GET", "/notebooks")
        assert response.status_code == 503
        assert response.json()["error_code"] == "ModelArts.0010"
        assert "X-Request-Id" in response.headers
    assert client.api("GET", "/notebooks").status_code == 200
    assert client.request("GET", "/_sim/faults", project_header=False).json()["faults"] == []


def test_fault_matches_method_and_path_only(client: SimClient) -> None:
    client.add_fault(action="error", path=r"/notebooks$", method="POST", error_code="ModelArts.6102")
    assert client.api("GET", "/notebooks").status_code == 200  # other method
    assert client.api("GET", "/images").status_code == 200  # other path
    failed = client.api("POST", "/notebooks", json=notebook_request())
    assert (failed.status_code, failed.json()["error_code"]) == (500, "ModelArts.6102")
    assert client.api("GET", "/notebooks").json()["total"] == 0  # the failed create created nothing


def test_throttling_with_retry_after(client: SimClient) -> None:
    client.add_fault(action="throttle", path="/images", retry_after=3, count=1)
    response = client.api("GET", "/images")
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "3"
    body = response.json()
    assert body["error_code"] == "APIG.0308"
    assert "limit:" in body["error_msg"] and body["request_id"] == response.headers["X-Request-Id"]
    assert client.api("GET", "/images").status_code == 200


def test_malformed_json_body(client: SimClient) -> None:
    client.add_fault(action="malformed", path="/notebooks", count=1)
    response = client.api("GET", "/notebooks")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.content)


def test_latency_delays_but_answers(client: SimClient) -> None:
    client.add_fault(action="latency", path="/images", latency_ms=50, count=1)
    assert client.api("GET", "/images").status_code == 200
    assert client.request("GET", "/_sim/faults", project_header=False).json()["faults"] == []  # it fired


def test_stall_outlasts_the_client_timeout(client: SimClient) -> None:
    client.add_fault(action="stall", path="/notebooks", stall_ms=600_000, count=1)
    with (
        SimClient(client.endpoint, *_credentials(client), timeout=0.5) as impatient,
        pytest.raises(httpx.ReadTimeout),
    ):
        impatient.api("GET", "/notebooks")
    assert client.api("GET", "/notebooks").status_code == 200  # only one request stalls


def _credentials(client: SimClient) -> tuple[str, str, str]:
    return TEST_ACCESS_KEY, TEST_SECRET_KEY, client.project_id


def test_probability_is_seeded_and_deterministic(client: SimClient) -> None:
    client.add_fault(action="error", path="/images", probability=0.5, seed=7)
    outcomes = [client.api("GET", "/images").status_code == 500 for _ in range(40)]
    rng = random.Random(7)
    assert outcomes == [rng.random() < 0.5 for _ in range(40)]
    assert 0 < sum(outcomes) < 40


def test_control_api_is_never_faulted(client: SimClient) -> None:
    client.add_fault(action="error", path=".*")
    assert client.api("GET", "/images").status_code == 500
    assert client.info()["faults"] == 1
    client.clear_faults()
    assert client.api("GET", "/images").status_code == 200


def test_remove_one_rule(client: SimClient) -> None:
    first = client.add_fault(action="error", path="/images")
    client.add_fault(action="error", path="/notebooks$")
    remaining = client.request("DELETE", f"/_sim/faults/{first['id']}", project_header=False).json()["faults"]
    assert [rule["path"] for rule in remaining] == ["/notebooks$"]
    assert client.api("GET", "/images").status_code == 200
    missing = client.request("DELETE", f"/_sim/faults/{first['id']}", project_header=False)
    assert missing.json()["error_code"] == "ModelArts.6404"


@pytest.mark.parametrize(
    ("rule", "mentions"),
    [
        ({"path": "/x"}, "'action' is a required property"),
        ({"action": "explode", "path": "/x"}, "'action'"),
        ({"action": "error"}, "'path' is a required property"),
        ({"action": "error", "path": "("}, "not a regular expression"),
        ({"action": "error", "path": "/x", "status": 404}, "5xx"),
        ({"action": "error", "path": "/x", "probability": 1.5}, "probability"),
        ({"action": "latency", "path": "/x", "count": 0}, "count"),
        ({"action": "latency", "path": "/x", "latency_ms": -1}, "latency_ms"),
    ],
)
def test_bad_rules_are_rejected(client: SimClient, rule: dict[str, object], mentions: str) -> None:
    response = client.request("POST", "/_sim/faults", json=rule, project_header=False)
    assert response.status_code == 400
    assert mentions in response.json()["error_msg"]


def test_several_rules_at_once(client: SimClient) -> None:
    rules = [{"action": "error", "path": "/images"}, {"action": "throttle", "path": "/notebooks$"}]
    created = client.request("POST", "/_sim/faults", json={"faults": rules}, project_header=False)
    assert created.status_code == 201
    assert [rule["action"] for rule in created.json()["faults"]] == ["error", "throttle"]
    assert client.api("GET", "/notebooks").status_code == 429
