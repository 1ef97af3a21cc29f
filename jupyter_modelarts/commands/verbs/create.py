"""``create`` (from options) and ``%%modelarts create`` (from a YAML/JSON cell body).

Nothing is sent until the request passed the contract, the catalogue (flavor exists and is on sale,
image exists, runs on the flavor, storage offered) and the administrator's policy; every problem is
listed at once. A create is never retried by the client, so it is sent exactly once.
"""

from __future__ import annotations

import argparse
from typing import Any

from jupyter_modelarts.commands import resolve
from jupyter_modelarts.commands.context import Context
from jupyter_modelarts.commands.errors import option_labels, relabelling
from jupyter_modelarts.commands.render.notebooks import NotebookResult, OpenLink
from jupyter_modelarts.commands.verbs.base import (
    IMAGE_HELP,
    LEASE_HELP,
    Verb,
    VerbArgs,
    WaitOptions,
    wait_options,
    wait_seconds,
)
from jupyter_modelarts.commands.verbs.open import open_link
from jupyter_modelarts.core.client import ModelArtsClient
from jupyter_modelarts.core.contract import (
    Flavor,
    Image,
    NotebookCreateRequest,
    NotebookStatus,
    parse_request,
)
from jupyter_modelarts.core.errors import ContractError, FieldProblem

STORAGE_HELP = (
    "storage: evs, evs:SIZE_GB (5-4096) or efs[:SIZE_GB] (default: evs, or efs if the flavor has no evs)"
)
SSH_KEY_HELP = "enable SSH with this key pair name (repeatable)"
ALLOW_IP_HELP = "only this public IPv4 may connect over SSH (repeatable, at most 5; needs --ssh-key)"
CREATE_LABELS = option_labels(
    {
        "body.name": "NAME",
        "body.description": "--description",
        "body.flavor": "--flavor",
        "body.feature": "--flavor",
        "body.image_id": "--image",
        "body.volume": "--storage",
        "body.lease": "--lease",
        "body.duration": "--lease",
        "body.endpoints": "--ssh-key",
        "body.endpoints.0.key_pair_names": "--ssh-key",
        "body.endpoints.0.allowed_access_ips": "--allow-ip",
    }
)


class CreateArgs(VerbArgs, WaitOptions):
    name: str
    flavor: str
    image: str
    storage: str | None = None
    lease: str | None = None
    ssh_keys: list[str] = []
    allow_ips: list[str] = []
    description: str | None = None
    open: bool = False


class CreateBodyArgs(VerbArgs, WaitOptions):
    """``%%modelarts create [NAME]`` with a YAML/JSON create request as the cell body."""

    body: str
    name: str | None = None  # sets (or overrides) the body's name
    open: bool = False


_Args = CreateArgs | CreateBodyArgs


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="NAME", help="1-128 letters, digits, '-' or '_'")
    parser.add_argument("--flavor", required=True, metavar="FLAVOR", help="flavor id (see: flavors)")
    parser.add_argument("--image", required=True, metavar="IMAGE", help=IMAGE_HELP)
    parser.add_argument("--storage", metavar="STORAGE", help=STORAGE_HELP)
    parser.add_argument("--lease", metavar="DURATION", help=LEASE_HELP + " (default: ModelArts' 1h)")
    # No default: an option not given is left to CreateArgs' default (an empty list).
    parser.add_argument("--ssh-key", dest="ssh_keys", action="append", metavar="KEY", help=SSH_KEY_HELP)
    parser.add_argument("--allow-ip", dest="allow_ips", action="append", metavar="IP", help=ALLOW_IP_HELP)
    parser.add_argument("--description", metavar="TEXT", help="free text, at most 512 characters")
    _cell_arguments(parser, named=False)


def _cell_arguments(parser: argparse.ArgumentParser, *, named: bool = True) -> None:
    if named:
        parser.add_argument("name", nargs="?", metavar="NAME", help="sets (or replaces) the request's name")
    wait_options(parser)
    parser.add_argument("--open", action="store_true", help="wait until RUNNING, then give the open link")


async def _catalogue(client: ModelArtsClient) -> tuple[list[Flavor], list[Image]]:
    return await client.all_flavors(), await resolve.catalogue_images(client)


