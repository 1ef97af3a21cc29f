"""``flavors`` and ``images``: what you may launch, with the administrator's policy applied."""

from __future__ import annotations

from collections.abc import Sequence

from jupyter_modelarts.commands.args import FlavorsArgs, ImagesArgs
from jupyter_modelarts.commands.context import Context
from jupyter_modelarts.commands.render.catalog import FlavorList, ImageList
from jupyter_modelarts.commands.resolve import catalogue_images
from jupyter_modelarts.core.contract import Flavor
from jupyter_modelarts.core.errors import ContractError, FieldProblem, PolicyError, preview


def unknown_flavor(flavor_id: str, flavors: Sequence[Flavor], option: str = "--flavor") -> FieldProblem:
    near = [f.id for f in flavors if f.id and f.id.casefold() == flavor_id.casefold()]
    near = near or [f.id for f in flavors if f.id and flavor_id.casefold() in f.id.casefold()]
    hint = f"; did you mean {', '.join(near)}?" if near else " (see: flavors)"
    return FieldProblem(option, f"flavor {flavor_id} does not exist in this region{hint}")


def run_flavors(args: FlavorsArgs, ctx: Context) -> FlavorList:
    client = ctx.client()
    flavors = client.all_flavors({"category": args.category} if args.category else None)
    return FlavorList(ctx.policy().filter_flavors(flavors), as_json=args.as_json)


def run_images(args: ImagesArgs, ctx: Context) -> ImageList:
    client = ctx.client()
    policy = ctx.policy()
    flavor: Flavor | None = None
    # Checked before the image list is fetched: a flavor typo should not cost a long listing.
    flavors = client.all_flavors()
    if args.flavor is not None:
        flavor = next((f for f in flavors if f.id == args.flavor), None)
        if flavor is None:
            raise ContractError([unknown_flavor(args.flavor, flavors)])
        if not policy.flavor_allowed(args.flavor):
            rule = f"flavor {args.flavor} is not allowed by the administrator"
            raise PolicyError([FieldProblem("--flavor", rule, preview(args.flavor))])
    listed = catalogue_images(client)
    if flavor is None:
        images = policy.launchable_images(listed, flavors)
    else:
        images = policy.images_for(flavor, listed)
    if args.name:
        text = args.name.strip().casefold()
        images = [
            i for i in images if text in (i.name or "").casefold() or text in (i.show_name or "").casefold()
        ]
    return ImageList(images, as_json=args.as_json)
