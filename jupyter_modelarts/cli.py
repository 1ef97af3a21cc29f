"""``jupyter modelarts <verb>``: the command-line entry point (console script ``jupyter-modelarts``).

The notebook verbs come from jupyter_modelarts/commands/verbs (shared with the
``%modelarts`` magics) and run through commands/terminal.py; ``simulator`` and
``demo`` are modules of their own, imported only when used.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

from jupyter_modelarts.commands import terminal
from jupyter_modelarts.commands.verbs import VERBS as NOTEBOOK_VERBS

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


def _chosen_verb(argv: Sequence[str]) -> str | None:
    return next((arg for arg in argv if not arg.startswith("-")), None)


def build_parser(argv: Sequence[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jupyter modelarts",
        description="Manage Huawei Cloud ModelArts notebook instances from Jupyter.",
    )
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
    chosen = _chosen_verb(argv)
    summaries = {**{name: (summary, "") for name, (summary, _) in EXTRA_VERBS.items()}}
    summaries.update({name: (verb.summary, "") for name, verb in NOTEBOOK_VERBS.items()})
    for name, (summary, _) in summaries.items():
        sub = verbs.add_parser(name, help=summary, description=summary[0].upper() + summary[1:] + ".")
        if name != chosen:
            continue
        add: Callable[[argparse.ArgumentParser], None]
        run: Callable[[argparse.Namespace], int]
        if name in EXTRA_VERBS:
            module = importlib.import_module(EXTRA_VERBS[name][1])
            add, run = module.add_arguments, module.run
        else:
            add, run = terminal.add_arguments, terminal.run
        add(sub)
        sub.set_defaults(run=run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(arguments).parse_args(arguments)
    status: int = args.run(args)
    return status


if __name__ == "__main__":
    sys.exit(main())
