"""``delete``: delete an instance, after asking (its managed storage goes too)."""

from __future__ import annotations

import argparse

from jupyter_modelarts.commands.context import Context
from jupyter_modelarts.commands.errors import Declined
from jupyter_modelarts.commands.render.formats import storage
from jupyter_modelarts.commands.render.notebooks import NotebookResult
from jupyter_modelarts.commands.resolve import find_notebook
from jupyter_modelarts.commands.verbs.base import (
    S,
    Verb,
    VerbArgs,
    WaitOptions,
    finish,
    in_transit,
    notebook_argument,
    wait_options,
    wait_seconds,
)
from jupyter_modelarts.core import status
from jupyter_modelarts.core.contract import Notebook, Ownership


class DeleteArgs(VerbArgs, WaitOptions):
    notebook: str
    yes: bool = False


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    notebook_argument(parser)
    parser.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
    wait_options(parser)


def storage_fate(notebook: Notebook) -> str:
    volume = notebook.volume
    what = storage(volume) or "storage"
    if volume is not None and volume.ownership == Ownership.DEDICATED:
        return f"Its own {what} (in your account) is kept, detached."
    return f"Its managed storage ({what}) is deleted too: the files in /home/ma-user/work are lost."


async def _run(args: DeleteArgs, ctx: Context) -> NotebookResult:
    seconds = wait_seconds(args.wait, args.timeout)
    client = ctx.client()
    notebook = await find_notebook(client, args.notebook)
    name = notebook.name or notebook.id
    if notebook.status == S.DELETING:
        note = f"{name} is already being deleted."
        return await finish(ctx, client, notebook, S.DELETED, seconds, note, as_json=args.as_json)
    if not status.allows(notebook.status, status.Action.DELETE):  # ModelArts would refuse (6357)
        raise in_transit(ctx, notebook, "it can be deleted", ctx.hint(f"delete {name}"))
    fate = storage_fate(notebook)
    question = f"Delete {name} ({notebook.id}, {notebook.status})? {fate}"
    if not args.yes and not await ctx.ui.confirm(question):
        raise Declined(f"Nothing was deleted: {name} is still {notebook.status}.")
    answer = await client.delete_notebook(notebook.id or "")
    note = f"Deleting {name}. {fate}"
    return await finish(ctx, client, answer, S.DELETED, seconds, note, as_json=args.as_json)


SUMMARY = "delete a notebook instance and its managed storage"
VERB = Verb("delete", SUMMARY, "delete my-notebook --yes", DeleteArgs, _add_arguments, _run)
