"""The real command line in child processes (``jupyter-modelarts`` and ``python -m jupyter_modelarts.cli``).

Exit statuses, stdout/stderr separation, the delete confirmation on a real
terminal (a pseudo-terminal answering y or n) and without one (refused), and
progress redrawn in place on a terminal.  No output may hold the AK, SK or
security token, nor an instance token except the output of ``open``.
"""

from __future__ import annotations

import json
import os
import pty
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from jupyter_modelarts.core.contract import Notebook

SECURITY_TOKEN = "simsecuritytoken-cli-000000000000000000001"
CPU_IMAGE_NAME = "notebook2.0-mul-kernel-cpu-cp36"
SCRIPT = shutil.which("jupyter-modelarts", path=str(Path(sys.executable).parent)) or "jupyter-modelarts"
GIVE_UP = 120.0  # seconds: only stops a broken run from hanging


@dataclass
class Done:
    status: int
    stdout: str
    stderr: str


@pytest.fixture
def cli_sim(make_sim: Callable[..., Any]) -> Any:
    return make_sim(security_tokens=[SECURITY_TOKEN])


@pytest.fixture
def env(cli_sim: Any, tmp_path: Path) -> dict[str, str]:
    config_dir = tmp_path / "jupyter-config"
    config_dir.mkdir()
    (config_dir / "jupyter_modelarts_config.py").write_text(
        "c.ModelArts.poll_interval_fast = 0.02\nc.ModelArts.retry_backoff = 0.01\n"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("HUAWEICLOUD_", "MODELARTS_"))}
    return clean | {
        "HOME": str(tmp_path), "JUPYTER_CONFIG_DIR": str(config_dir), "MODELARTS_ENDPOINT": cli_sim.endpoint,
        "HUAWEICLOUD_SDK_AK": cli_sim.ACCESS_KEY, "HUAWEICLOUD_SDK_SK": cli_sim.SECRET_KEY,
        "HUAWEICLOUD_SDK_SECURITY_TOKEN": SECURITY_TOKEN, "HUAWEICLOUD_SDK_PROJECT_ID": cli_sim.PROJECT_ID,
    }  # fmt: skip


def no_secrets(done: Done, sim: Any, *tokens: str) -> Done:
    for value in (sim.ACCESS_KEY, sim.SECRET_KEY, SECURITY_TOKEN, *tokens):
        assert value not in done.stdout and value not in done.stderr
    return done


def jupyter_modelarts(env: dict[str, str], *argv: str, module: bool = False) -> Done:
    command = [sys.executable, "-m", "jupyter_modelarts.cli"] if module else [SCRIPT]
    done = subprocess.run(
        [*command, *argv], env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=GIVE_UP
    )
    return Done(done.returncode, done.stdout, done.stderr)


def on_terminal(env: dict[str, str], *argv: str, answer: str | None = None, tty: str = "stdin") -> Done:
    """Run with stdin (and its answer) or stderr on a pseudo-terminal; the terminal's output is ``stderr``."""
    master, slave = pty.openpty()
    streams: dict[str, Any] = {
        "stdin": subprocess.DEVNULL,
        "stdout": subprocess.PIPE,
        "stderr": subprocess.PIPE,
    }
    streams[tty] = slave
    child = subprocess.Popen([SCRIPT, *argv], env=env, **streams)
    os.close(slave)
    if answer is not None:
        os.write(master, answer.encode())
    seen = b""
    give_up = time.monotonic() + GIVE_UP
    while child.poll() is None or select.select([master], [], [], 0)[0]:
        if time.monotonic() > give_up:
            child.kill()
            raise AssertionError("the command did not finish")
        if select.select([master], [], [], 0.05)[0]:
            try:
                seen += os.read(master, 4096)
            except OSError:  # the child closed the terminal
                break
    os.close(master)
    out = child.stdout.read().decode() if child.stdout else ""
    err = child.stderr.read().decode() if child.stderr else ""
    return Done(child.wait(), out, seen.decode(errors="replace") if tty == "stderr" else err)


def created(sim: Any, name: str) -> Notebook:
    """A RUNNING instance made straight through the API (the create verb has its own tests)."""
    answer = sim.control.api("POST", "/notebooks", json=sim.notebook_body(name))
    return Notebook.model_validate(sim.control.wait_for_status(answer.json()["id"], "RUNNING"))


def test_help_lists_every_verb_and_each_verb_has_help(env: dict[str, str]) -> None:
    top = jupyter_modelarts(env, "--help")
    assert top.status == 0
    for verb in (
        "simulator",
        "flavors",
        "images",
        "list",
        "show",
        "create",
        "start",
        "stop",
        "delete",
        "update",
        "lease",
        "open",
        "wait",
        "config",
        "help",
    ):
        assert verb in top.stdout
    create = jupyter_modelarts(env, "create", "--help", module=True)
    assert create.status == 0 and create.stdout.startswith("usage: jupyter modelarts create")


