"""The verbs' command lines: one argparse definition serves ``%modelarts`` and ``jupyter modelarts``.

:func:`add_arguments` defines a verb's options on any parser, so the CLI's
subparsers and the magics' standalone parsers cannot drift apart.  The
magics use :class:`RaisingParser`, whose errors raise :class:`UsageError`
carrying the verb's usage instead of exiting the kernel.  Lines are split
with shell quoting rules (:func:`split_line`), never on single spaces.
"""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Sequence
from typing import Any, NoReturn

from pydantic import TypeAdapter

from jupyter_modelarts.cli import NOTEBOOK_VERBS
from jupyter_modelarts.commands.args import Command
from jupyter_modelarts.commands.errors import HelpRequested, UsageError
from jupyter_modelarts.core.contract import FlavorCategory, NotebookStatus

# verb -> one-line summary, defined with the CLI's verb table (which must import nothing heavy)
SUMMARIES: dict[str, str] = NOTEBOOK_VERBS
VERBS = tuple(SUMMARIES)

NB_HELP = "the instance: its id, an unambiguous id prefix (8+ characters) or its exact name"
JSON_HELP = "print JSON instead of a table (the same models the Python API returns)"
WAIT_HELP = "wait until the transition ends, showing its progress"
TIMEOUT_HELP = "how long --wait waits, e.g. 90s, 10m, 1h (default 10m)"
LEASE_HELP = "auto-stop: 2h, 90m, idle:30m (stop after 30 min without activity) or off"
STORAGE_HELP = (
    "storage: evs, evs:SIZE_GB (5-4096) or efs[:SIZE_GB] (default: evs, or efs if the flavor has no evs)"
)
IMAGE_HELP = "image id, NAME:TAG or NAME (the newest active image of that name)"
# Plain strings: argparse quotes its choices with repr() in "invalid choice" messages.
STATUSES = tuple(status.value for status in NotebookStatus)
CATEGORIES = tuple(category.value for category in FlavorCategory)

EXAMPLES: dict[str, str] = {
    "flavors": "flavors --category GPU",
    "images": "images --flavor modelarts.vm.cpu.2u --name pytorch",
    "list": "list --status RUNNING --name demo",
    "show": "show my-notebook",
    "create": "create my-notebook --flavor modelarts.vm.cpu.2u "
    "--image pytorch1.8-cuda10.2-cudnn7-ubuntu18.04 --storage evs:10 --lease 2h --wait",
    "start": "start my-notebook --lease idle:30m --wait",
    "stop": "stop my-notebook",
    "delete": "delete my-notebook --yes",
    "update": "update my-notebook --description 'GPU experiments' --storage-size 20",
    "lease": "lease my-notebook --extend 2h",
    "open": "open my-notebook",
    "wait": "wait my-notebook --status STOPPED --timeout 5m",
    "config": "config",
    "help": "help create",
}


