"""``list``, ``show``, ``open`` and ``lease``: looking at instances (and moving the auto-stop)."""

from __future__ import annotations

from urllib.parse import urlencode

from jupyter_modelarts.commands.args import LeaseArgs, ListArgs, OpenArgs, ShowArgs
from jupyter_modelarts.commands.building import lease_values
from jupyter_modelarts.commands.context import Context
from jupyter_modelarts.commands.errors import StateProblem, option_labels, relabelled
from jupyter_modelarts.commands.render.notebooks import LeaseResult, NotebookList, NotebookResult, OpenLink
from jupyter_modelarts.commands.resolve import find_notebook
from jupyter_modelarts.commands.states import HEADING, TOWARDS_RUNNING, in_transit
from jupyter_modelarts.core.contract import LeaseRenewRequest, Notebook, NotebookStatus, parse_request
from jupyter_modelarts.core.durations import format_duration
from jupyter_modelarts.core.errors import ContractError, FieldProblem, PolicyError
from jupyter_modelarts.core.sync import SyncModelArtsClient

_LIST_LABELS = option_labels({"query.status": "--status", "query.name": "--name"})
_RENEW_LABELS = option_labels({"body.duration": "--extend", "body.type": "--extend", "body": "--extend"})


def run_list(args: ListArgs, ctx: Context) -> NotebookList:
    client = ctx.client()
    query = {name: value for name, value in (("status", args.status), ("name", args.name)) if value}
    try:
        notebooks = client.list_all_notebooks(query or None, all_users=args.all_users)
    except ContractError as error:
        raise relabelled(error, _LIST_LABELS) from None
    return NotebookList(notebooks, ctx.clock(client), owners=args.all_users, as_json=args.as_json)


def run_show(args: ShowArgs, ctx: Context) -> NotebookResult:
    client = ctx.client()
    notebook = find_notebook(client, args.notebook, full=True)
    return NotebookResult.of(notebook, ctx.clock(client), as_json=args.as_json)


def open_link(client: SyncModelArtsClient, notebook: Notebook, ctx: Context, *, as_json: bool) -> OpenLink:
    """The link that opens a RUNNING instance, from a fresh read (the token changes on every start)."""
    fresh = client.show_notebook(notebook.id or "")
    name = fresh.name or fresh.id or ""
    if fresh.status != NotebookStatus.RUNNING:
        hint = (
            ctx.hint(f"start {name} --wait") if fresh.status == NotebookStatus.STOPPED else "wait for RUNNING"
        )
        raise StateProblem(f"{name} is {fresh.status}: only a RUNNING instance can be opened ({hint}).")
    if not fresh.url:
        raise StateProblem(f"ModelArts gave no address for {name} yet; try again in a moment.")
    query = urlencode({"token": fresh.token}) if fresh.token else ""
    link = fresh.url + ("&" if "?" in fresh.url else "?") + query if query else fresh.url
    return OpenLink(
        id=fresh.id or "", name=fresh.name, url=fresh.url, token=fresh.token, link=link, as_json=as_json
    )


def run_open(args: OpenArgs, ctx: Context) -> OpenLink:
    client = ctx.client()
    return open_link(client, find_notebook(client, args.notebook), ctx, as_json=args.as_json)


def _renew_request(text: str, ctx: Context) -> LeaseRenewRequest:
    """``--extend`` as a checked renew request: the contract's lease rule, then the administrator's."""
    values = lease_values(text, "--extend")
    if isinstance(values, FieldProblem):
        raise ContractError([values])
    try:
        request = parse_request(LeaseRenewRequest, values)
        ctx.policy().check_renew(request)
    except (ContractError, PolicyError) as error:
        raise relabelled(error, _RENEW_LABELS) from None
    return request


def run_lease(args: LeaseArgs, ctx: Context) -> LeaseResult:
    request = _renew_request(args.extend, ctx) if args.extend is not None else None
    client = ctx.client()
    notebook = find_notebook(client, args.notebook)
    name = notebook.name or notebook.id or ""
    running = notebook.status == NotebookStatus.RUNNING
    if request is None:
        lease = client.show_lease(notebook.id or "") if running else notebook.lease
        note = None if running else f"{name} is {notebook.status}: auto-stop counts only while RUNNING."
        return LeaseResult.of(
            lease or LeaseResult(), notebook, ctx.clock(client), note=note, as_json=args.as_json
        )
    if notebook.status in TOWARDS_RUNNING:  # it gets there by itself: starting it would be refused
        raise in_transit(
            ctx, notebook, "a lease can be extended", ctx.hint(f"lease {name} --extend {args.extend}")
        )
    if notebook.status in HEADING:
        raise in_transit(
            ctx, notebook, "it can start with a new lease", ctx.hint(f"start {name} --lease {args.extend}")
        )
    if not running:
        hint = ctx.hint(f"start {name} --lease {args.extend}")
        what = "a lease can only be extended while RUNNING"
        raise StateProblem(f"{name} is {notebook.status}: {what} (to start it with a lease: {hint}).")
    lease = client.renew_lease(notebook.id or "", request)
    duration = request.duration if request.duration is not None else -1
    note = (
        "Auto-stop is now off."
        if duration < 0
        else f"{name} now stops {format_duration(duration)} from now"
        + (" without activity." if str(request.type) == "IDLE" else ".")
    )
    return LeaseResult.of(lease, notebook, ctx.clock(client), note=note, as_json=args.as_json)


def unexpected_status(notebook: Notebook, action: str, allowed: str) -> StateProblem:
    name = notebook.name or notebook.id
    return StateProblem(f"{name} is {notebook.status}: {action} needs an instance that is {allowed}.")
