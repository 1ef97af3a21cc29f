"""``stop``: stop a running instance (only /home/ma-user/work is kept)."""

from __future__ import annotations

from jupyter_modelarts.commands.context import Context
from jupyter_modelarts.commands.render.notebooks import NotebookResult
from jupyter_modelarts.commands.resolve import find_notebook
from jupyter_modelarts.commands.verbs.base import (
    S,
    Verb,
    VerbArgs,
    WaitOptions,
    finish,
    notebook_and_wait,
    unexpected_status,
    wait_seconds,
)
from jupyter_modelarts.core import status


class StopArgs(VerbArgs, WaitOptions):
    notebook: str


async def _run(args: StopArgs, ctx: Context) -> NotebookResult:
    seconds = wait_seconds(args.wait, args.timeout)
    client = ctx.client()
    notebook = await find_notebook(client, args.notebook)
    name = notebook.name or notebook.id
    if notebook.status in (S.STOPPED, S.STOPPING):
        note = f"{name} is already {notebook.status}."
        return await finish(ctx, client, notebook, S.STOPPED, seconds, note, as_json=args.as_json)
    if not status.allows(notebook.status, status.Action.STOP):
        raise unexpected_status(notebook, "stop", "RUNNING")
    answer = await client.stop_notebook(notebook.id or "")
    note = f"Stopping {name}; only /home/ma-user/work is kept."
    return await finish(ctx, client, answer, S.STOPPED, seconds, note, as_json=args.as_json)


VERB = Verb("stop", "stop a running notebook instance", "stop my-notebook", StopArgs, notebook_and_wait, _run)