class RaisingParser(argparse.ArgumentParser):
    """An ArgumentParser that raises instead of printing and exiting (safe inside a kernel)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message, usage=self.format_usage())

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        raise UsageError(message or f"exit status {status}", usage=self.format_usage())

    def print_help(self, file: Any = None) -> NoReturn:
        raise HelpRequested(self.format_help())


def _upper(text: str) -> str:
    return text.strip().upper()


def _wait_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--wait", action="store_true", help=WAIT_HELP)
    parser.add_argument("--timeout", metavar="DURATION", help=TIMEOUT_HELP)


def _notebook(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("notebook", metavar="NB", help=NB_HELP)


def _add_catalog(verb: str, parser: argparse.ArgumentParser) -> None:
    if verb == "flavors":
        parser.add_argument("--category", type=_upper, choices=CATEGORIES, help="only this kind of flavor")
    else:
        parser.add_argument("--flavor", metavar="FLAVOR", help="only images that run on this flavor id")
        parser.add_argument("--name", metavar="TEXT", help="only images whose name contains TEXT")


def _add_list(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--status", type=_upper, choices=STATUSES, metavar="STATUS", help="only this status")
    parser.add_argument("--name", metavar="TEXT", help="only instances whose name contains TEXT")
    parser.add_argument(
        "--all", dest="all_users", action="store_true", help="instances of every user of the project"
    )


def _add_create(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="NAME", help="1-128 letters, digits, '-' or '_'")
    parser.add_argument("--flavor", required=True, metavar="FLAVOR", help="flavor id (see: flavors)")
    parser.add_argument("--image", required=True, metavar="IMAGE", help=IMAGE_HELP)
    parser.add_argument("--storage", metavar="STORAGE", help=STORAGE_HELP)
    parser.add_argument("--lease", metavar="DURATION", help=LEASE_HELP + " (default: ModelArts' 1h)")
    parser.add_argument(
        "--ssh-key", dest="ssh_keys", action="append", default=[], metavar="KEY",
        help="enable SSH with this key pair name (repeatable)",
    )  # fmt: skip
    parser.add_argument(
        "--allow-ip", dest="allow_ips", action="append", default=[], metavar="IP",
        help="only this public IPv4 may connect over SSH (repeatable, at most 5; needs --ssh-key)",
    )  # fmt: skip
    parser.add_argument("--description", metavar="TEXT", help="free text, at most 512 characters")
    _wait_options(parser)
    parser.add_argument("--open", action="store_true", help="wait until RUNNING, then give the open link")


def _add_update(parser: argparse.ArgumentParser) -> None:
    _notebook(parser)
    parser.add_argument("--name", metavar="NAME", help="new name")
    parser.add_argument("--description", metavar="TEXT", help="new description")
    parser.add_argument("--flavor", metavar="FLAVOR", help="switch flavor (instance STOPPED)")
    parser.add_argument("--image", metavar="IMAGE", help=IMAGE_HELP + " (instance STOPPED)")
    parser.add_argument("--storage-size", type=int, metavar="GB", help="grow the EVS disk to GB (5-4096)")


def _add_instance_verb(verb: str, parser: argparse.ArgumentParser) -> None:
    _notebook(parser)
    if verb == "start":
        parser.add_argument("--lease", metavar="DURATION", help=LEASE_HELP + " (default: the last one)")
    if verb == "delete":
        parser.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
    if verb in ("start", "stop", "delete"):
        _wait_options(parser)
    if verb == "lease":
        parser.add_argument(
            "--extend", metavar="DURATION", help="stop DURATION from now instead (2h, idle:30m, off)"
        )
    if verb == "wait":
        parser.add_argument("--status", type=_upper, choices=STATUSES, default="RUNNING", metavar="STATUS",
                            help="the status to wait for (default RUNNING)")  # fmt: skip
        parser.add_argument("--timeout", metavar="DURATION", help="how long to wait (default 10m)")


def add_arguments(verb: str, parser: argparse.ArgumentParser, prefix: str) -> None:
    """Define ``verb``'s arguments on ``parser``; ``prefix`` is how the examples start."""
    if verb not in SUMMARIES:
        raise ValueError(f"unknown verb {verb!r}")
    parser.description = SUMMARIES[verb][0].upper() + SUMMARIES[verb][1:] + "."
    parser.epilog = f"example: {prefix} {EXAMPLES[verb]}"
    if verb in ("flavors", "images"):
        _add_catalog(verb, parser)
    elif verb == "list":
        _add_list(parser)
    elif verb == "create":
        _add_create(parser)
    elif verb == "update":
        _add_update(parser)
    elif verb == "help":
        parser.add_argument("topic", nargs="?", metavar="VERB", help="the verb to explain")
    elif verb != "config":
        _add_instance_verb(verb, parser)
    if verb != "help":
        parser.add_argument("--json", dest="as_json", action="store_true", help=JSON_HELP)


def verb_parser(verb: str, prefix: str = "%modelarts") -> RaisingParser:
    parser = RaisingParser(prog=f"{prefix} {verb}")
    add_arguments(verb, parser, prefix)
    return parser


