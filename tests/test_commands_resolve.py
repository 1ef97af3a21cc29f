"""commands/resolve.py through ``jupyter modelarts``: which instance a typed reference names, never a guess.

Against the simulator over HTTP, as tests/test_cli.py does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Run = Callable[..., tuple[int, str, str]]


def created(sim: Any, name: str) -> str:
    response = sim.control.api("POST", "/notebooks", json=sim.notebook_body(name))
    response.raise_for_status()
    return str(response.json()["id"])


def test_a_name_that_is_another_instances_id_prefix_is_ambiguous(run: Run, sim: Any) -> None:
    first = created(sim, "first")
    prefix = first[:8]
    second = created(sim, prefix)  # named like the first one's id prefix
    status, out, err = run("show", prefix)
    assert status == 1 and out == ""
    assert f"The name and id prefix '{prefix}' matches 2 instances" in err
    assert f"{prefix} ({second}, " in err and f"first ({first}, " in err
    assert run("show", first)[0] == 0 and run("show", second[:8])[0] == 0  # ids still name one each


def test_ids_in_capitals_name_the_instance(run: Run, sim: Any) -> None:
    notebook_id = created(sim, "caps")
    for reference in (notebook_id.upper(), notebook_id[:8].upper()):
        status, out, err = run("show", reference)
        assert status == 0, err
        assert notebook_id in out and "caps" in out
    status, out, _ = run("wait", notebook_id.upper(), "--status", "RUNNING")
    assert status == 0 and "caps is RUNNING." in out
