"""``open``: the link that opens an instance's JupyterLab, the only output that holds its token."""

from __future__ import annotations

from urllib.parse import urlencode

from jupyter_modelarts.commands.context import Context
from jupyter_modelarts.commands.errors import StateProblem
from jupyter_modelarts.commands.render.notebooks import OpenLink
from jupyter_modelarts.commands.resolve import find_notebook
from jupyter_modelarts.commands.verbs.base import S, Verb, VerbArgs, notebook_argument
from jupyter_modelarts.core.client import ModelArtsClient
from jupyter_modelarts.core.contract import Notebook


class OpenArgs(VerbArgs):
    notebook: str


async def open_link(client: ModelArtsClient, notebook: Notebook, ctx: Context, *, as_json: bool) -> OpenLink:
    """The link that opens a RUNNING instance, from a fresh read (the token changes on every start)."""
    fresh = await client.show_notebook(notebook.id or "")
    name = fresh.name or fresh.id or ""
    if fresh.status != S.RUNNING:
        hint = ctx.hint(f"start {name} --wait") if fresh.status == S.STOPPED else "wait for RUNNING"
        raise StateProblem(f"{name} is {fresh.status}: only a RUNNING instance can be opened ({hint}).")
    if not fresh.url:
        raise StateProblem(f"ModelArts gave no address for {name} yet; try again in a moment.")
    query = urlencode({"token": fresh.token}) if fresh.token else ""
    link = fresh.url + ("&" if "?" in fresh.url else "?") + query if query else fresh.url
    return OpenLink(
        id=fresh.id or "", name=fresh.name, url=fresh.url, token=fresh.token, link=link, as_json=as_json
    )


async def _run(args: OpenArgs, ctx: Context) -> OpenLink:
    client = ctx.client()
    return await open_link(client, await find_notebook(client, args.notebook), ctx, as_json=args.as_json)


SUMMARY = "give the link that opens an instance's JupyterLab (the only output with its token)"
VERB = Verb("open", SUMMARY, "open my-notebook", OpenArgs, notebook_argument, _run)
