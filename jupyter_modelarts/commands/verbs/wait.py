"""``wait``: wait until an instance reaches a status, showing its progress."""

from __future__ import annotations

import argparse

from jupyter_modelarts.commands.context import Context, timeout_seconds
from jupyter_modelarts.commands.render.notebooks import NotebookResult
from jupyter_modelarts.commands.resolve import find_notebook
from jupyter_modelarts.commands.verbs.base import (
    S,
    Verb,
    VerbArgs,
    notebook_argument,
    standing_still,
    status_option,
)
from jupyter_modelarts.core.contract import Notebook, limits
from jupyter_modelarts.core.errors import LookupProblem


class WaitArgs(VerbArgs):
    notebook: str
    status: str = "RUNNING"
    timeout: str | None = None


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    notebook_argument(parser)
    status_option(parser, "the status to wait for (default RUNNING)", default="RUNNING")
    parser.add_argument("--timeout", metavar="DURATION", help="how long to wait (default 10m)")


async def _run(args: WaitArgs, ctx: Context) -> NotebookResult:
    seconds = timeout_seconds(args.timeout)
    target = args.status.strip().upper()
    client = ctx.client()
    try:
        notebook = await find_notebook(client, args.notebook)
    except LookupProblem as problem:
        # An id that no longer exists is what waiting for DELETED waits for.
        reference = args.notebook.strip()
        if target == S.DELETED and limits.UUID_PATTERN.fullmatch(reference):
            gone = Notebook(id=reference.lower(), status=S.DELETED)
            return NotebookResult.of(gone, ctx.clock(client), note="It is gone.", as_json=args.as_json)
        if target == S.DELETED:
            # A name leaves the list with its instance: gone, or never there; which one is unknowable.
            raise LookupProblem(
                f"{problem} If {reference!r} was just deleted, it is gone already (DELETED).",
                candidates=problem.candidates,
            ) from None
        raise
    still = standing_still(ctx, notebook, {target})
    if still is not None:
        raise still
    final = await ctx.wait(client, notebook, {target}, seconds)
    note = f"{final.name or final.id} is {final.status}."
    return NotebookResult.of(final, ctx.clock(client), note=note, as_json=args.as_json)


SUMMARY = "wait until an instance reaches a status"
VERB = Verb("wait", SUMMARY, "wait my-notebook --status STOPPED --timeout 5m", WaitArgs, _add_arguments, _run)
