"""``start``: start a stopped instance, optionally with a new auto-stop lease.

The lease is checked (contract, then the administrator's policy) and the instance's state looked at
before anything is sent, so a start ModelArts would refuse is not sent. Asking for what is already
coming is not an error: scripts can repeat a command.
"""

from __future__ import annotations

import argparse

from jupyter_modelarts.commands.context import Context
from jupyter_modelarts.commands.errors import option_labels, relabelling
from jupyter_modelarts.commands.render.notebooks import NotebookResult
from jupyter_modelarts.commands.resolve import find_notebook, lease_values
from jupyter_modelarts.commands.verbs.base import (
    LEASE_HELP,
    TOWARDS_RUNNING,
    S,
    Verb,
    VerbArgs,
    WaitOptions,
    finish,
    in_transit,
    notebook_argument,
    unexpected_status,
    wait_options,
    wait_seconds,
)
from jupyter_modelarts.core import status
from jupyter_modelarts.core.client import ModelArtsClient
from jupyter_modelarts.core.contract import Notebook, StartQuery, parse_request
from jupyter_modelarts.core.errors import ContractError, FieldProblem

_LABELS = option_labels({"query": "--lease"})


class StartArgs(VerbArgs, WaitOptions):
    notebook: str
    lease: str | None = None


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    notebook_argument(parser)
    parser.add_argument("--lease", metavar="DURATION", help=LEASE_HELP + " (default: the last one)")
    wait_options(parser)


def start_query(lease: str | None, ctx: Context) -> StartQuery:
    query = lease_values(lease, "--lease") if lease is not None else {}
    if isinstance(query, FieldProblem):
        raise ContractError([query])
    with relabelling(_LABELS):
        return ctx.policy().check_start(parse_request(StartQuery, query))


async def _check_on_sale(client: ModelArtsClient, notebook: Notebook, ctx: Context) -> None:
    """ModelArts refuses to start an instance whose flavor sold out meanwhile (6716): say so first."""
    flavor = next((f for f in await client.all_flavors() if f.id == notebook.flavor), None)
    if flavor is not None and flavor.sold_out:
        switch = ctx.hint(f"update {notebook.name or notebook.id} --flavor OTHER")
        rule = f"its flavor {flavor.id} is sold out now: try again later, or switch flavor ({switch})"
        raise ContractError([FieldProblem("NB", rule)])


async def _run(args: StartArgs, ctx: Context) -> NotebookResult:
    seconds = wait_seconds(args.wait, args.timeout)
    query = start_query(args.lease, ctx)
    client = ctx.client()
    notebook = await find_notebook(client, args.notebook)
    name = notebook.name or notebook.id
    # INIT and CREATING end RUNNING too: starting them is asking for what is already coming.
    if notebook.status == S.RUNNING or notebook.status in TOWARDS_RUNNING:
        extend = ctx.hint(f"lease {name} --extend {args.lease}")
        if args.lease is not None and notebook.status != S.RUNNING:
            raise in_transit(ctx, notebook, "a lease can be extended", extend)
        if args.lease is not None:
            raise unexpected_status(
                notebook, f"start --lease (to move its auto-stop use {extend})", "STOPPED"
            )
        note = f"{name} is already {notebook.status}" + (
            "." if notebook.status in (S.RUNNING, S.STARTING) else ": it becomes RUNNING by itself."
        )
        return await finish(ctx, client, notebook, S.RUNNING, seconds, note, as_json=args.as_json)
    if notebook.status == S.STOPPING:
        raise in_transit(ctx, notebook, "it can be started", ctx.hint(f"start {name}"))
    if not status.allows(notebook.status, status.Action.START):
        raise unexpected_status(notebook, "start", "STOPPED (or START_FAILED)")
    await _check_on_sale(client, notebook, ctx)
    answer = await client.start_notebook(notebook.id or "", query)
    return await finish(ctx, client, answer, S.RUNNING, seconds, f"Starting {name}.", as_json=args.as_json)


SUMMARY = "start a stopped notebook instance"
VERB = Verb("start", SUMMARY, "start my-notebook --lease idle:30m --wait", StartArgs, _add_arguments, _run)
