"""What a verb is, and the pieces several verbs share.

Each verb module exports one :class:`Verb`: its name, one-line summary and
example, the options it adds to an argparse parser, the pydantic model of its
parsed arguments, and the coroutine that runs it. The parser
(commands/parser.py), the CLI (commands/terminal.py, cli.py) and the magics
(magics.py) all read the same objects (commands/verbs/__init__.py), so a verb
is declared once.
"""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict

from jupyter_modelarts.commands.context import Context, timeout_seconds
from jupyter_modelarts.commands.errors import StateProblem
from jupyter_modelarts.commands.render.notebooks import NotebookResult
from jupyter_modelarts.core.client import ModelArtsClient
from jupyter_modelarts.core.contract import Notebook

NB_HELP = "the instance: its id, an unambiguous id prefix (8+ characters) or its exact name"
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
    name: str
    summary: str  # one line, lower case, no full stop: "list notebook instances"
    example: str  # the words after the prefix: "list --status RUNNING"
    args: type[VerbArgs]
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[Any, Context], Awaitable[Any]]
    # Runs whatever the configuration ('config' lists its problems, 'help' needs none).
    any_configuration: bool = False


def notebook_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("notebook", metavar="NB", help=NB_HELP)


def wait_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--wait", action="store_true", help=WAIT_HELP)
    parser.add_argument("--timeout", metavar="DURATION", help=TIMEOUT_HELP)


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


def unexpected_status(notebook: Notebook, action: str, allowed: str) -> StateProblem:
    name = notebook.name or notebook.id
    return StateProblem(f"{name} is {notebook.status}: {action} needs an instance that is {allowed}.")
