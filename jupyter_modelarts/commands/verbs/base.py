"""What a verb is, and the pieces several verbs share: options, waiting, and refusals by state.

Each verb module exports one :class:`Verb`, read by the parser (commands/parser.py), the CLI (cli.py)
and the magics (magics.py) through commands/verbs/__init__.py, so a verb is declared once.

ModelArts refuses an operation in the wrong state (6357 and friends, docs/modelarts-api.md §4.4-4.8 and
§12.5-12.6; the table is core/status.py); the verbs look first and refuse locally, naming the state and
the command that gets the instance where the operation is allowed.  An instance in transit gets there by
itself: the command to suggest is then ``wait``, never one that would be refused too.
"""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict

from jupyter_modelarts.commands.context import Context, timeout_seconds
from jupyter_modelarts.commands.errors import StateProblem
from jupyter_modelarts.commands.render.notebooks import NotebookResult
from jupyter_modelarts.core import status
from jupyter_modelarts.core.client import ModelArtsClient
from jupyter_modelarts.core.contract import Notebook, NotebookStatus

S = NotebookStatus
# In transit towards RUNNING: starting it is asking for what is already coming.
TOWARDS_RUNNING = frozenset(state for state, target in status.HEADING.items() if target == S.RUNNING)
NB_HELP = "the instance: its id, an unambiguous id prefix (8+ characters) or its exact name"
STATUSES = tuple(status.value for status in NotebookStatus)
JSON_HELP = "print JSON instead of a table (the same models the Python API returns)"
WAIT_HELP = "wait until the transition ends, showing its progress"
TIMEOUT_HELP = "how long --wait waits, e.g. 90s, 10m, 1h (default 10m)"
LEASE_HELP = "auto-stop: 2h, 90m, idle:30m (stop after 30 min without activity) or off"
IMAGE_HELP = "image id, NAME:TAG or NAME (the newest active image of that name)"


class VerbArgs(BaseModel):
    """A verb's parsed arguments (checked against the contract by the verb, not here)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    as_json: bool = False  # --json: machine-readable output


class WaitOptions(BaseModel):
    """``--wait`` / ``--timeout`` on the verbs that start a transition."""

    wait: bool = False
    timeout: str | None = None  # a duration ("10m"); None: the default


@dataclass(frozen=True)
class Verb:
    """Declared positionally in each verb module: name, summary, example, args, add_arguments, run."""

    name: str
    summary: str  # one line, lower case, no full stop: "list notebook instances"
    example: str  # the words after the prefix: "list --status RUNNING"
    args: type[VerbArgs]
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[Any, Context], Awaitable[Any]]
    # Runs whatever the configuration ('config' lists its problems, 'help' needs none).
    any_configuration: bool = False


def upper(text: str) -> str:
    """argparse ``type`` of the options whose choices are upper-case enum values."""
    return text.strip().upper()


def status_option(parser: argparse.ArgumentParser, text: str, default: str | None = None) -> None:
    parser.add_argument(
        "--status", type=upper, choices=STATUSES, default=default, metavar="STATUS", help=text
    )


def notebook_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("notebook", metavar="NB", help=NB_HELP)


def wait_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--wait", action="store_true", help=WAIT_HELP)
    parser.add_argument("--timeout", metavar="DURATION", help=TIMEOUT_HELP)


def notebook_and_wait(parser: argparse.ArgumentParser) -> None:
    notebook_argument(parser)
    wait_options(parser)


def wait_seconds(wait: bool, timeout: str | None) -> float | None:
    """Seconds to wait (``--timeout`` alone implies ``--wait``), or None for no waiting."""
    return timeout_seconds(timeout) if wait or timeout is not None else None


async def finish(
    ctx: Context,
    client: ModelArtsClient,
    answer: Notebook,
    target: str,
    seconds: float | None,
    note: str,
    *,
    as_json: bool,
) -> NotebookResult:
    """The result of a transition: ``answer`` at once, or the instance once it reached ``target``."""
    if seconds is not None:
        answer = await ctx.wait(client, answer, {target}, seconds)
        note = f"{answer.name or answer.id} is {answer.status}."
    return NotebookResult.of(answer, ctx.clock(client), note=note, as_json=as_json)


def name_of(notebook: Notebook) -> str:
    return notebook.name or notebook.id or "the instance"


def unexpected_status(notebook: Notebook, action: str, allowed: str) -> StateProblem:
    name = notebook.name or notebook.id
    return StateProblem(f"{name} is {notebook.status}: {action} needs an instance that is {allowed}.")


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


def standing_still(ctx: Context, notebook: Notebook, targets: Collection[str]) -> StateProblem | None:
    """The problem with waiting for ``targets`` when the instance will not move by itself, or None.

    Waiting would only end at the timeout (ten minutes by default) unless somebody else acts: better to
    say at once which command moves it.
    """
    current, wanted_set = str(notebook.status), frozenset(targets)
    if current in wanted_set or status.is_transitional(current):
        return None
    lease = notebook.lease
    # A RUNNING instance whose lease is on stops by itself (docs/modelarts-api.md §6.2), maybe after the
    # timeout: then the wait says so.
    if current == S.RUNNING and lease is not None and lease.enable and wanted_set & {S.STOPPING, S.STOPPED}:
        return None
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
