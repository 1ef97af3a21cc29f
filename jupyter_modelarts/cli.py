"""``jupyter modelarts <verb>``: the command line (console script ``jupyter-modelarts``).

The notebook verbs come from jupyter_modelarts/commands/verbs (shared with the ``%modelarts`` magics);
``simulator`` and ``demo`` are modules of their own, imported only when used.

A verb's result goes to stdout (aligned text, or JSON with ``--json``); progress, questions and errors
go to stderr, so stdout can be piped.  Exit status: 0 on success, 1 when the command failed (one line on
stderr says why), 2 on wrong usage (the verb's usage and the error), 130 when interrupted.

``c.ModelArts.*`` is read as the server extension reads it, from these files in every directory of the
Jupyter config path (``jupyter --paths``: ``JUPYTER_CONFIG_DIR`` or ``~/.jupyter``, then the
environment's and the system's ``etc/jupyter``):

1. ``jupyter_server_config.json`` / ``.py`` (what the server extension reads);
2. ``jupyter_modelarts_config.json`` / ``.py`` (settings only for this tool).

A directory earlier in the path wins over a later one, and within one directory
``jupyter_modelarts_config`` wins over ``jupyter_server_config`` and ``.json`` over ``.py`` (traitlets'
rule for one file name, which the server follows).  Each trait remembers the file that set it, so
``config`` can say which one won.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from jupyter_core.paths import jupyter_config_path
from traitlets.config import Config, Configurable
from traitlets.config.loader import JSONFileConfigLoader, PyFileConfigLoader

from jupyter_modelarts.commands import runner
from jupyter_modelarts.commands.context import Context, TerminalUi, Ui
from jupyter_modelarts.commands.errors import HelpRequested, UsageError, one_line
from jupyter_modelarts.commands.parser import add_arguments as add_verb_arguments
from jupyter_modelarts.commands.parser import execute, to_command, verb_parser
from jupyter_modelarts.commands.render.base import to_json
from jupyter_modelarts.commands.verbs import VERBS
from jupyter_modelarts.commands.verbs.config import ConfigReport
from jupyter_modelarts.core.errors import ConfigurationError
from jupyter_modelarts.core.settings import load_settings as read_settings

PREFIX = "jupyter modelarts"
BASENAMES = ("jupyter_server_config", "jupyter_modelarts_config")
_LOADERS = ((".py", PyFileConfigLoader), (".json", JSONFileConfigLoader))  # later wins
ORIGIN = (
    "Jupyter config files ("
    + ", ".join(f"{name}.py/.json" for name in BASENAMES)
    + " in each 'jupyter --paths' "
    "config directory), then MODELARTS_* / HUAWEICLOUD_SDK_* environment variables, then the SDK profile file"
)


@dataclass
class LoadedConfig:
    config: Config = field(default_factory=Config)
    files: list[str] = field(default_factory=list)  # read, lowest priority first
    setting_files: dict[str, str] = field(default_factory=dict)  # ModelArts trait -> file that set it


def _read(loader_cls: type[JSONFileConfigLoader | PyFileConfigLoader], name: str, directory: str) -> Config:
    path = os.path.join(directory, name)
    try:
        config: Config = loader_cls(name, path=directory).load_config()
        return config
    except Exception as error:  # the file is the user's code: any failure is a configuration problem
        # Only the kind and line: the text of a broken line may be a secret being typed in.
        line = getattr(error, "lineno", None)
        where = f" at line {line}" if line else ""
        raise ConfigurationError(
            f"Cannot read the Jupyter config file {path}: {type(error).__name__}{where}.",
            hint="Fix or move the file; 'jupyter --paths' lists where Jupyter looks.",
        ) from None


def load_jupyter_config(directories: Sequence[str] | None = None) -> LoadedConfig:
    """Merge the files above from ``directories`` (default: the Jupyter config path)."""
    loaded = LoadedConfig()
    for directory in reversed(list(jupyter_config_path() if directories is None else directories)):
        for base in BASENAMES:
            for extension, loader_cls in _LOADERS:
                name = base + extension
                path = os.path.join(directory, name)
                if not os.path.isfile(path):
                    continue
                config = _read(loader_cls, name, directory)
                loaded.config.merge(config)
                loaded.files.append(path)
                section = dict.get(config, "ModelArts") or {}
                loaded.setting_files.update(dict.fromkeys(section, path))
    return loaded


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of a notebook verb on its subparser, whose prog ends with the verb's name."""
    add_verb_arguments(parser.prog.rsplit(" ", 1)[-1], parser, PREFIX)
    # argparse hands a subcommand's unknown arguments back to the top-level parser, which then
    # prints the top-level usage; a person who mistyped an option of ``create`` needs its usage.
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


def run_verb(args: argparse.Namespace, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
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
        count = len(result.problems)
        err.write(f"error: the configuration is incomplete or invalid ({count} problem(s) listed above)\n")
        return 1
    return 0


# verb -> (one-line help, module with add_arguments() and run())
EXTRA_VERBS: dict[str, tuple[str, str]] = {
    "simulator": (
        "run the bundled ModelArts simulator (the notebook API on a local port)",
        "jupyter_modelarts.simulator.command",
    ),
    "demo": (
        "start JupyterLab against the bundled simulator (no cloud account needed)",
        "jupyter_modelarts.demo.command",
    ),
}


def build_parser(argv: Sequence[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PREFIX, description="Manage Huawei Cloud ModelArts notebook instances from Jupyter."
    )
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
    # Only the chosen verb's options are defined: the simulator and the demo are imported only when chosen.
    chosen = next((arg for arg in argv if not arg.startswith("-")), None)
    summaries = {name: summary for name, (summary, _) in EXTRA_VERBS.items()}
    summaries.update({name: verb.summary for name, verb in VERBS.items()})
    for name, summary in summaries.items():
        sub = verbs.add_parser(name, help=summary, description=summary[0].upper() + summary[1:] + ".")
        if name == chosen and name in EXTRA_VERBS:
            module = importlib.import_module(EXTRA_VERBS[name][1])
            module.add_arguments(sub)
            sub.set_defaults(run=module.run)
        elif name == chosen:
            add_arguments(sub)
            sub.set_defaults(run=run_verb)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(arguments).parse_args(arguments)
    status: int = args.run(args)
    return status


if __name__ == "__main__":
    sys.exit(main())
