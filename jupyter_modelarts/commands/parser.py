"""The verbs' command lines: one argparse definition per verb serves ``%modelarts`` and ``jupyter modelarts``.

Each verb declares its options once (commands/verbs/); :func:`add_arguments` puts them on any parser, so
the CLI's subparsers and the magics' standalone parsers cannot drift apart. The magics use
:class:`RaisingParser`, whose errors raise :class:`UsageError` carrying the verb's usage instead of
exiting the kernel. Lines are split with shell quoting rules (:func:`split_line`), never on single
spaces. :func:`execute` runs the parsed :class:`Command`.
"""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

from jupyter_modelarts.commands.context import Context, invalid_configuration
from jupyter_modelarts.commands.errors import HelpRequested, UsageError
from jupyter_modelarts.commands.verbs import CELL_VERBS, VERBS
from jupyter_modelarts.commands.verbs.base import JSON_HELP, Verb, VerbArgs

CELL_USAGE = (
    "usage: %%modelarts create [NAME] [--wait] [--timeout DURATION] [--open] [--json]\n"
    "       %%modelarts update NB [--json]\n"
    "with a YAML or JSON create/update request (the ModelArts API fields) as the cell body\n"
)


@dataclass(frozen=True)
class Command:
    verb: Verb
    args: VerbArgs


async def execute(command: Command, ctx: Context) -> Any:
    """The verb's result (help raises HelpRequested instead).

    Every configuration problem is reported before anything is sent, all at once, so that one edit of
    the configuration file can mend them all.
    """
    if not command.verb.any_configuration:
        problems = ctx.configuration_problems()
        if problems:
            raise invalid_configuration(problems)
    return await command.verb.run(command.args, ctx)


class RaisingParser(argparse.ArgumentParser):
    """An ArgumentParser that raises instead of printing and exiting (safe inside a kernel)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message, usage=self.format_usage())

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        raise UsageError(message or f"exit status {status}", usage=self.format_usage())

    def print_help(self, file: Any = None) -> NoReturn:
        raise HelpRequested(self.format_help())


def add_arguments(name: str, parser: argparse.ArgumentParser, prefix: str) -> None:
    """Define verb ``name``'s arguments on ``parser``; ``prefix`` is how the examples start."""
    verb = VERBS.get(name)
    if verb is None:
        raise ValueError(f"unknown verb {name!r}")
    parser.description = verb.summary[0].upper() + verb.summary[1:] + "."
    parser.epilog = f"example: {prefix} {verb.example}"
    verb.add_arguments(parser)
    if name != "help":
        parser.add_argument("--json", dest="as_json", action="store_true", help=JSON_HELP)


def verb_parser(name: str, prefix: str = "%modelarts") -> RaisingParser:
    parser = RaisingParser(prog=f"{prefix} {name}")
    add_arguments(name, parser, prefix)
    return parser


def to_command(verb: Verb, namespace: argparse.Namespace, **extra: Any) -> Command:
    """The verb's argument model from a parsed namespace (CLI-only keys are ignored)."""
    values = {k: v for k, v in vars(namespace).items() if k not in ("verb", "run") and v is not None}
    return Command(verb, verb.args.model_validate({**values, **extra}))


def split_line(line: str) -> list[str]:
    """Words of a magic line with shell quoting rules ('demo instance' is one word)."""
    try:
        return shlex.split(line)
    except ValueError as error:  # e.g. "No closing quotation"
        raise UsageError(f"cannot split the arguments: {error}", usage=short_usage()) from None


def parse_words(words: Sequence[str], prefix: str = "%modelarts") -> Command:
    """``["list", "--status", "RUNNING"]`` -> Command(list, ListArgs(...)); UsageError or HelpRequested."""
    if not words:
        raise UsageError("give a verb", usage=short_usage(prefix))
    name, rest = words[0], list(words[1:])
    if name in ("-h", "--help"):
        return to_command(VERBS["help"], argparse.Namespace())
    if name not in VERBS:
        raise UsageError(f"unknown verb {name!r}; verbs: {', '.join(VERBS)}", usage=short_usage(prefix))
    return to_command(VERBS[name], verb_parser(name, prefix).parse_args(rest))


def parse_cell(words: Sequence[str], body: str, prefix: str = "%%modelarts") -> Command:
    """``%%modelarts create|update ...`` words plus the cell body -> Command(create, CreateBodyArgs(...))."""
    if not words or words[0] not in CELL_VERBS:
        given = f"{words[0]!r}" if words else "no verb"
        raise UsageError(f"the cell magic takes create or update, not {given}", usage=CELL_USAGE)
    verb = CELL_VERBS[words[0]]
    parser = RaisingParser(
        prog=f"{prefix} {verb.name}",
        description=f"{verb.summary.capitalize()} from the YAML or JSON request in the cell body.",
    )
    verb.add_arguments(parser)
    parser.add_argument("--json", dest="as_json", action="store_true", help=JSON_HELP)
    return to_command(verb, parser.parse_args(list(words[1:])), body=body)


def short_usage(prefix: str = "%modelarts") -> str:
    return f"usage: {prefix} VERB [options]   (verbs: {', '.join(VERBS)}; {prefix} help VERB for details)\n"


def overview(prefix: str = "%modelarts") -> str:
    """The help of every verb in one screen."""
    width = max(map(len, VERBS))
    lines = [f"usage: {prefix} VERB [options]", "", "Manage Huawei Cloud ModelArts notebook instances.", ""]
    lines += [f"  {name.ljust(width)}  {verb.summary}" for name, verb in VERBS.items()]
    lines += ["", f"'{prefix} help VERB' or '{prefix} VERB --help' explains a verb's options.", "examples:"]
    lines += [f"  {prefix} {VERBS[name].example}" for name in ("list", "create", "open", "delete")]
    return "\n".join(lines) + "\n"


def help_text(topic: str | None, prefix: str) -> str:
    """What ``help [VERB]`` shows; UsageError for a verb that does not exist."""
    if topic is None:
        return overview(prefix)
    if topic not in VERBS:
        raise UsageError(f"no verb {topic!r}; verbs: {', '.join(VERBS)}", usage=short_usage(prefix))
    return verb_parser(topic, prefix).format_help()
