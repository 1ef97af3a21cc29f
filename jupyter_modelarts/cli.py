"""``jupyter modelarts <verb>``: the command-line entry point (console script ``jupyter-modelarts``).

Each verb lives in its own small module exposing ``add_arguments(parser)`` and
``run(args) -> int`` (the exit status).  Register a verb by adding one line to
:data:`VERBS`; its module is imported only when that verb is used, so a slow
import in one verb never slows the others (or ``--help``).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

_COMMANDS = "jupyter_modelarts.commands.terminal"  # one module for the notebook verbs

# The notebook verbs, shared with the %modelarts magics (jupyter_modelarts/commands/): verb -> one-line
# help.  Kept here, not in commands/parser.py which reads them, so that `jupyter modelarts --help` imports
# nothing from the commands package.
NOTEBOOK_VERBS: dict[str, str] = {
    "flavors": "list the flavors (compute sizes) you may launch",
    "images": "list the images you may launch, optionally only those for one flavor",
    "list": "list notebook instances",
    "show": "show one notebook instance",
    "create": "create a notebook instance",
    "start": "start a stopped notebook instance",
    "stop": "stop a running notebook instance",
    "delete": "delete a notebook instance and its managed storage",
    "update": "change an instance's name, description, flavor, image or storage size",
    "lease": "show or extend a running instance's auto-stop lease",
    "open": "give the link that opens an instance's JupyterLab (the only output with its token)",
    "wait": "wait until an instance reaches a status",
    "config": "show the configuration in use and where each value came from (never a secret)",
    "help": "show help on every verb, or on one verb",
}

# verb -> (one-line help, module with add_arguments() and run())
VERBS: dict[str, tuple[str, str]] = {
    "simulator": (
        "run the bundled ModelArts simulator (the notebook API on a local port)",
        "jupyter_modelarts.simulator.command",
    ),
    "demo": (
        "start JupyterLab against the bundled simulator (no cloud account needed)",
        "jupyter_modelarts.demo.command",
    ),
    **{verb: (summary, _COMMANDS) for verb, summary in NOTEBOOK_VERBS.items()},
}


def _chosen_verb(argv: Sequence[str]) -> str | None:
    return next((arg for arg in argv if not arg.startswith("-")), None)


def build_parser(argv: Sequence[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jupyter modelarts",
        description="Manage Huawei Cloud ModelArts notebook instances from Jupyter.",
    )
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
    chosen = _chosen_verb(argv)
    for verb, (summary, module_name) in VERBS.items():
        sub = verbs.add_parser(verb, help=summary, description=summary[0].upper() + summary[1:] + ".")
        if verb == chosen:
            module = importlib.import_module(module_name)
            module.add_arguments(sub)
            sub.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(arguments).parse_args(arguments)
    status: int = args.run(args)
    return status


if __name__ == "__main__":
    sys.exit(main())
