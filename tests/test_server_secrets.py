"""No secret in any log line at any level: AK, SK, IAM token and instance tokens, through a whole session.

Two places are read: pytest's caplog at DEBUG (every logger of the process:
server, extension, core, httpx, the simulator) and the server's own log stream.
"""

from __future__ import annotations

import io
import logging
from typing import Any

import pytest

HOUR = 3_600_000


@pytest.fixture(autouse=True)
def everything_at_debug(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)


def records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    """Everything logged so far, from the server's start (fixture set-up) on."""
    return caplog.get_records("setup") + caplog.get_records("call")


def leaked(secrets: list[str], caplog: pytest.LogCaptureFixture, stream: io.StringIO) -> list[str]:
    formatter = logging.Formatter()
    lines = [formatter.format(record) for record in records(caplog)] + stream.getvalue().splitlines()
    return [line for line in lines for secret in secrets if secret and secret in line]


async def a_whole_session(api: Any, sim: Any) -> list[str]:
    """Everything a user does, good and bad; the instance tokens that went by."""
    created = await api.ok("POST", "notebooks", sim.notebook_body("nb-secrets"))
    notebook_id = created["id"]
    await api.wait_for(notebook_id, "RUNNING")
    tokens = [(await api.ok("POST", f"notebooks/{notebook_id}/open"))["token"]]
    await api.get("notebooks")
    await api.get(f"notebooks/{notebook_id}/lease")
    await api.ok("PATCH", f"notebooks/{notebook_id}/lease", {"duration": 2 * HOUR})
    await api.call("POST", "notebooks", {"name": "bad name", "token": "x"})
    await api.call("GET", "notebooks/00000000-0000-4000-8000-000000000000")
    await api.ok("POST", f"notebooks/{notebook_id}/stop")
    await api.wait_for(notebook_id, "STOPPED")
    await api.ok("POST", f"notebooks/{notebook_id}/start")
    await api.wait_for(notebook_id, "RUNNING")
    tokens.append((await api.ok("POST", f"notebooks/{notebook_id}/open"))["token"])
    await api.get("status")
    assert tokens[0] != tokens[1]  # a new token on every start
    return tokens


class TestCredentialsFromTheEnvironment:
    @pytest.fixture
    def modelarts_config(self, sim: Any) -> dict[str, Any]:
        return {"endpoint": sim.endpoint, "credential_source": "env", "max_retries": 1, "retry_backoff": 0.0}

    @pytest.fixture(autouse=True)
    def environment(self, monkeypatch: pytest.MonkeyPatch, sim: Any) -> None:
        monkeypatch.setenv("HUAWEICLOUD_SDK_AK", sim.ACCESS_KEY)
        monkeypatch.setenv("HUAWEICLOUD_SDK_SK", sim.SECRET_KEY)
        monkeypatch.setenv("HUAWEICLOUD_SDK_PROJECT_ID", sim.PROJECT_ID)

    async def test_no_credential_or_instance_token_is_logged(
        self, api: Any, sim: Any, caplog: pytest.LogCaptureFixture, jp_logging_stream: io.StringIO
    ) -> None:
        tokens = await a_whole_session(api, sim)

        assert len(records(caplog)) > 50, "nothing was captured: the check would prove nothing"
        assert leaked([sim.ACCESS_KEY, sim.SECRET_KEY, *tokens], caplog, jp_logging_stream) == []


class TestRefusedIamToken:
    @pytest.fixture
    def modelarts_config(self, sim: Any) -> dict[str, Any]:
        return {"endpoint": sim.endpoint, "credential_source": "env", "max_retries": 0}

    @pytest.fixture(autouse=True)
    def environment(self, monkeypatch: pytest.MonkeyPatch, sim: Any) -> None:
        monkeypatch.setenv("MODELARTS_IAM_TOKEN", "MIIrefused-iam-token-that-must-never-be-logged")
        monkeypatch.setenv("HUAWEICLOUD_SDK_PROJECT_ID", sim.PROJECT_ID)

    async def test_the_refused_token_is_not_logged(
        self, api: Any, caplog: pytest.LogCaptureFixture, jp_logging_stream: io.StringIO
    ) -> None:
        error = await api.fails(502, "GET", "notebooks")
        await api.get("status")

        assert error["code"] == "APIG.0301"
        assert leaked(["refused-iam-token"], caplog, jp_logging_stream) == []


class TestCredentialsInTheConfigFile:
    """Secrets written into c.ModelArts (discouraged, but possible) stay out of every line we can reach.

    jupyter_server itself logs its whole configuration ("Config changed: ...") at DEBUG
    level while it reads it, before any extension code runs; those lines are outside our
    reach (docs/server.md recommends the environment or the profile file for that reason).
    Every other line is clean, and later configuration dumps go through a redacting filter.
    """

    @pytest.fixture
    def modelarts_config(self, sim_modelarts_config: dict[str, Any]) -> dict[str, Any]:
        return sim_modelarts_config

    async def test_only_jupyter_servers_own_config_dumps_show_them(
        self, api: Any, sim: Any, caplog: pytest.LogCaptureFixture, jp_serverapp: Any
    ) -> None:
        tokens = await a_whole_session(api, sim)

        formatter = logging.Formatter()
        ours = [r for r in records(caplog) if not (r.name == "ServerApp" and r.msg == "Config changed: %r")]
        secrets = [sim.ACCESS_KEY, sim.SECRET_KEY, *tokens]
        assert [formatter.format(r) for r in ours for s in secrets if s in formatter.format(r)] == []
        # A configuration dump after the extension is linked (as `jupyter lab` does) is scrubbed.
        jp_serverapp.log.debug("Config changed: %r", {"ModelArts": {"secret_key": sim.SECRET_KEY}})
        assert sim.SECRET_KEY not in formatter.format(records(caplog)[-1])
        assert "<redacted>" in formatter.format(records(caplog)[-1])
