"""``flavors``: the compute sizes you may launch, with the administrator's policy applied."""

from __future__ import annotations

import argparse

from jupyter_modelarts.commands.context import Context
from jupyter_modelarts.commands.render.base import ModelList, Table
from jupyter_modelarts.commands.render.formats import accelerator, memory
from jupyter_modelarts.commands.verbs.base import Verb, VerbArgs, upper
from jupyter_modelarts.core.contract import Flavor, FlavorCategory

# Plain strings: argparse quotes its choices with repr() in "invalid choice" messages.
CATEGORIES = tuple(category.value for category in FlavorCategory)


class FlavorsArgs(VerbArgs):
    category: str | None = None


class FlavorList(ModelList[Flavor]):
    """Flavors you may launch (the administrator's policy applied); sold-out ones are marked."""

    def view(self) -> Table:
        columns = ["ID", "CATEGORY", "ARCH", "VCPUS", "MEMORY", "ACCELERATOR", "STORAGE", "NOTE"]
        table = Table(columns, empty="No flavor is available to you.")
        for flavor in self:
            notes = (["free"] if flavor.free else []) + (["sold out"] if flavor.sold_out else [])
            storages = ",".join(flavor.storages or [])
            row = [flavor.id, flavor.category, flavor.arch, flavor.vcpus, memory(flavor), accelerator(flavor)]
            table.add(*row, storages, ", ".join(notes))
        return table


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--category", type=upper, choices=CATEGORIES, help="only this kind of flavor")


async def _run(args: FlavorsArgs, ctx: Context) -> FlavorList:
    client = ctx.client()
    flavors = await client.all_flavors({"category": args.category} if args.category else None)
    return FlavorList(ctx.policy().filter_flavors(flavors), as_json=args.as_json)


SUMMARY = "list the flavors (compute sizes) you may launch"
VERB = Verb("flavors", SUMMARY, "flavors --category GPU", FlavorsArgs, _add_arguments, _run)
