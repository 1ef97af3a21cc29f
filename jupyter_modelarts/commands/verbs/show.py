"""``show``: one instance, with every detail ModelArts gives."""

from __future__ import annotations

from jupyter_modelarts.commands.context import Context
from jupyter_modelarts.commands.render.notebooks import NotebookResult
from jupyter_modelarts.commands.resolve import find_notebook
from jupyter_modelarts.commands.verbs.base import Verb, VerbArgs, notebook_argument


class ShowArgs(VerbArgs):
    notebook: str


async def _run(args: ShowArgs, ctx: Context) -> NotebookResult:
    client = ctx.client()
    notebook = await find_notebook(client, args.notebook, full=True)
    return NotebookResult.of(notebook, ctx.clock(client), as_json=args.as_json)


VERB = Verb("show", "show one notebook instance", "show my-notebook", ShowArgs, notebook_argument, _run)
