"""``jupyter modelarts simulator``: options, the start-up banner, clean shutdown on SIGINT/SIGTERM."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from jupyter_modelarts.cli import main
from jupyter_modelarts.simulator.testing import SimClient, create_running

PROCESS_DEADLINE_S = 240.0  # a hang guard for start-up and shutdown, not a speed check


@contextmanager
def simulator_process(*options: str) -> Iterator[tuple[subprocess.Popen[str], dict[str, str]]]:
    """Run the CLI in a child process; yield it with the banner's fields once it listens."""
    command = [sys.executable, "-m", "jupyter_modelarts.cli", "simulator", "--port", "0", *options]
    env = {key: value for key, value in os.environ.items() if not key.startswith("HUAWEICLOUD_")}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        banner: dict[str, str] = {}
        assert process.stdout is not None
        for line in process.stdout:
            if match := re.match(r"ModelArts simulator listening on (\S+)", line):
                banner["endpoint"] = match.group(1)
            elif match := re.match(r"\s+([a-z ]+):\s+(.+)", line):
                banner[match.group(1).strip()] = match.group(2).strip()
            if line.startswith("Press Ctrl+C"):
                break
        assert "endpoint" in banner, process.stderr.read() if process.stderr else ""
        yield process, banner
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def stop(process: subprocess.Popen[str], signum: signal.Signals) -> int:
    process.send_signal(signum)
    return process.wait(timeout=PROCESS_DEADLINE_S)


def test_help_lists_the_simulator_verb(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    assert "simulator" in capsys.readouterr().out


def test_simulator_help_documents_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["simulator", "--help"])
    out = capsys.readouterr().out
    for option in ("--port", "--ak", "--sk", "--project-id", "--speed", "--iam-token", "--quota",
                   "--max-running", "--workdir", "--no-lab"):  # fmt: skip
        assert option in out


def test_missing_verb_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main([])
    assert done.value.code == 2
    assert "VERB" in capsys.readouterr().err


def test_bad_settings_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulator", "--port", "0", "--no-lab", "--speed", "0", "--quota", "-1"]) == 2
    err = capsys.readouterr().err
    assert "speed must be positive" in err and "quota must not be negative" in err


def test_generated_credentials_work_and_sigterm_stops_cleanly() -> None:
    with simulator_process("--no-lab", "--speed", "100") as (process, banner):
        assert re.fullmatch(r"[0-9a-f]{32}", banner["project id"])
        assert re.fullmatch(r"SIM[A-Z0-9]{17}", banner["access key"])
        client = SimClient(
            banner["endpoint"], banner["access key"], banner["secret key"], banner["project id"]
        )
        with client:
            assert client.api("GET", "/notebooks").status_code == 200
            assert client.info()["lab"] == "page"
        assert stop(process, signal.SIGTERM) == 0
        assert process.stdout is not None and "Stopping the simulator" in process.stdout.read()


def test_given_credentials_are_used_and_never_echoed() -> None:
    options = (
        *("--no-lab", "--ak", "GIVENACCESSKEY000001", "--sk", "given-secret-key-value"),
        *("--project-id", "f" * 32, "--quota", "3", "--max-running", "2", "--iam-token", "iam-tok"),
    )
    with simulator_process(*options) as (process, banner):
        assert banner["access key"] == banner["secret key"] == "(as given)"
        with SimClient(
            banner["endpoint"], "GIVENACCESSKEY000001", "given-secret-key-value", "f" * 32
        ) as client:
            info = client.info()
            assert (info["quota"], info["max_running"], info["project_id"]) == (3, 2, "f" * 32)
        token_call = httpx.get(
            f"{banner['endpoint']}/v1/{'f' * 32}/notebooks", headers={"X-Auth-Token": "iam-tok"}
        )
        assert token_call.status_code == 200
        assert stop(process, signal.SIGINT) == 0
        assert process.stdout is not None and process.stderr is not None
        output = process.stdout.read() + process.stderr.read()
        assert "given-secret-key-value" not in output and "iam-tok" not in output


def test_sigint_stops_running_jupyterlabs(tmp_path: os.PathLike[str]) -> None:
    with simulator_process("--speed", "100", "--workdir", str(tmp_path)) as (process, banner):
        with SimClient(
            banner["endpoint"], banner["access key"], banner["secret key"], banner["project id"]
        ) as client:
            notebook = create_running(client, deadline_s=PROCESS_DEADLINE_S)
        status_url = notebook["url"].removesuffix("/lab") + "/api/status"
        headers = {"Authorization": f"token {notebook['token']}"}
        assert httpx.get(status_url, headers=headers, trust_env=False, timeout=30).status_code == 200
        assert stop(process, signal.SIGINT) == 0
        with pytest.raises(httpx.ConnectError):
            httpx.get(status_url, headers=headers, trust_env=False, timeout=30)
