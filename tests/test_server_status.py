"""GET status and configuration handling of the server extension: what is reported, and that nothing crashes.

A broken ``c.ModelArts`` setting must neither stop the Jupyter server nor be
ignored (an invalid allow list ignored would allow everything): the server
starts, says what is wrong, and refuses ModelArts calls with 503.
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

import jupyter_modelarts


class TestConfiguredAgainstTheSimulator:
    @pytest.fixture
    def modelarts_config(self, sim_modelarts_config: dict[str, Any]) -> dict[str, Any]:
        return {**sim_modelarts_config, "max_lease_hours": 8, "poll_interval_fast": 2.0}

    async def test_status_says_where_and_how_much(self, api: Any, sim: Any) -> None:
        await api.ok("POST", "notebooks", sim.notebook_body("nb-quota"))

        status = await api.get("status")

        assert status["configured"] is True and status["problems"] == [] and status["hint"] is None
        assert status["version"] == jupyter_modelarts.__version__
        assert status["endpoint"] == sim.endpoint and status["endpoint_source"] == "c.ModelArts.endpoint"
        assert status["endpoint_kind"] == "simulator"
        assert status["project_id"] == sim.PROJECT_ID
        assert status["credential_source"] == "c.ModelArts config"
        assert status["quota"] == {"used": 1, "quota": 10}
        assert status["poll"] == {"fast_seconds": 2.0, "slow_seconds": 30.0}
        assert status["max_lease_ms"] == 8 * 3_600_000 and status["legacy_api"] is False
        assert isinstance(status["server_time_ms"], int)


class TestCredentialsRefusedByModelArts:
    @pytest.fixture
    def modelarts_config(self, sim_modelarts_config: dict[str, Any]) -> dict[str, Any]:
        return {**sim_modelarts_config, "secret_key": "not-the-simulators-secret-key-0000000000"}

    async def test_status_reports_the_refusal_as_a_configuration_problem(self, api: Any) -> None:
        status = await api.get("status")

        assert status["configured"] is False and status["quota"] is None
        [problem] = status["problems"]
        assert "APIG.0301" in problem and "administrator must fix the ModelArts credentials" in problem
        assert "not-the-simulators-secret-key" not in str(status)


class TestModelArtsTooSlow:
    @pytest.fixture
    def modelarts_config(self, sim_modelarts_config: dict[str, Any]) -> dict[str, Any]:
        return {**sim_modelarts_config, "request_timeout": 0.3, "max_retries": 0}

    async def test_a_timeout_is_a_problem_but_not_a_misconfiguration(self, api: Any, sim: Any) -> None:
        sim.control.add_fault(action="stall", path="/authoring/features", stall_ms=2000)

        status = await api.get("status")

        assert status["configured"] is True and status["quota"] is None
        assert len(status["problems"]) == 1 and "no answer" in status["problems"][0]


class TestInvalidSettings:
    @pytest.fixture
    def modelarts_config(self, sim_modelarts_config: dict[str, Any]) -> dict[str, Any]:
        return {
            **sim_modelarts_config,
            "project_id": "not-a-project",
            "max_lease_hours": 100.0,
            "secret_key": 12345,  # wrong type: reported without its value
        }

    async def test_the_server_starts_and_names_every_problem(self, api: Any) -> None:
        status = await api.get("status")

        assert status["configured"] is False
        text = " ".join(status["problems"])
        assert "c.ModelArts.project_id" in text and "c.ModelArts.max_lease_hours" in text
        assert "c.ModelArts.secret_key has an invalid value (not shown" in text
        assert "12345" not in text and status["hint"]

    async def test_every_modelarts_call_is_refused_with_503(self, api: Any, sim: Any) -> None:
        counter = sim.count_requests()

        for method, path in [("GET", "flavors"), ("GET", "notebooks"), ("POST", "notebooks")]:
            error = await api.fails(503, method, path, sim.notebook_body() if method == "POST" else None)
            assert error["reason"] == "not_configured" and "c.ModelArts.project_id" in error["message"]
        assert sim.fired(counter) == 0


class TestInvalidPolicy:
    @pytest.fixture
    def modelarts_config(self, sim_modelarts_config: dict[str, Any]) -> dict[str, Any]:
        return {**sim_modelarts_config, "allowed_flavors": ["modelarts.vm.cpu.*", "  "]}

    async def test_an_invalid_allow_list_blocks_everything_instead_of_allowing_everything(
        self, api: Any, sim: Any
    ) -> None:
        status = await api.get("status")
        assert status["configured"] is False
        assert any("allowed_flavors[1]" in problem for problem in status["problems"])

        error = await api.fails(503, "POST", "notebooks", sim.notebook_body())
        assert "allowed_flavors[1]" in error["message"]


class TestBrokenPresets:
    @pytest.fixture
    def modelarts_config(self, sim_modelarts_config: dict[str, Any]) -> dict[str, Any]:
        broken = [{"display_name": "CPU", "flavour": "modelarts.vm.cpu.2u", "image": "x"}]
        return {**sim_modelarts_config, "presets": broken}

    async def test_only_the_preset_endpoints_fail(self, api: Any) -> None:
        status = await api.get("status")
        assert status["configured"] is True
        assert any("unknown key 'flavour'" in problem for problem in status["problems"])

        error = await api.fails(503, "GET", "presets")
        assert error["reason"] == "not_configured" and "'flavour'" in error["message"]
        await api.fails(503, "POST", "presets/cpu/launch", {})
        assert (await api.get("flavors"))["items"]


class TestCredentialsFromTheEnvironment:
    """The SDK variables work as in the core, and are read when the first call needs them."""

    @pytest.fixture
    def modelarts_config(self, sim: Any) -> dict[str, Any]:
        return {"endpoint": sim.endpoint}

    @pytest.fixture(autouse=True)
    def environment(self, monkeypatch: pytest.MonkeyPatch, sim: Any) -> None:
        monkeypatch.setenv("HUAWEICLOUD_SDK_AK", sim.ACCESS_KEY)
        monkeypatch.setenv("HUAWEICLOUD_SDK_SK", sim.SECRET_KEY)
        monkeypatch.setenv("HUAWEICLOUD_SDK_PROJECT_ID", sim.PROJECT_ID)

    async def test_environment_credentials_are_used(self, api: Any) -> None:
        status = await api.get("status")

        assert status["configured"] is True and status["credential_source"].startswith("environment")
        assert (await api.get("notebooks"))["total"] == 0


class TestEndpointFromTheEnvironment:
    @pytest.fixture
    def modelarts_config(self, sim_modelarts_config: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in sim_modelarts_config.items() if k != "endpoint"}

    @pytest.fixture(autouse=True)
    def environment(self, monkeypatch: pytest.MonkeyPatch, sim: Any) -> None:
        monkeypatch.setenv("MODELARTS_ENDPOINT", sim.endpoint)

    async def test_modelarts_endpoint_variable(self, api: Any, sim: Any) -> None:
        status = await api.get("status")

        assert status["endpoint"] == sim.endpoint
        assert status["endpoint_source"] == "environment (MODELARTS_ENDPOINT)"
        assert status["configured"] is True


class TestNotConfiguredAtAll:
    async def test_calls_are_refused_with_the_reason(self, api: Any) -> None:
        error = await api.fails(503, "GET", "notebooks")

        assert error["reason"] == "not_configured"
        assert "region or endpoint" in error["message"]


def test_help_all_documents_the_modelarts_section() -> None:
    from jupyter_modelarts.core.settings import ModelArts
    from jupyter_modelarts.server.app import ModelArtsExtension

    assert ModelArts in ModelArtsExtension.classes
    done = subprocess.run(
        [sys.executable, "-m", "jupyter_modelarts.server", "--help-all"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "--ModelArts.allowed_flavors" in done.stdout and "Launch presets shown in the UI" in done.stdout
