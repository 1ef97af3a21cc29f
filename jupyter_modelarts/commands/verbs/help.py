"""``help``: every verb in one screen, or one verb's options (the same text as ``--help``)."""

from __future__ import annotations

import argparse

from jupyter_modelarts.commands.context import Context
from jupyter_modelarts.commands.errors import HelpRequested
from jupyter_modelarts.commands.verbs.base import Verb, VerbArgs


class HelpArgs(VerbArgs):
    topic: str | None = None


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("topic", nargs="?", metavar="VERB", help="the verb to explain")


async def _run(args: HelpArgs, ctx: Context) -> None:
    """Raises HelpRequested: help is shown the same way as ``--help``."""
    # The parser is built from every verb, this one included: imported here, when it exists.
    from jupyter_modelarts.commands import parser

    raise HelpRequested(parser.help_text(args.topic, ctx.prefix))


SUMMARY = "show help on every verb, or on one verb"
VERB = Verb("help", SUMMARY, "help create", HelpArgs, _add_arguments, _run, any_configuration=True)
