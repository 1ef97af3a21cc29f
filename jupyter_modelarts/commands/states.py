"""Which states an instance moves through on its own, and what to tell a person who asked too early.

ModelArts refuses an operation in the wrong state (6357 and friends,
docs/modelarts-api.md §4.4-4.8 and §12.5-12.6; the table is core/status.py); the verbs look first and refuse
locally, naming the state and the command that gets the instance where the
operation is allowed.  An instance in transit gets there by itself: the
command to suggest is then ``wait``, never one that would be refused too.
"""

from __future__ import annotations

from collections.abc import Collection

from jupyter_modelarts.commands.context import Context
from jupyter_modelarts.commands.errors import StateProblem
from jupyter_modelarts.core import status
from jupyter_modelarts.core.contract import Notebook, NotebookStatus

S = NotebookStatus
# In transit towards RUNNING: starting it is asking for what is already coming.
TOWARDS_RUNNING = frozenset(state for state, target in status.HEADING.items() if target == S.RUNNING)


def name_of(notebook: Notebook) -> str:
    return notebook.name or notebook.id or "the instance"


def in_transit(ctx: Context, notebook: Notebook, what: str, then: str) -> StateProblem:
    """``NB is STOPPING: <what> once it is STOPPED ('wait NB --status STOPPED', then <then>).``

    ``then`` is said as given: a command is passed through ``ctx.hint`` by the caller.
    """
    name = name_of(notebook)
    target = status.heading(notebook.status)
    if target is None:
        return StateProblem(f"{name} is {notebook.status}: ModelArts refuses this in that state.")
    if target == S.DELETED:
        return StateProblem(f"{name} is {notebook.status}: it is being deleted, nothing else can be done.")
    wait = ctx.hint(f"wait {name} --status {target}")
    return StateProblem(f"{name} is {notebook.status}: {what} once it is {target} ({wait}, then {then}).")


def auto_stops(notebook: Notebook) -> bool:
    """A RUNNING instance whose lease is on stops by itself (docs/modelarts-api.md §6.2)."""
    lease = notebook.lease
    return notebook.status == S.RUNNING and lease is not None and bool(lease.enable)


def standing_still(ctx: Context, notebook: Notebook, targets: Collection[str]) -> StateProblem | None:
    """The problem with waiting for ``targets`` when the instance will not move by itself, or None.

    Waiting would only end at the timeout (ten minutes by default) unless somebody else acts:
    better to say at once which command moves it.
    """
    current, wanted_set = str(notebook.status), frozenset(targets)
    if current in wanted_set or status.is_transitional(current):
        return None
    if auto_stops(notebook) and wanted_set & {S.STOPPING, S.STOPPED}:
        return None  # its lease stops it, maybe after the timeout: then the wait says so
    name = name_of(notebook)
    wanted = " or ".join(sorted(wanted_set))
    command = None
    if S.DELETED in wanted_set:
        command = f"delete {name} --yes --wait"
    elif status.allows(current, status.Action.START) and wanted_set & {S.RUNNING, S.STARTING}:
        command = f"start {name} --wait"
    elif status.allows(current, status.Action.STOP) and wanted_set & {S.STOPPED, S.STOPPING}:
        command = f"stop {name} --wait"
    how = f": {ctx.hint(command)} gets it there" if command else ""
    return StateProblem(f"{name} is {current} and nothing is changing, so it will not become {wanted}{how}.")
