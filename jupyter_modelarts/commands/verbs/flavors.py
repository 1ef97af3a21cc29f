"""``flavors``: the compute sizes you may launch, with the administrator's policy applied."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from jupyter_modelarts.commands.context import Context
from jupyter_modelarts.commands.render.catalog import FlavorList
from jupyter_modelarts.commands.verbs.base import Verb, VerbArgs
from jupyter_modelarts.core.contract import Flavor, FlavorCategory
from jupyter_modelarts.core.errors import FieldProblem

# Plain strings: argparse quotes its choices with repr() in "invalid choice" messages.
CATEGORIES = tuple(category.value for category in FlavorCategory)


class FlavorsArgs(VerbArgs):
    category: str | None = None


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--category",
        type=lambda text: text.strip().upper(),
        choices=CATEGORIES,
        help="only this kind of flavor",
    )


def unknown_flavor(flavor_id: str, flavors: Sequence[Flavor], option: str = "--flavor") -> FieldProblem:
    near = [f.id for f in flavors if f.id and f.id.casefold() == flavor_id.casefold()]
    near = near or [f.id for f in flavors if f.id and flavor_id.casefold() in f.id.casefold()]
    hint = f"; did you mean {', '.join(near)}?" if near else " (see: flavors)"
    return FieldProblem(option, f"flavor {flavor_id} does not exist in this region{hint}")


async def _run(args: FlavorsArgs, ctx: Context) -> FlavorList:
    client = ctx.client()
    flavors = await client.all_flavors({"category": args.category} if args.category else None)
    return FlavorList(ctx.policy().filter_flavors(flavors), as_json=args.as_json)


VERB = Verb(
    name="flavors",
    summary="list the flavors (compute sizes) you may launch",
    example="flavors --category GPU",
    args=FlavorsArgs,
    add_arguments=_add_arguments,
    run=_run,
)