def test_a_session_in_processes(env: dict[str, str], cli_sim: Any) -> None:
    done = jupyter_modelarts(
        env,
        "create",
        "proc-nb",
        "--flavor",
        "modelarts.vm.cpu.2u",
        "--image",
        CPU_IMAGE_NAME,
        "--wait",
        "--json",
    )
    assert done.status == 0, done.stderr
    notebook = Notebook.model_validate(json.loads(no_secrets(done, cli_sim).stdout))
    token = cli_sim.control.api("GET", f"/notebooks/{notebook.id}").json()["token"]
    listed = no_secrets(jupyter_modelarts(env, "list", "--json", module=True), cli_sim, token)
    assert listed.status == 0 and [Notebook.model_validate(n).name for n in json.loads(listed.stdout)] == [
        "proc-nb"
    ]
    shown = no_secrets(jupyter_modelarts(env, "show", "proc-nb"), cli_sim, token)
    assert shown.status == 0 and "proc-nb" in shown.stdout and shown.stderr == ""
    opened = no_secrets(jupyter_modelarts(env, "open", "proc-nb"), cli_sim)
    assert opened.status == 0 and opened.stdout.strip().endswith(f"?token={token}")
    flavors = no_secrets(jupyter_modelarts(env, "flavors", "--category", "ASCEND"), cli_sim)
    assert flavors.status == 0 and "modelarts.bm.snt9.xlarge.1" in flavors.stdout
    config = no_secrets(jupyter_modelarts(env, "config"), cli_sim)
    assert config.status == 0 and "AK/SK  (from environment (HUAWEICLOUD_SDK_AK))" in config.stdout


def test_progress_lines_go_to_stderr_and_stdout_keeps_the_result(env: dict[str, str], cli_sim: Any) -> None:
    done = jupyter_modelarts(
        env, "create", "p", "--flavor", "modelarts.vm.cpu.2u", "--image", CPU_IMAGE_NAME, "--wait"
    )
    assert done.status == 0 and done.stdout.startswith("p  ") and "p is RUNNING." in done.stdout
    lines = done.stderr.splitlines()
    assert lines[0].startswith("p: INIT") and lines[-1] == "p: RUNNING" and "\r" not in done.stderr


def test_progress_is_redrawn_in_place_on_a_terminal(env: dict[str, str], cli_sim: Any) -> None:
    done = on_terminal(
        env,
        "create",
        "t",
        "--flavor",
        "modelarts.vm.cpu.2u",
        "--image",
        CPU_IMAGE_NAME,
        "--wait",
        tty="stderr",
    )
    assert done.status == 0 and "t is RUNNING." in done.stdout
    assert "\rt: INIT" in done.stderr and "\rt: RUNNING\x1b[K" in done.stderr


def test_delete_without_yes_is_refused_when_nobody_can_answer(env: dict[str, str], cli_sim: Any) -> None:
    created(cli_sim, "keep-me")
    done = no_secrets(jupyter_modelarts(env, "delete", "keep-me"), cli_sim)
    assert done.status == 1 and done.stdout == "" and len(done.stderr.splitlines()) == 1
    assert "managed storage (EVS 5 GB) is deleted too" in done.stderr and "add --yes" in done.stderr
    assert cli_sim.instance_count() == 1


@pytest.mark.parametrize(("answer", "deleted"), [("y\n", True), ("n\n", False), ("\n", False)])
def test_delete_asks_on_a_terminal(env: dict[str, str], cli_sim: Any, answer: str, deleted: bool) -> None:
    notebook = created(cli_sim, "asked")
    done = no_secrets(on_terminal(env, "delete", "asked", "--wait", answer=answer), cli_sim)
    assert "Delete asked (" in done.stderr and "[y/N]" in done.stderr
    if deleted:
        assert done.status == 0 and "asked is DELETED." in done.stdout and cli_sim.instance_count() == 0
    else:
        assert done.status == 1 and "Nothing was deleted: asked is still RUNNING." in done.stderr
        assert cli_sim.control.api("GET", f"/notebooks/{notebook.id}").status_code == 200


def test_exit_statuses(env: dict[str, str], cli_sim: Any) -> None:
    usage = jupyter_modelarts(env, "start")
    assert usage.status == 2 and usage.stderr.startswith("usage: jupyter modelarts start")
    failure = no_secrets(jupyter_modelarts(env, "stop", "ghost"), cli_sim)
    assert failure.status == 1 and failure.stderr.startswith("error: No notebook instance is named 'ghost'")
    assert len(failure.stderr.splitlines()) == 1 and "Traceback" not in failure.stderr
    cli_sim.control.add_fault(action="error", path="/notebooks$", method="GET", status=500, count=10)
    upstream = no_secrets(jupyter_modelarts(env, "list"), cli_sim)
    assert upstream.status == 1 and "ModelArts.6102" in upstream.stderr and "request id" in upstream.stderr


def test_a_config_file_wins_over_the_environment(env: dict[str, str], cli_sim: Any) -> None:
    config = Path(env["JUPYTER_CONFIG_DIR"]) / "jupyter_modelarts_config.py"
    config.write_text(config.read_text() + f"c.ModelArts.endpoint = {cli_sim.endpoint!r}\n")
    env = env | {"MODELARTS_ENDPOINT": "http://127.0.0.1:9"}  # nothing listens there
    done = no_secrets(jupyter_modelarts(env, "config", "--json"), cli_sim)
    report = json.loads(done.stdout)
    assert (
        report["endpoint"] == cli_sim.endpoint
        and report["endpoint_source"] == f"c.ModelArts.endpoint in {config}"
    )
    assert str(config) in report["config_files"]
    assert jupyter_modelarts(env, "list").status == 0