def _body_from_options(
    args: CreateArgs, flavors: list[Flavor], images: list[Image], problems: list[FieldProblem]
) -> dict[str, Any]:
    flavor = next((f for f in flavors if f.id == args.flavor), None)
    if flavor is None:  # known now; the catalogue check would only run once everything else is right
        problems.append(resolve.unknown_flavor(args.flavor, flavors))
    body: dict[str, Any] = {"name": args.name, "flavor": args.flavor}

    def put(key: str, found: Any) -> None:  # a value, None for nothing, or the problem with the option
        if isinstance(found, FieldProblem):
            problems.append(found)
        elif found is not None:
            body[key] = found

    if flavor is not None and str(flavor.feature or "").upper() == "DEFAULT":
        body["feature"] = "DEFAULT"  # the free CodeLab flavor only runs as a DEFAULT instance
    put("description", args.description)
    put("image_id", resolve.find_image(args.image, images))
    put("volume", resolve.storage_volume(args.storage, flavor))
    put("lease", resolve.lease_values(args.lease, "--lease") if args.lease is not None else None)
    if args.allow_ips and not args.ssh_keys:
        problems.append(FieldProblem("--allow-ip", "needs --ssh-key: it limits who may connect over SSH"))
    elif args.ssh_keys:
        endpoint: dict[str, Any] = {"service": "SSH", "key_pair_names": args.ssh_keys}
        if args.allow_ips:
            endpoint["allowed_access_ips"] = args.allow_ips
        body["endpoints"] = [endpoint]
    return body


async def _launch(
    ctx: Context, client: ModelArtsClient, request: NotebookCreateRequest, seconds: float | None, args: _Args
) -> NotebookResult | OpenLink:
    answer = await client.create_notebook(request)
    name = answer.name or request.name
    if seconds is None:
        follow = ctx.hint(f"wait {answer.id or name}")
        note = f"Creating {name}; this takes a few minutes ({follow} follows it)."
        return NotebookResult.of(answer, ctx.clock(client), note=note, as_json=args.as_json)
    final = await ctx.wait(client, answer, {NotebookStatus.RUNNING}, seconds)
    if args.open:
        return await open_link(client, final, ctx, as_json=args.as_json)
    return NotebookResult.of(final, ctx.clock(client), note=f"{name} is RUNNING.", as_json=args.as_json)


async def _run(args: CreateArgs, ctx: Context) -> NotebookResult | OpenLink:
    problems: list[FieldProblem] = []
    try:
        seconds = wait_seconds(args.wait or args.open, args.timeout)
    except ContractError as error:  # reported with every other problem
        problems.extend(error.problems)
        seconds = None
    client = ctx.client()
    flavors, images = await _catalogue(client)
    body = _body_from_options(args, flavors, images, problems)
    request = resolve.validated(NotebookCreateRequest, body, CREATE_LABELS, problems)
    with relabelling(CREATE_LABELS):
        ctx.policy().check_create(request, flavors=flavors, images=images)
    return await _launch(ctx, client, request, seconds, args)


async def _run_body(args: CreateBodyArgs, ctx: Context) -> NotebookResult | OpenLink:
    seconds = wait_seconds(args.wait or args.open, args.timeout)
    data = resolve.load_body(args.body)
    if args.name is not None:
        data["name"] = args.name
    request = parse_request(NotebookCreateRequest, data)
    client = ctx.client()
    flavors, images = await _catalogue(client)
    ctx.policy().check_create(request, flavors=flavors, images=images)
    return await _launch(ctx, client, request, seconds, args)


SUMMARY = "create a notebook instance"
EXAMPLE = (
    "create my-notebook --flavor modelarts.vm.cpu.2u "
    "--image pytorch1.8-cuda10.2-cudnn7-ubuntu18.04 --storage evs:10 --lease 2h --wait"
)
CELL_EXAMPLE = "create [NAME] [--wait] [--timeout DURATION] [--open] [--json]"
VERB = Verb("create", SUMMARY, EXAMPLE, CreateArgs, _add_arguments, _run)
CELL_VERB = Verb("create", SUMMARY, CELL_EXAMPLE, CreateBodyArgs, _cell_arguments, _run_body)
