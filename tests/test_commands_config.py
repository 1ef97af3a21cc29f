"""Configuration problems (commands/context.py, parser.execute, verbs/config.py): every one at once.

Invalid ``c.ModelArts`` traits and the administrator's policy rules that cannot be applied are
listed together by ``config`` (which then fails) and by every other verb, before anything is sent.
Through ``jupyter modelarts`` and ``%modelarts`` against the simulator over HTTP.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from IPython.core.interactiveshell import InteractiveShell
from traitlets.config import Config

Run = Callable[..., tuple[int, str, str]]
EMPTY_FLAVOR = "c.ModelArts.allowed_flavors[0] must be a non-empty string (got '')"
EMPTY_IMAGE = "c.ModelArts.blocked_images[1] must be a non-empty string (got '')"
LEASE = "c.ModelArts.max_lease_hours must be more than 0 and at most 72 (got 100"


@pytest.fixture
def config_file(config_dir: Path) -> Path:
    return config_dir / "jupyter_modelarts_config.py"


def test_config_fails_on_a_policy_problem_and_lists_it(run: Run, config_file: Path) -> None:
    config_file.write_text('c.ModelArts.allowed_flavors = [""]\n')
    status, out, err = run("config")
    assert status == 1
    assert f"PROBLEM          {EMPTY_FLAVOR}." in out
    assert "1 problem(s) listed above" in err


def test_trait_and_policy_problems_are_reported_together(run: Run, config_file: Path, sim: Any) -> None:
    config_file.write_text(
        'c.ModelArts.max_lease_hours = 100\nc.ModelArts.allowed_flavors = [""]\n'
        'c.ModelArts.blocked_images = ["ok", ""]\n'
    )
    status, out, err = run("config", "--json")
    assert status == 1 and "3 problem(s)" in err
    assert LEASE in out and EMPTY_FLAVOR in out and EMPTY_IMAGE in out
    lists = sim.count_requests("/notebooks")
    for argv in (("list",), ("flavors",), ("show", "x")):
        status, out, err = run(*argv)
        assert status == 1 and out == "" and err.count("\n") == 1
        assert err.startswith("error: Invalid configuration: ")
        assert LEASE in err and EMPTY_FLAVOR in err and EMPTY_IMAGE in err
    assert sim.fired(lists) == 0  # refused before anything was sent
    status, out, _ = run("help")
    assert status == 0 and "usage: jupyter modelarts VERB" in out


@pytest.fixture
def shell(sim: Any) -> Iterator[InteractiveShell]:
    config = Config()
    config.ModelArts.endpoint = sim.endpoint
    config.ModelArts.access_key = sim.ACCESS_KEY
    config.ModelArts.secret_key = sim.SECRET_KEY
    config.ModelArts.project_id = sim.PROJECT_ID
    config.ModelArts.max_lease_hours = 100.0
    config.ModelArts.allowed_flavors = [""]
    ip = InteractiveShell.instance(config=config)
    assert ip.extension_manager is not None
    ip.extension_manager.load_extension("jupyter_modelarts")
    try:
        yield ip
    finally:
        InteractiveShell.clear_instance()


def test_magics_report_every_problem_and_mended_ones_go(
    shell: InteractiveShell, capsys: pytest.CaptureFixture[str]
) -> None:
    assert shell.run_line_magic("modelarts", "list") is None
    err = capsys.readouterr().err
    assert err.startswith("ModelArts: Invalid configuration: ") and LEASE in err and EMPTY_FLAVOR in err
    shell.run_line_magic("config", "ModelArts.max_lease_hours = 8.0")  # mended: the policy problem stays
    assert shell.run_line_magic("modelarts", "list") is None
    err = capsys.readouterr().err
    assert err.startswith("ModelArts: Invalid configuration: ") and EMPTY_FLAVOR in err and LEASE not in err
    shell.run_line_magic("config", "ModelArts.allowed_flavors = ['modelarts.vm.cpu.2u']")
    assert shell.run_line_magic("modelarts", "list") == []
    assert capsys.readouterr().err == ""