_COMMAND: TypeAdapter[Command] = TypeAdapter(Command)


def to_command(verb: str, namespace: argparse.Namespace, **extra: Any) -> Command:
    """The verb's argument model from a parsed namespace (CLI-only keys are ignored)."""
    values = {k: v for k, v in vars(namespace).items() if k not in ("verb", "run") and v is not None}
    return _COMMAND.validate_python({"type": verb, **values, **extra})


def split_line(line: str) -> list[str]:
    """Words of a magic line with shell quoting rules ('demo instance' is one word)."""
    try:
        return shlex.split(line)
    except ValueError as error:  # e.g. "No closing quotation"
        raise UsageError(f"cannot split the arguments: {error}", usage=short_usage()) from None


def parse_words(words: Sequence[str], prefix: str = "%modelarts") -> Command:
    """``["list", "--status", "RUNNING"]`` -> ListArgs(...); raises UsageError / HelpRequested."""
    if not words:
        raise UsageError("give a verb", usage=short_usage(prefix))
    verb, rest = words[0], list(words[1:])
    if verb in ("-h", "--help"):
        return to_command("help", argparse.Namespace())
    if verb not in SUMMARIES:
        raise UsageError(f"unknown verb {verb!r}; verbs: {', '.join(VERBS)}", usage=short_usage(prefix))
    return to_command(verb, verb_parser(verb, prefix).parse_args(rest))


def short_usage(prefix: str = "%modelarts") -> str:
    return f"usage: {prefix} VERB [options]   (verbs: {', '.join(VERBS)}; {prefix} help VERB for details)\n"


def overview(prefix: str = "%modelarts") -> str:
    """The help of every verb in one screen."""
    width = max(map(len, VERBS))
    lines = [f"usage: {prefix} VERB [options]", "", "Manage Huawei Cloud ModelArts notebook instances.", ""]
    lines += [f"  {verb.ljust(width)}  {summary}" for verb, summary in SUMMARIES.items()]
    lines += ["", f"'{prefix} help VERB' or '{prefix} VERB --help' explains a verb's options.", "examples:"]
    lines += [f"  {prefix} {EXAMPLES[verb]}" for verb in ("list", "create", "open", "delete")]
    return "\n".join(lines) + "\n"


CELL_VERBS = ("create", "update")
CELL_USAGE = (
    "usage: %%modelarts create [NAME] [--wait] [--timeout DURATION] [--open] [--json]\n"
    "       %%modelarts update NB [--json]\n"
    "with a YAML or JSON create/update request (the ModelArts API fields) as the cell body\n"
)


def cell_parser(verb: str, prefix: str = "%%modelarts") -> RaisingParser:
    parser = RaisingParser(prog=f"{prefix} {verb}", description=f"{SUMMARIES[verb].capitalize()} from "
                           "the YAML or JSON request in the cell body.")  # fmt: skip
    if verb == "create":
        parser.add_argument("name", nargs="?", metavar="NAME", help="sets (or replaces) the request's name")
        _wait_options(parser)
        parser.add_argument("--open", action="store_true", help="wait until RUNNING, then give the open link")
    else:
        _notebook(parser)
    parser.add_argument("--json", dest="as_json", action="store_true", help=JSON_HELP)
    return parser


def parse_cell(words: Sequence[str], body: str, prefix: str = "%%modelarts") -> Command:
    """``%%modelarts create|update ...`` words plus the cell body -> CreateBodyArgs / UpdateBodyArgs."""
    if not words or words[0] not in CELL_VERBS:
        given = f"{words[0]!r}" if words else "no verb"
        raise UsageError(f"the cell magic takes create or update, not {given}", usage=CELL_USAGE)
    verb = words[0]
    namespace = cell_parser(verb, prefix).parse_args(list(words[1:]))
    return to_command(f"{verb}-body", namespace, body=body)
