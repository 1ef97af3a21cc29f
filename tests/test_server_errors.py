"""Every error mapping of docs/rest-api.md, provoked for real: the simulator's faults, states and quotas.

Each answer is JSON (message, reason, code, request_id, problems) and none is a 401,
which JupyterLab would read as "your Jupyter login expired".
"""

from __future__ import annotations

import socket
import uuid
from typing import Any

import pytest
from tornado.httpclient import HTTPClientError

UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"


@pytest.fixture
def modelarts_config(sim_modelarts_config: dict[str, Any]) -> dict[str, Any]:
    return sim_modelarts_config


async def running(api: Any, sim: Any, name: str) -> str:
    created = await api.ok("POST", "notebooks", sim.notebook_body(name))
    await api.wait_for(created["id"], "RUNNING")
    return str(created["id"])


async def test_invalid_input_lists_every_problem_and_sends_nothing(api: Any, sim: Any) -> None:
    counter = sim.count_requests()
    body = {"name": "bad name!", "flavor": "", "image_id": "not-a-uuid", "volume": {"capacity": 1}, "x": 1}

    error = await api.fails(400, "POST", "notebooks", body)

    assert error["reason"] == "invalid" and error["code"] is None
    locations = {problem["location"] for problem in error["problems"]}
    assert {"body.name", "body.image_id", "body.volume.category", "body.x"} <= locations
    assert all(problem["rule"] for problem in error["problems"])
    assert sim.fired(counter) == 0


async def test_path_and_body_problems_come_together(api: Any, sim: Any) -> None:
    error = await api.fails(400, "PUT", "notebooks/nope", {"name": "a b"})

    assert [p["location"] for p in error["problems"]] == ["path.notebook_id", "body.name"]


async def test_query_problems_are_located_in_the_query(api: Any) -> None:
    error = await api.fails(400, "GET", "notebooks", params={"limit": "500", "status": "SLEEPING", "x": "1"})

    assert {p["location"] for p in error["problems"]} == {"query.limit", "query.status", "query.x"}


async def test_a_body_that_is_not_json(api: Any) -> None:
    error = await api.fails(400, "POST", "notebooks", raw=b"{not json")

    assert error["problems"][0]["location"] == "body" and "JSON" in error["problems"][0]["rule"]


async def test_unknown_notebook_is_404_with_the_upstream_code(api: Any) -> None:
    error = await api.fails(404, "GET", f"notebooks/{UNKNOWN_ID}")

    assert error["reason"] == "not_found" and error["code"] == "ModelArts.6309"
    assert error["request_id"] and error["request_id"] in error["message"]


async def test_state_conflict_is_409(api: Any, sim: Any) -> None:
    notebook_id = await running(api, sim, "nb-conflict")

    error = await api.fails(409, "POST", f"notebooks/{notebook_id}/start")

    assert error["reason"] == "conflict" and error["code"] == "ModelArts.6305"


async def test_lease_of_a_stopped_instance_is_a_conflict(api: Any, sim: Any) -> None:
    notebook_id = await running(api, sim, "nb-lease-stopped")
    await api.ok("POST", f"notebooks/{notebook_id}/stop")
    await api.wait_for(notebook_id, "STOPPED")

    error = await api.fails(409, "GET", f"notebooks/{notebook_id}/lease")

    assert error["code"] == "ModelArts.6327"


async def test_what_modelarts_refuses_after_our_checks_is_a_400_with_its_code(api: Any, sim: Any) -> None:
    notebook_id = await running(api, sim, "nb-sold-out")
    await api.ok("POST", f"notebooks/{notebook_id}/stop")
    await api.wait_for(notebook_id, "STOPPED")
    sim.control.set_sold_out(sim.CPU_FLAVOR, True)

    error = await api.fails(400, "POST", f"notebooks/{notebook_id}/start")

    assert error["reason"] == "invalid" and error["code"] == "ModelArts.6716"


async def test_upstream_server_error_is_502(api: Any, sim: Any) -> None:
    sim.control.add_fault(action="error", path="/notebooks$", method="GET", status=500)

    error = await api.fails(502, "GET", "notebooks")

    assert error["reason"] == "upstream" and error["code"] == "ModelArts.6102"
    assert error["request_id"]


async def test_malformed_upstream_answer_is_502(api: Any, sim: Any) -> None:
    sim.control.add_fault(action="malformed", path=f"/notebooks/{UNKNOWN_ID}$")

    error = await api.fails(502, "GET", f"notebooks/{UNKNOWN_ID}")

    assert error["reason"] == "upstream"


