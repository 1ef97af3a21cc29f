"""``jupyter modelarts <verb>``: the verbs on a terminal (the module jupyter_modelarts/cli.py registers).

The result goes to stdout (aligned text, or JSON with ``--json``); progress,
questions and errors go to stderr, so stdout can be piped.  Exit status: 0
on success, 1 when the command failed (one line on stderr says why), 2 on
wrong usage (the verb's usage and the error), 130 when interrupted.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from traitlets.config import Configurable

from jupyter_modelarts.commands import runner
from jupyter_modelarts.commands.config_files import BASENAMES, load_jupyter_config
from jupyter_modelarts.commands.context import Context, Ui
from jupyter_modelarts.commands.dispatch import execute
from jupyter_modelarts.commands.errors import HelpRequested, UsageError, one_line
from jupyter_modelarts.commands.parser import add_arguments as add_verb_arguments
from jupyter_modelarts.commands.parser import to_command, verb_parser
from jupyter_modelarts.commands.render.base import to_json
from jupyter_modelarts.commands.ui import TerminalUi
from jupyter_modelarts.commands.verbs import VERBS
from jupyter_modelarts.commands.verbs.config import ConfigReport
from jupyter_modelarts.core.settings_load import load_settings as read_settings

PREFIX = "jupyter modelarts"
ORIGIN = (
    "Jupyter config files ("
    + ", ".join(f"{name}.py/.json" for name in BASENAMES)
    + " in each 'jupyter --paths' "
    "config directory), then MODELARTS_* / HUAWEICLOUD_SDK_* environment variables, then the SDK profile file"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Called by cli.py with the verb's subparser, whose prog ends with the verb's name."""
    add_verb_arguments(parser.prog.rsplit(" ", 1)[-1], parser, PREFIX)
    _report_unknown_with_verb_usage(parser)


def _report_unknown_with_verb_usage(parser: argparse.ArgumentParser) -> None:
    """Make the verb's parser refuse unknown arguments itself.

    argparse hands a subcommand's unknown arguments back to the top-level
    parser, which then prints the top-level usage; a person who mistyped an
    option of ``create`` needs ``create``'s usage.
    """
    lenient = parser.parse_known_args

    def parse_known_args(args: Any = None, namespace: Any = None) -> tuple[argparse.Namespace, list[str]]:
        parsed, extras = lenient(args, namespace)
        if extras:
            parser.error("unrecognized arguments: " + " ".join(extras))
        return parsed, extras

    setattr(parser, "parse_known_args", parse_known_args)  # noqa: B010 (an instance override, on purpose)


def terminal_context(ui: Ui) -> Context:
    loaded = load_jupyter_config()
    # Invalid traits do not stop here: 'config' shows them with the rest, other verbs refuse to run.
    settings, trait_problems = read_settings(Configurable(config=loaded.config))
    return Context(
        settings,
        ui,
        prefix=PREFIX,
        config_files=loaded.files,
        setting_files=loaded.setting_files,
        config_origin=ORIGIN,
        setting_problems=trait_problems,
    )


def run(args: argparse.Namespace, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    out, err = stdout or sys.stdout, stderr or sys.stderr
    verb = str(args.verb)
    contexts: list[Context] = []

    async def verb_run(ui: Ui) -> Any:
        contexts.append(terminal_context(ui))
        return await execute(command, contexts[0])

    try:
        command = to_command(VERBS[verb], args)
        result = runner.run(verb_run, TerminalUi(stderr=err))
    except HelpRequested as shown:
        out.write(shown.text)
        return 0
    except UsageError as wrong:
        err.write(wrong.usage or verb_parser(verb, PREFIX).format_usage())
        err.write(f"{PREFIX} {verb}: error: {wrong.message}\n")
        return 2
    except KeyboardInterrupt:
        err.write(
            "\nInterrupted. Whatever was already sent to ModelArts carries on ('jupyter modelarts list').\n"
        )
        return 130
    except Exception as error:  # every failure is one line, never a traceback
        err.write(f"error: {one_line(error, contexts[0].secrets() if contexts else ())}\n")
        return 1
    out.write((to_json(result) if result.as_json else result.text()) + "\n")
    if isinstance(result, ConfigReport) and result.problems:
        err.write(
            f"error: the configuration is incomplete or invalid ({len(result.problems)} problem(s) "
            "listed above)\n"
        )
        return 1
    return 0
