"""``start``, ``stop``, ``delete`` and ``wait``: moving an instance through its states.

Every value is checked (contract, then the administrator's policy) and the
instance's state is looked at before anything is sent, so a request that
ModelArts would refuse is not sent.  Asking for the state an instance is
already in (or heading to) is not an error: scripts can repeat a command.
"""

from __future__ import annotations

from jupyter_modelarts.commands.args import DeleteArgs, StartArgs, StopArgs, WaitArgs
from jupyter_modelarts.commands.building import lease_values
from jupyter_modelarts.commands.context import Context, timeout_seconds
from jupyter_modelarts.commands.errors import Declined, option_labels, relabelled
from jupyter_modelarts.commands.render.formats import storage
from jupyter_modelarts.commands.render.notebooks import NotebookResult
from jupyter_modelarts.commands.resolve import find_notebook
from jupyter_modelarts.commands.states import TOWARDS_RUNNING, UNDELETABLE, in_transit, standing_still
from jupyter_modelarts.commands.verbs_instances import unexpected_status
from jupyter_modelarts.core.contract import (
    Notebook,
    NotebookStatus,
    Ownership,
    StartQuery,
    limits,
    parse_request,
)
from jupyter_modelarts.core.errors import ContractError, FieldProblem, LookupProblem, PolicyError
from jupyter_modelarts.core.sync import SyncModelArtsClient

_START_LABELS = option_labels({"query": "--lease"})
S = NotebookStatus


def wait_seconds(wait: bool, timeout: str | None) -> float | None:
    """Seconds to wait (``--timeout`` alone implies ``--wait``), or None for no waiting."""
    return timeout_seconds(timeout) if wait or timeout is not None else None


def _finish(
    ctx: Context, client: SyncModelArtsClient, answer: Notebook, target: str, seconds: float | None,
    note: str, *, as_json: bool,
) -> NotebookResult:  # fmt: skip
    if seconds is not None:
        answer = ctx.wait(client, answer, {target}, seconds)
        note = f"{answer.name or answer.id} is {answer.status}."
    return NotebookResult.of(answer, ctx.clock(client), note=note, as_json=as_json)


def start_query(lease: str | None, ctx: Context) -> StartQuery:
    query = lease_values(lease, "--lease") if lease is not None else {}
    if isinstance(query, FieldProblem):
        raise ContractError([query])
    try:
        return ctx.policy().check_start(parse_request(StartQuery, query))
    except (ContractError, PolicyError) as error:
        raise relabelled(error, _START_LABELS) from None


def run_start(args: StartArgs, ctx: Context) -> NotebookResult:
    seconds = wait_seconds(args.wait, args.timeout)
    query = start_query(args.lease, ctx)
    client = ctx.client()
    notebook = find_notebook(client, args.notebook)
    name = notebook.name or notebook.id
    # INIT and CREATING end RUNNING too: starting them is asking for what is already coming.
    if notebook.status == S.RUNNING or notebook.status in TOWARDS_RUNNING:
        if args.lease is not None and notebook.status != S.RUNNING:
            raise in_transit(
                ctx, notebook, "a lease can be extended", ctx.hint(f"lease {name} --extend {args.lease}")
            )
        if args.lease is not None:
            hint = ctx.hint(f"lease {name} --extend {args.lease}")
            raise unexpected_status(notebook, f"start --lease (to move its auto-stop use {hint})", "STOPPED")
        note = f"{name} is already {notebook.status}" + (
            "." if notebook.status in (S.RUNNING, S.STARTING) else ": it becomes RUNNING by itself."
        )
        return _finish(ctx, client, notebook, S.RUNNING, seconds, note, as_json=args.as_json)
    if notebook.status == S.STOPPING:
        raise in_transit(ctx, notebook, "it can be started", ctx.hint(f"start {name}"))
    if notebook.status not in (S.STOPPED, S.START_FAILED):
        raise unexpected_status(notebook, "start", "STOPPED (or START_FAILED)")
    _check_on_sale(client, notebook, ctx)
    answer = client.start_notebook(notebook.id or "", query)
    return _finish(ctx, client, answer, S.RUNNING, seconds, f"Starting {name}.", as_json=args.as_json)


def _check_on_sale(client: SyncModelArtsClient, notebook: Notebook, ctx: Context) -> None:
    """ModelArts refuses to start an instance whose flavor sold out meanwhile (6716): say so first."""
    flavor = next((f for f in client.all_flavors() if f.id == notebook.flavor), None)
    if flavor is not None and flavor.sold_out:
        switch = ctx.hint(f"update {notebook.name or notebook.id} --flavor OTHER")
        rule = f"its flavor {flavor.id} is sold out now: try again later, or switch flavor ({switch})"
        raise ContractError([FieldProblem("NB", rule)])


def run_stop(args: StopArgs, ctx: Context) -> NotebookResult:
    seconds = wait_seconds(args.wait, args.timeout)
    client = ctx.client()
    notebook = find_notebook(client, args.notebook)
    name = notebook.name or notebook.id
    if notebook.status in (S.STOPPED, S.STOPPING):
        return _finish(ctx, client, notebook, S.STOPPED, seconds, f"{name} is already {notebook.status}.",
                       as_json=args.as_json)  # fmt: skip
    if notebook.status != S.RUNNING:
        raise unexpected_status(notebook, "stop", "RUNNING")
    answer = client.stop_notebook(notebook.id or "")
    note = f"Stopping {name}; only /home/ma-user/work is kept."
    return _finish(ctx, client, answer, S.STOPPED, seconds, note, as_json=args.as_json)


def storage_fate(notebook: Notebook) -> str:
    volume = notebook.volume
    what = storage(volume) or "storage"
    if volume is not None and volume.ownership == Ownership.DEDICATED:
        return f"Its own {what} (in your account) is kept, detached."
    return f"Its managed storage ({what}) is deleted too: the files in /home/ma-user/work are lost."


def run_delete(args: DeleteArgs, ctx: Context) -> NotebookResult:
    seconds = wait_seconds(args.wait, args.timeout)
    client = ctx.client()
    notebook = find_notebook(client, args.notebook)
    name = notebook.name or notebook.id
    if notebook.status == S.DELETING:
        return _finish(ctx, client, notebook, S.DELETED, seconds, f"{name} is already being deleted.",
                       as_json=args.as_json)  # fmt: skip
    if notebook.status in UNDELETABLE:  # ModelArts would refuse (6357) until the operation ends
        raise in_transit(ctx, notebook, "it can be deleted", ctx.hint(f"delete {name}"))
    fate = storage_fate(notebook)
    if not args.yes and not ctx.ui.confirm(f"Delete {name} ({notebook.id}, {notebook.status})? {fate}"):
        raise Declined(f"Nothing was deleted: {name} is still {notebook.status}.")
    answer = client.delete_notebook(notebook.id or "")
    return _finish(ctx, client, answer, S.DELETED, seconds, f"Deleting {name}. {fate}", as_json=args.as_json)


def run_wait(args: WaitArgs, ctx: Context) -> NotebookResult:
    seconds = timeout_seconds(args.timeout)
    target = args.status.strip().upper()
    client = ctx.client()
    try:
        notebook = find_notebook(client, args.notebook)
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
    final = ctx.wait(client, notebook, {target}, seconds)
    note = f"{final.name or final.id} is {final.status}."
    return NotebookResult.of(final, ctx.clock(client), note=note, as_json=args.as_json)
