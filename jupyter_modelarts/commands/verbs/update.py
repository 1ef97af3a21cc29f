"""``update`` (from options) and ``%%modelarts update NB`` (from a YAML/JSON cell body).

The change is checked against the contract, the catalogue (the flavor must be one this instance can
switch to, the image must exist and run on the flavor, storage only grows) and the administrator's
policy. Flavor and image changes need a STOPPED instance, and any change an instance in a stable state
(docs/modelarts-api.md §12.6): both are checked before sending.
"""

from __future__ import annotations

import argparse
from typing import Any

from jupyter_modelarts.commands.context import Context
from jupyter_modelarts.commands.errors import StateProblem, UsageError, option_labels, relabelling
from jupyter_modelarts.commands.render.notebooks import NotebookResult
from jupyter_modelarts.commands.resolve import (
    catalogue_images,
    find_image,
    find_notebook,
    load_body,
    validated,
)
from jupyter_modelarts.commands.verbs.base import IMAGE_HELP, Verb, VerbArgs, in_transit, notebook_argument
from jupyter_modelarts.core import status
from jupyter_modelarts.core.client import ModelArtsClient
from jupyter_modelarts.core.contract import Flavor, Image, Notebook, NotebookUpdateRequest, parse_request
from jupyter_modelarts.core.errors import ContractError, FieldProblem

UPDATE_LABELS = option_labels(
    {
        "body.name": "--name",
        "body.description": "--description",
        "body.flavor": "--flavor",
        "body.image_id": "--image",
        "body.storage_new_size": "--storage-size",
    }
)
_OPTIONS = ("name", "description", "flavor", "image", "storage_size")


class UpdateArgs(VerbArgs):
    notebook: str
    name: str | None = None
    description: str | None = None
    flavor: str | None = None
    image: str | None = None
    storage_size: int | None = None


class UpdateBodyArgs(VerbArgs):
    """``%%modelarts update NB`` with a YAML/JSON update request as the cell body."""

    notebook: str
    body: str


_Args = UpdateArgs | UpdateBodyArgs


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    notebook_argument(parser)
    parser.add_argument("--name", metavar="NAME", help="new name")
    parser.add_argument("--description", metavar="TEXT", help="new description")
    parser.add_argument("--flavor", metavar="FLAVOR", help="switch flavor (instance STOPPED)")
    parser.add_argument("--image", metavar="IMAGE", help=IMAGE_HELP + " (instance STOPPED)")
    parser.add_argument("--storage-size", type=int, metavar="GB", help="grow the EVS disk to GB (5-4096)")


async def _check_and_send(
    ctx: Context,
    client: ModelArtsClient,
    current: Notebook,
    request: NotebookUpdateRequest,
    images: list[Image] | None,
    args: _Args,
) -> NotebookResult:
    name = current.name or current.id
    if not status.allows(current.status, status.Action.UPDATE):  # ModelArts refuses while in flight
        raise in_transit(ctx, current, "it can be updated", "update it again")
    # A field equal to the current value is not a change.
    new_flavor = request.flavor is not None and request.flavor != current.flavor
    image_id = current.image.id if current.image else None
    new_image = request.image_id is not None and request.image_id != image_id
    switchable: list[Flavor] = (await client.switchable_flavors(current.id or "")).items if new_flavor else []
    flavors: list[Flavor] = await client.all_flavors() if new_flavor or new_image else []
    if new_image and images is None:
        images = await catalogue_images(client)
    with relabelling(UPDATE_LABELS if isinstance(args, UpdateArgs) else None):
        ctx.policy().check_update(
            request, current, switchable=switchable, images=images or [], flavors=flavors
        )
    if (new_flavor or new_image) and not status.allows(current.status, status.Action.SWITCH):
        what = " and ".join(w for w, changed in (("flavor", new_flavor), ("image", new_image)) if changed)
        hint = ctx.hint(f"stop {name} --wait")
        raise StateProblem(f"{name} is {current.status}: its {what} can change only while STOPPED ({hint}).")
    answer = await client.update_notebook(current.id or "", request)
    if answer.id is None:  # some answers are partial (docs/modelarts-api.md §1 [update]): show it all
        answer = await client.show_notebook(current.id or "")
    note = f"{answer.name or name} was updated."
    return NotebookResult.of(answer, ctx.clock(client), note=note, as_json=args.as_json)


async def _run(args: UpdateArgs, ctx: Context) -> NotebookResult:
    if all(getattr(args, option) is None for option in _OPTIONS):
        # The front end adds the verb's usage (a UsageError without one gets it there).
        raise UsageError("nothing to change: give --name, --description, --flavor, --image or --storage-size")
    client = ctx.client()
    current = await find_notebook(client, args.notebook)
    problems: list[FieldProblem] = []
    body: dict[str, Any] = {"name": args.name, "description": args.description, "flavor": args.flavor}
    body["storage_new_size"] = args.storage_size
    images = None
    if args.image is not None:
        images = await catalogue_images(client)
        found = find_image(args.image, images)
        if isinstance(found, FieldProblem):
            problems.append(found)
        else:
            body["image_id"] = found
    given = {key: value for key, value in body.items() if value is not None}
    if problems and not given:  # only the image was asked for, and it is not right
        raise ContractError(problems)
    request = validated(NotebookUpdateRequest, given, UPDATE_LABELS, problems)
    return await _check_and_send(ctx, client, current, request, images, args)


async def _run_body(args: UpdateBodyArgs, ctx: Context) -> NotebookResult:
    request = parse_request(NotebookUpdateRequest, load_body(args.body))
    client = ctx.client()
    current = await find_notebook(client, args.notebook)
    return await _check_and_send(ctx, client, current, request, None, args)


SUMMARY = "change an instance's name, description, flavor, image or storage size"
EXAMPLE = "update my-notebook --description 'GPU experiments' --storage-size 20"
VERB = Verb("update", SUMMARY, EXAMPLE, UpdateArgs, _add_arguments, _run)
CELL_VERB = Verb("update", SUMMARY, "update NB [--json]", UpdateBodyArgs, notebook_argument, _run_body)