async def test_throttling_after_retries_is_503_with_retry_after(api: Any, sim: Any, jp_fetch: Any) -> None:
    rule = sim.control.add_fault(action="throttle", path="/notebooks$", retry_after=0)

    code, error = await api.call("GET", "notebooks")

    assert code == 503 and error["reason"] == "throttled" and error["code"] == "APIG.0308"
    assert sim.fired(rule["id"]) == 2  # the first attempt and c.ModelArts.max_retries = 1 retry
    with pytest.raises(HTTPClientError) as raised:
        await jp_fetch("modelarts", "notebooks")
    # ModelArts' own Retry-After (0 seconds here) is passed on, not a fixed pause.
    assert raised.value.response is not None and raised.value.response.headers["Retry-After"] == "0"


async def test_quota_is_409(api: Any, sim: Any) -> None:
    await api.ok("POST", "notebooks", sim.notebook_body("nb-quota-1"))
    await api.ok("POST", "notebooks", sim.notebook_body("nb-quota-2"))

    error = await api.fails(409, "POST", "notebooks", sim.notebook_body("nb-quota-3"))

    assert error["reason"] == "quota" and error["code"] == "ModelArts.6302"
    # Only deleting frees the instance-count quota; the request id ends the sentence, once.
    assert "Delete an instance you no longer need (stopping one does not free this quota)" in error["message"]
    assert f"(request id {error['request_id']}). " in error["message"]


@pytest.fixture
def sim(make_sim: Any) -> Any:
    # quota=2 for the quota test; nothing else here comes near it.
    return make_sim(quota=2)


class TestStalledUpstream:
    @pytest.fixture
    def modelarts_config(self, sim_modelarts_config: dict[str, Any]) -> dict[str, Any]:
        return {**sim_modelarts_config, "request_timeout": 0.3, "max_retries": 0}

    async def test_timeout_is_504(self, api: Any, sim: Any) -> None:
        sim.control.add_fault(action="stall", path="/notebooks$", stall_ms=2000)

        error = await api.fails(504, "GET", "notebooks")

        assert error["reason"] == "timeout" and "no answer" in error["message"]


class TestRefusedCredentials:
    @pytest.fixture
    def modelarts_config(self, sim_modelarts_config: dict[str, Any]) -> dict[str, Any]:
        return {**sim_modelarts_config, "secret_key": "wrong-secret-key-00000000000000000000000"}

    async def test_upstream_auth_failure_is_502_never_401(self, api: Any) -> None:
        for method, path in [("GET", "notebooks"), ("GET", f"notebooks/{UNKNOWN_ID}"), ("GET", "flavors")]:
            error = await api.fails(502, method, path)
            assert error["reason"] == "upstream_auth" and error["code"] == "APIG.0301"
            assert "Your Jupyter login is fine" in error["message"]


class TestUnreachableEndpoint:
    @pytest.fixture
    def modelarts_config(self, sim_modelarts_config: dict[str, Any]) -> dict[str, Any]:
        with socket.socket() as probe:  # a port nobody listens on
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        return {**sim_modelarts_config, "endpoint": f"http://127.0.0.1:{port}", "max_retries": 0}

    async def test_unreachable_is_502(self, api: Any) -> None:
        error = await api.fails(502, "GET", "notebooks")

        assert error["reason"] == "unreachable" and "cannot connect" in error["message"]


async def test_tornado_refusals_are_json_too(api: Any) -> None:
    method_error = await api.fails(405, "DELETE", "flavors")
    missing = await api.fails(404, "GET", "no-such-thing")
    anonymous = await api.fails(403, "GET", "notebooks", headers={"Authorization": ""})

    assert method_error["message"] == "DELETE is not an operation of this path"
    assert method_error["reason"] == "Method Not Allowed"
    assert "openapi.json" in missing["message"]
    assert anonymous["reason"] == "Forbidden"


async def test_open_of_an_unknown_notebook_is_404(api: Any) -> None:
    error = await api.fails(404, "POST", f"notebooks/{uuid.uuid4()}/open")

    assert error["code"] == "ModelArts.6309"


async def test_a_method_a_path_lacks_is_405_even_with_a_body(api: Any, jp_fetch: Any) -> None:
    """D7: not "takes no body" (400): the method is the problem, and Allow says which ones exist."""
    for method, path in (("PATCH", "notebooks"), ("PUT", "flavors"), ("POST", "status")):
        error = await api.fails(405, method, path, {"name": "x"})
        assert error["message"] == f"{method} is not an operation of this path" and error["problems"] == []
    with pytest.raises(HTTPClientError) as caught:
        await jp_fetch("modelarts", "notebooks", method="PATCH", body=b'{"name": "x"}')
    assert caught.value.code == 405 and caught.value.response is not None
    assert caught.value.response.headers["Allow"] == "GET, POST"
