"""``jupyter modelarts <verb>`` through ``jupyter_modelarts.cli.main`` against the simulator over HTTP.

Configuration comes from the environment and a ``jupyter_modelarts_config.py`` in a private
``JUPYTER_CONFIG_DIR``; stdout holds the result, stderr the progress and errors.  Real
processes (the console script, ``python -m``, a terminal) are in test_cli_subprocess.py.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from jupyter_modelarts import cli
from jupyter_modelarts.commands.render.notebooks import OpenLink
from jupyter_modelarts.commands.verbs import VERBS
from jupyter_modelarts.commands.verbs.config import ConfigReport
from jupyter_modelarts.core.contract import Flavor, Image, Lease, Notebook

CPU_IMAGE_NAME = "notebook2.0-mul-kernel-cpu-cp36"


Run = Callable[..., Any]  # tests/conftest.py's run: a Ran(status, stdout, stderr)


def test_every_verb_is_on_the_command_line_with_its_summary() -> None:
    parser = cli.build_parser([])
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {action.dest: action.help for action in subparsers._choices_actions}
    assert {name: helps[name] for name in VERBS} == {name: verb.summary for name, verb in VERBS.items()}
    assert set(helps) == {*VERBS, "simulator", "demo"}


@pytest.mark.parametrize("verb", VERBS)
def test_every_verb_has_help(run: Run, verb: str) -> None:
    ran = run(verb, "--help")
    assert ran.status == 0 and ran.stdout.startswith(f"usage: jupyter modelarts {verb}")
    assert "example: jupyter modelarts" in ran.stdout and ran.stderr == ""


def test_a_whole_session(run: Run, sim: Any) -> None:
    flavors = run("flavors", "--category", "CPU", "--json")
    assert flavors.status == 0 and {
        Flavor.model_validate(f).category for f in json.loads(flavors.stdout)
    } == {"CPU"}
    images = run("images", "--flavor", "modelarts.vm.cpu.2u", "--name", "spark")
    assert images.status == 0 and images.stdout.splitlines()[1].startswith("spark2.4.5-ubuntu18.04")

    created = run(
        "create",
        "cli-nb",
        "--flavor",
        "modelarts.vm.cpu.2u",
        "--image",
        CPU_IMAGE_NAME,
        "--storage",
        "evs:8",
        "--lease",
        "2h",
        "--description",
        "from the CLI",
        "--wait",
        "--json",
    )
    assert created.status == 0, created.stderr
    notebook = Notebook.model_validate(json.loads(created.stdout))
    assert notebook.status == "RUNNING" and notebook.volume and notebook.volume.capacity == 8
    assert "cli-nb: INIT" in created.stderr and created.stderr.splitlines()[-1] == "cli-nb: RUNNING"
    token = sim.control.api("GET", f"/notebooks/{notebook.id}").json()["token"]

    listed = run("list", "--status", "running", "--name", "cli")
    assert listed.status == 0 and listed.stdout.splitlines()[0].split()[:2] == ["NAME", "STATUS"]
    assert "cli-nb" in listed.stdout and token not in listed.stdout
    shown = run("show", "cli-nb")
    assert "EVS 8 GB" in shown.stdout and "from the CLI" in shown.stdout and token not in shown.stdout
    lease = run("lease", "cli-nb", "--extend", "idle:45m", "--json")
    assert Lease.model_validate(json.loads(lease.stdout)).type == "IDLE"
    opened = run("open", "cli-nb")
    assert opened.status == 0 and f"?token={token}" in opened.stdout

    stopped = run("stop", "cli-nb", "--wait")
    assert stopped.status == 0 and "cli-nb is STOPPED." in stopped.stdout
    updated = run("update", "cli-nb", "--flavor", "modelarts.vm.cpu.8u", "--storage-size", "12")
    assert updated.status == 0 and "modelarts.vm.cpu.8u" in updated.stdout and "EVS 12 GB" in updated.stdout
    started = run("start", "cli-nb", "--lease", "3h", "--timeout", "2m")  # --timeout implies --wait
    assert started.status == 0 and "cli-nb is RUNNING." in started.stdout
    new_token = sim.control.api("GET", f"/notebooks/{notebook.id}").json()["token"]
    waited = run("wait", str(notebook.id), "--status", "RUNNING")
    assert waited.status == 0 and new_token not in waited.stdout + waited.stderr

    deleted = run("delete", str(notebook.id)[:8], "--yes", "--wait")
    assert deleted.status == 0 and "cli-nb is DELETED." in deleted.stdout and sim.instance_count() == 0
    assert json.loads(run("list", "--json").stdout) == []


def test_json_outputs_parse_back_into_the_models(run: Run) -> None:
    assert (
        run("create", "j", "--flavor", "modelarts.vm.cpu.2u", "--image", CPU_IMAGE_NAME, "--wait").status == 0
    )
    notebooks = [Notebook.model_validate(n) for n in json.loads(run("list", "--json").stdout)]
    assert [n.name for n in notebooks] == ["j"] and notebooks[0].token is None
    assert Notebook.model_validate(json.loads(run("show", "j", "--json").stdout)).name == "j"
    assert all(Image.model_validate(i).id for i in json.loads(run("images", "--json").stdout))
    link = OpenLink.model_validate(json.loads(run("open", "j", "--json").stdout))
    assert link.link.endswith(f"token={link.token}")
    report = ConfigReport.model_validate(json.loads(run("config", "--json").stdout))
    assert report.endpoint_source == "environment (MODELARTS_ENDPOINT)" and report.problems == []


def test_failures_are_one_line_on_stderr_with_exit_status_1(run: Run, sim: Any) -> None:
    unknown = run("show", "nobody")
    assert unknown.status == 1 and unknown.stdout == ""
    assert unknown.stderr == "error: No notebook instance is named 'nobody'; there are no instances.\n"
    invalid = run(
        "create", "x", "--flavor", "modelarts.vm.cpu.2u", "--image", CPU_IMAGE_NAME, "--lease", "73h"
    )
    assert invalid.status == 1 and len(invalid.stderr.splitlines()) == 1 and "--lease:" in invalid.stderr
    sim.control.add_fault(action="error", path="/notebooks$", method="GET", status=503, count=1)
    upstream = run("list")
    assert upstream.status == 1 and "ModelArts error" in upstream.stderr and "request id" in upstream.stderr


def test_wrong_usage_prints_the_verbs_usage_with_exit_status_2(run: Run) -> None:
    for argv, message in [
        (("create", "x"), "the following arguments are required: --flavor, --image"),
        (("list", "--bogus"), "unrecognized arguments: --bogus"),
        (("update", "x"), "nothing to change"),
        (("help", "nope"), "no verb 'nope'"),
    ]:
        ran = run(*argv)
        assert ran.status == 2 and ran.stdout == ""
        assert (
            ran.stderr.startswith(f"usage: jupyter modelarts {argv[0]}")
            or "usage: jupyter modelarts VERB" in ran.stderr
        )
        assert message in ran.stderr.splitlines()[-1]


def test_help_verb(run: Run) -> None:
    overview = run("help")
    assert overview.status == 0 and "usage: jupyter modelarts VERB" in overview.stdout
    assert run("help", "lease").stdout == run("lease", "--help").stdout


def test_config_files_and_which_source_won(run: Run, config_dir: Path, tmp_path: Path, sim: Any) -> None:
    server_json = config_dir / "jupyter_server_config.json"
    server_json.write_text(json.dumps({"ModelArts": {"region": "cn-north-4", "max_lease_hours": 4}}))
    ours = config_dir / "jupyter_modelarts_config.py"
    ours.write_text(ours.read_text() + f"c.ModelArts.endpoint = {sim.endpoint!r}\n")
    ran = run("config")
    assert ran.status == 0, ran.stderr
    assert f"{sim.endpoint}  (from c.ModelArts.endpoint in {ours})" in ran.stdout
    assert f"cn-north-4  (from c.ModelArts.region in {server_json})" in ran.stdout
    assert "longest lease    4 h" in ran.stdout and str(server_json) in ran.stdout
    assert "AK/SK  (from environment (HUAWEICLOUD_SDK_AK))" in ran.stdout
    refused = run(
        "create", "x", "--flavor", "modelarts.vm.cpu.2u", "--image", CPU_IMAGE_NAME, "--lease", "5h"
    )
    assert refused.status == 1 and "at most 4 h is allowed by the administrator" in refused.stderr


def test_incomplete_or_broken_configuration(
    run: Run, config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HUAWEICLOUD_SDK_SK")
    missing = run("config")
    assert missing.status == 1 and "PROBLEM" in missing.stdout and "incomplete" in missing.stderr
    assert "HUAWEICLOUD_SDK_SK" in run("list").stderr
    (config_dir / "jupyter_modelarts_config.py").write_text('c.ModelArts.secret_key = "half a secret\n')
    broken = run("list")
    assert (
        broken.status == 1
        and "SyntaxError at line 1" in broken.stderr
        and "half a secret" not in broken.stderr
    )
    (config_dir / "jupyter_modelarts_config.py").write_text('c.ModelArts.endpoint = "ftp://nowhere"\n')
    invalid = run("list")
    assert invalid.status == 1 and invalid.stderr.startswith("error: Invalid configuration: ")
    # traitlets' own message would print a mistyped secret's value: it is named, never shown.
    (config_dir / "jupyter_modelarts_config.py").write_text("c.ModelArts.secret_key = 987654321987\n")
    mistyped = run("list")
    assert mistyped.status == 1 and "c.ModelArts.secret_key" in mistyped.stderr
    assert "987654321987" not in mistyped.stderr
