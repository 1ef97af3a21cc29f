"""``lease``: show a running instance's auto-stop, or move it (``--extend``)."""

from __future__ import annotations

import argparse

from jupyter_modelarts.commands.context import Context
from jupyter_modelarts.commands.errors import StateProblem, option_labels, relabelling
from jupyter_modelarts.commands.render.notebooks import LeaseResult
from jupyter_modelarts.commands.resolve import find_notebook, lease_values
from jupyter_modelarts.commands.verbs.base import (
    TOWARDS_RUNNING,
    Verb,
    VerbArgs,
    in_transit,
    notebook_argument,
)
from jupyter_modelarts.core import status
from jupyter_modelarts.core.contract import LeaseRenewRequest, NotebookStatus, parse_request
from jupyter_modelarts.core.durations import format_duration
from jupyter_modelarts.core.errors import ContractError, FieldProblem

_LABELS = option_labels({"body.duration": "--extend", "body.type": "--extend", "body": "--extend"})


class LeaseArgs(VerbArgs):
    notebook: str
    extend: str | None = None


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    notebook_argument(parser)
    parser.add_argument(
        "--extend", metavar="DURATION", help="stop DURATION from now instead (2h, idle:30m, off)"
    )


def _renew_request(text: str, ctx: Context) -> LeaseRenewRequest:
    """``--extend`` as a checked renew request: the contract's lease rule, then the administrator's."""
    values = lease_values(text, "--extend")
    if isinstance(values, FieldProblem):
        raise ContractError([values])
    with relabelling(_LABELS):
        request = parse_request(LeaseRenewRequest, values)
        ctx.policy().check_renew(request)
    return request


async def _run(args: LeaseArgs, ctx: Context) -> LeaseResult:
    request = _renew_request(args.extend, ctx) if args.extend is not None else None
    client = ctx.client()
    notebook = await find_notebook(client, args.notebook)
    name = notebook.name or notebook.id or ""
    running = notebook.status == NotebookStatus.RUNNING
    if request is None:
        lease = await client.show_lease(notebook.id or "") if running else notebook.lease
        note = None if running else f"{name} is {notebook.status}: auto-stop counts only while RUNNING."
        return LeaseResult.of(
            lease or LeaseResult(), notebook, ctx.clock(client), note=note, as_json=args.as_json
        )
    start = ctx.hint(f"start {name} --lease {args.extend}")
    if notebook.status in TOWARDS_RUNNING:  # it gets there by itself: starting it would be refused
        again = ctx.hint(f"lease {name} --extend {args.extend}")
        raise in_transit(ctx, notebook, "a lease can be extended", again)
    if status.is_transitional(notebook.status):
        raise in_transit(ctx, notebook, "it can start with a new lease", start)
    if not status.allows(notebook.status, status.Action.LEASE):
        what = "a lease can only be extended while RUNNING"
        raise StateProblem(f"{name} is {notebook.status}: {what} (to start it with a lease: {start}).")
    lease = await client.renew_lease(notebook.id or "", request)
    if request.duration is None or request.duration < 0:
        note = "Auto-stop is now off."
    else:
        idle = " without activity." if str(request.type) == "IDLE" else "."
        note = f"{name} now stops {format_duration(request.duration)} from now{idle}"
    return LeaseResult.of(lease, notebook, ctx.clock(client), note=note, as_json=args.as_json)


SUMMARY = "show or extend a running instance's auto-stop lease"
VERB = Verb("lease", SUMMARY, "lease my-notebook --extend 2h", LeaseArgs, _add_arguments, _run)
