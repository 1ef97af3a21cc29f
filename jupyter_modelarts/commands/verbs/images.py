"""``images``: the images you may launch, optionally only those that run on one flavor."""

from __future__ import annotations

import argparse

from jupyter_modelarts.commands.context import Context
from jupyter_modelarts.commands.render.base import ModelList, Table
from jupyter_modelarts.commands.resolve import catalogue_images, unknown_flavor
from jupyter_modelarts.commands.verbs.base import Verb, VerbArgs
from jupyter_modelarts.core.contract import Flavor, Image
from jupyter_modelarts.core.errors import ContractError, FieldProblem, PolicyError, preview


class ImagesArgs(VerbArgs):
    flavor: str | None = None
    name: str | None = None


class ImageList(ModelList[Image]):
    """Images you may launch (policy applied; with --flavor only those that run on it)."""

    def view(self) -> Table:
        columns = ["NAME", "TAG", "ARCH", "RUNS ON", "ACCESS", "ID"]
        table = Table(columns, empty="No image is available to you.")
        for image in self:
            categories = [*(image.support_res_categories or ()), *(image.resource_categories or ())]
            runs_on = "/".join(sorted({str(c) for c in categories})) or "any"
            access = ",".join(image.dev_services or [])
            table.add(image.name, image.tag, image.arch, runs_on, access, image.id)
        return table


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--flavor", metavar="FLAVOR", help="only images that run on this flavor id")
    parser.add_argument("--name", metavar="TEXT", help="only images whose name contains TEXT")


async def _run(args: ImagesArgs, ctx: Context) -> ImageList:
    client = ctx.client()
    policy = ctx.policy()
    flavor: Flavor | None = None
    # Checked before the image list is fetched: a flavor typo should not cost a long listing.
    flavors = await client.all_flavors()
    if args.flavor is not None:
        flavor = next((f for f in flavors if f.id == args.flavor), None)
        if flavor is None:
            raise ContractError([unknown_flavor(args.flavor, flavors)])
        if not policy.flavor_allowed(args.flavor):
            rule = f"flavor {args.flavor} is not allowed by the administrator"
            raise PolicyError([FieldProblem("--flavor", rule, preview(args.flavor))])
    listed = await catalogue_images(client)
    images = (
        policy.launchable_images(listed, flavors) if flavor is None else policy.images_for(flavor, listed)
    )
    if args.name:
        text = args.name.strip().casefold()
        images = [
            i for i in images if text in (i.name or "").casefold() or text in (i.show_name or "").casefold()
        ]
    return ImageList(images, as_json=args.as_json)


SUMMARY = "list the images you may launch, optionally only those for one flavor"
EXAMPLE = "images --flavor modelarts.vm.cpu.2u --name pytorch"
VERB = Verb("images", SUMMARY, EXAMPLE, ImagesArgs, _add_arguments, _run)
