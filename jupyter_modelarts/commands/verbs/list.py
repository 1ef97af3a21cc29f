"""``list``: the notebook instances, optionally filtered, every page of them."""

from __future__ import annotations

import argparse

from jupyter_modelarts.commands.context import Context
from jupyter_modelarts.commands.errors import option_labels, relabelling
from jupyter_modelarts.commands.render.notebooks import NotebookList
from jupyter_modelarts.commands.verbs.base import Verb, VerbArgs, status_option

_LABELS = option_labels({"query.status": "--status", "query.name": "--name"})


class ListArgs(VerbArgs):
    status: str | None = None
    name: str | None = None
    all_users: bool = False


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    status_option(parser, "only this status")
    parser.add_argument("--name", metavar="TEXT", help="only instances whose name contains TEXT")
    parser.add_argument(
        "--all", dest="all_users", action="store_true", help="instances of every user of the project"
    )


async def _run(args: ListArgs, ctx: Context) -> NotebookList:
    client = ctx.client()
    query = {name: value for name, value in (("status", args.status), ("name", args.name)) if value}
    with relabelling(_LABELS):
        notebooks = await client.list_all_notebooks(query or None, all_users=args.all_users)
    return NotebookList(notebooks, ctx.clock(client), owners=args.all_users, as_json=args.as_json)


VERB = Verb(
    "list", "list notebook instances", "list --status RUNNING --name demo", ListArgs, _add_arguments, _run
)
