"""``update`` (from options) and ``%%modelarts update NB`` (from a YAML/JSON cell body).

The change is checked against the contract, the catalogue (the flavor must
be one this instance can switch to, the image must exist and run on the
flavor, storage only grows) and the administrator's policy.  Flavor and
image changes need a STOPPED instance, and any change an instance in a
stable state (REFERENCE §12.6): both are checked before sending.
"""

from __future__ import annotations

from typing import Any

from jupyter_modelarts.commands.args import UpdateArgs, UpdateBodyArgs
from jupyter_modelarts.commands.building import load_body, validated
from jupyter_modelarts.commands.context import Context
from jupyter_modelarts.commands.errors import StateProblem, UsageError, option_labels, relabelled
from jupyter_modelarts.commands.parser import verb_parser
from jupyter_modelarts.commands.render.notebooks import NotebookResult
from jupyter_modelarts.commands.resolve import catalogue_images, find_image, find_notebook
from jupyter_modelarts.commands.states import UPDATABLE, in_transit
from jupyter_modelarts.core.contract import (
    Flavor,
    Image,
    Notebook,
    NotebookStatus,
    NotebookUpdateRequest,
    parse_request,
)
from jupyter_modelarts.core.errors import ContractError, FieldProblem, PolicyError
from jupyter_modelarts.core.sync import SyncModelArtsClient

UPDATE_LABELS = option_labels({
    "body.name": "--name", "body.description": "--description", "body.flavor": "--flavor",
    "body.image_id": "--image", "body.storage_new_size": "--storage-size",
})  # fmt: skip
_OPTIONS = ("name", "description", "flavor", "image", "storage_size")


def _changes(request: NotebookUpdateRequest, current: Notebook) -> tuple[bool, bool]:
    """(flavor changes, image changes): a field equal to the current value is not a change."""
    image_id = current.image.id if current.image else None
    return (
        request.flavor is not None and request.flavor != current.flavor,
        request.image_id is not None and request.image_id != image_id,
    )


def _check_and_send(
    ctx: Context, client: SyncModelArtsClient, current: Notebook, request: NotebookUpdateRequest,
    images: list[Image] | None, *, labels: bool, as_json: bool,
) -> NotebookResult:  # fmt: skip
    name = current.name or current.id
    if current.status not in UPDATABLE:  # ModelArts refuses every change while something is in flight
        raise in_transit(ctx, current, "it can be updated", "update it again")
    new_flavor, new_image = _changes(request, current)
    switchable: list[Flavor] = client.switchable_flavors(current.id or "").items if new_flavor else []
    flavors: list[Flavor] = client.all_flavors() if new_flavor or new_image else []
    if new_image and images is None:
        images = catalogue_images(client)
    try:
        ctx.policy().check_update(
            request, current, switchable=switchable, images=images or [], flavors=flavors
        )
    except (ContractError, PolicyError) as error:
        raise (relabelled(error, UPDATE_LABELS) if labels else error) from None
    if (new_flavor or new_image) and current.status != NotebookStatus.STOPPED:
        what = " and ".join(w for w, changed in (("flavor", new_flavor), ("image", new_image)) if changed)
        hint = ctx.hint(f"stop {name} --wait")
        raise StateProblem(f"{name} is {current.status}: its {what} can change only while STOPPED ({hint}).")
    answer = client.update_notebook(current.id or "", request)
    if answer.id is None:  # some answers are partial (REFERENCE seed 004): show the whole instance
        answer = client.show_notebook(current.id or "")
    return NotebookResult.of(
        answer, ctx.clock(client), note=f"{answer.name or name} was updated.", as_json=as_json
    )


def run_update(args: UpdateArgs, ctx: Context) -> NotebookResult:
    if all(getattr(args, option) is None for option in _OPTIONS):
        usage = verb_parser("update", ctx.prefix).format_usage()
        raise UsageError(
            "nothing to change: give --name, --description, --flavor, --image or --storage-size", usage=usage
        )
    client = ctx.client()
    current = find_notebook(client, args.notebook)
    problems: list[FieldProblem] = []
    body: dict[str, Any] = {"name": args.name, "description": args.description, "flavor": args.flavor}
    body["storage_new_size"] = args.storage_size
    images = None
    if args.image is not None:
        images = catalogue_images(client)
        found = find_image(args.image, images)
        if isinstance(found, FieldProblem):
            problems.append(found)
        else:
            body["image_id"] = found
    given = {key: value for key, value in body.items() if value is not None}
    if problems and not given:  # only the image was asked for, and it is not right
        raise ContractError(problems)
    request = validated(NotebookUpdateRequest, given, UPDATE_LABELS, problems)
    return _check_and_send(ctx, client, current, request, images, labels=True, as_json=args.as_json)


def run_update_body(args: UpdateBodyArgs, ctx: Context) -> NotebookResult:
    request = parse_request(NotebookUpdateRequest, load_body(args.body))
    client = ctx.client()
    current = find_notebook(client, args.notebook)
    return _check_and_send(ctx, client, current, request, None, labels=False, as_json=args.as_json)
