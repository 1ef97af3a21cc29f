"""State checks (commands/verbs/base.py) and the lifecycle verbs: an operation in the wrong state is
refused before anything is sent, with the command that gets there; the state an instance is heading
to is not an error; a wait that cannot end says so at once; waits speak of the instance by name.

Through ``jupyter modelarts`` against the simulator over HTTP.  An instance is held in a transition
by slowing the simulator down (``set_speed``): a step then takes hours.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Run = Callable[..., tuple[int, str, str]]
CRAWL = 0.0001  # a provisioning step then takes about 5 hours: the instance stays where it is
PREFIX = "'jupyter modelarts"


def created(sim: Any, name: str, **body: Any) -> str:
    response = sim.control.api("POST", "/notebooks", json=sim.notebook_body(name, **body))
    response.raise_for_status()
    return str(response.json()["id"])


def running(sim: Any, name: str, **body: Any) -> str:
    notebook_id = created(sim, name, **body)
    sim.control.wait_for_status(notebook_id, "RUNNING")
    return notebook_id


def stopped(sim: Any, name: str) -> str:
    notebook_id = running(sim, name)
    sim.control.api("POST", f"/notebooks/{notebook_id}/stop").raise_for_status()
    sim.control.wait_for_status(notebook_id, "STOPPED")
    return notebook_id


def status_of(sim: Any, notebook_id: str) -> str:
    return str(sim.control.api("GET", f"/notebooks/{notebook_id}").json()["status"])


def test_start_on_an_instance_being_created_is_not_an_error(run: Run, sim: Any) -> None:
    sim.control.set_speed(CRAWL)
    notebook_id = created(sim, "early")
    assert status_of(sim, notebook_id) == "INIT"
    status, out, err = run("start", "early")
    assert status == 0, err
    assert "early is already INIT: it becomes RUNNING by itself." in out
    status, _, err = run("start", "early", "--lease", "2h")  # a lease cannot ride along: say what can
    assert status == 1
    assert f"a lease can be extended once it is RUNNING ({PREFIX} wait early --status RUNNING'" in err
    assert f"then {PREFIX} lease early --extend 2h')" in err


def test_start_wait_on_an_instance_being_created_waits_for_running(run: Run, sim: Any) -> None:
    sim.control.set_speed(2.0)  # about 5 s to RUNNING: long enough to find it INIT or CREATING
    created(sim, "soon")
    status, out, err = run("start", "soon", "--wait")
    assert status == 0, err
    assert "soon is RUNNING." in out and err.splitlines()[-1] == "soon: RUNNING"


def test_update_while_in_transit_is_refused_before_sending(run: Run, sim: Any) -> None:
    sim.control.set_speed(CRAWL)
    created(sim, "young")
    puts = sim.count_requests("/notebooks/", method="PUT")
    status, _, err = run("update", "young", "--description", "d")
    assert status == 1 and err.count("\n") == 1
    assert "young is INIT: it can be updated once it is RUNNING" in err
    assert f"({PREFIX} wait young --status RUNNING', then update it again)" in err
    assert sim.fired(puts) == 0


def test_description_may_change_while_running(run: Run, sim: Any) -> None:
    running(sim, "live")
    status, out, err = run("update", "live", "--description", "still running")
    assert status == 0, err
    assert "live was updated." in out and "still running" in out


def test_delete_while_stopping_is_refused_before_sending(run: Run, sim: Any) -> None:
    notebook_id = running(sim, "halting")
    sim.control.set_speed(CRAWL)
    sim.control.api("POST", f"/notebooks/{notebook_id}/stop").raise_for_status()
    deletes = sim.count_requests("/notebooks/", method="DELETE")
    status, _, err = run("delete", "halting", "--yes")
    assert status == 1
    assert "halting is STOPPING: it can be deleted once it is STOPPED" in err
    assert f"({PREFIX} wait halting --status STOPPED', then {PREFIX} delete halting')" in err
    assert sim.fired(deletes) == 0 and status_of(sim, notebook_id) == "STOPPING"
    status, _, err = run("start", "halting")
    assert status == 1 and f"then {PREFIX} start halting')" in err
    status, _, err = run("lease", "halting", "--extend", "2h")
    assert status == 1 and f"then {PREFIX} start halting --lease 2h')" in err


def test_delete_while_starting_is_refused_but_while_creating_is_allowed(run: Run, sim: Any) -> None:
    notebook_id = stopped(sim, "waking")
    sim.control.set_speed(CRAWL)
    sim.control.api("POST", f"/notebooks/{notebook_id}/start").raise_for_status()
    status, _, err = run("delete", "waking", "--yes")
    assert status == 1 and "waking is STARTING: it can be deleted once it is RUNNING" in err
    young = created(sim, "young")
    status, out, err = run("delete", "young", "--yes")  # abandons the creation (REFERENCE §12.5)
    assert status == 0, err
    assert "Deleting young." in out and status_of(sim, young) == "DELETING"


def test_lease_while_creating_suggests_waiting_not_starting(run: Run, sim: Any) -> None:
    sim.control.set_speed(CRAWL)
    created(sim, "fresh")
    status, _, err = run("lease", "fresh", "--extend", "2h")
    assert status == 1 and "start fresh" not in err
    assert f"fresh is INIT: a lease can be extended once it is RUNNING ({PREFIX} wait fresh --status" in err


def test_waiting_for_what_nothing_brings_fails_at_once_with_the_command(run: Run, sim: Any) -> None:
    stopped(sim, "r1")
    # A short --timeout keeps a regression short: the failure must come from the state, not the clock.
    status, out, err = run("wait", "r1", "--timeout", "3s")
    assert status == 1 and out == ""
    assert err == (
        "error: r1 is STOPPED and nothing is changing, so it will not become RUNNING: "
        f"{PREFIX} start r1 --wait' gets it there.\n"
    )
    running(sim, "forever", lease={"duration": -1})  # auto-stop off: it never stops by itself
    status, _, err = run("wait", "forever", "--status", "STOPPED", "--timeout", "3s")
    assert status == 1 and f"{PREFIX} stop forever --wait' gets it there" in err
    status, _, err = run("wait", "forever", "--status", "DELETED", "--timeout", "3s")
    assert status == 1 and f"{PREFIX} delete forever --yes --wait' gets it there" in err


def test_wait_timeouts_and_failures_name_the_instance(run: Run, sim: Any) -> None:
    notebook_id = running(sim, "leased")  # auto-stop on: waiting for STOPPED is waiting for the lease
    status, _, err = run("wait", "leased", "--status", "STOPPED", "--timeout", "300ms")
    assert status == 1
    assert err.splitlines()[-1] == "error: leased is still RUNNING after 0.3 s (waiting for STOPPED)."
    assert notebook_id not in err
    sim.control.api("POST", f"/notebooks/{notebook_id}/stop").raise_for_status()
    sim.control.wait_for_status(notebook_id, "STOPPED")
    sim.control.fail_next("start", "no capacity left")
    status, _, err = run("start", "leased", "--wait")
    assert status == 1
    assert err.splitlines()[-1] == "error: leased is START_FAILED (waiting for RUNNING): no capacity left"


def test_delete_progress_names_the_instance_to_the_end(run: Run, sim: Any) -> None:
    sim.control.set_speed(CRAWL)
    notebook_id = created(sim, "short-lived")  # its create steps are still WAITING
    sim.control.set_speed(500.0)  # the delete (a new transition) is quick again
    status, out, err = run("delete", "short-lived", "--yes", "--wait")
    assert status == 0, err
    assert err.splitlines() == ["short-lived: DELETING", "short-lived: DELETED"]
    assert "short-lived is DELETED." in out and notebook_id not in err
    # Asked by name right after: it is gone, and the error says so.
    status, _, err = run("wait", "short-lived", "--status", "DELETED")
    assert status == 1 and "If 'short-lived' was just deleted, it is gone already (DELETED)." in err
    status, out, _ = run("wait", notebook_id, "--status", "DELETED")
    assert status == 0 and "It is gone." in out
