"""Runs a parsed command: the one place that maps each verb's argument model to its function."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from jupyter_modelarts.commands.args import Command
from jupyter_modelarts.commands.context import Context, invalid_configuration
from jupyter_modelarts.commands.render.base import Result
from jupyter_modelarts.commands.verbs_catalog import run_flavors, run_images
from jupyter_modelarts.commands.verbs_create import run_create, run_create_body
from jupyter_modelarts.commands.verbs_info import run_config, run_help
from jupyter_modelarts.commands.verbs_instances import run_lease, run_list, run_open, run_show
from jupyter_modelarts.commands.verbs_lifecycle import run_delete, run_start, run_stop, run_wait
from jupyter_modelarts.commands.verbs_update import run_update, run_update_body

Handler = Callable[[Any, Context], Any]

HANDLERS: dict[str, Handler] = {
    "flavors": run_flavors,
    "images": run_images,
    "list": run_list,
    "show": run_show,
    "create": run_create,
    "create-body": run_create_body,
    "start": run_start,
    "stop": run_stop,
    "delete": run_delete,
    "update": run_update,
    "update-body": run_update_body,
    "lease": run_lease,
    "open": run_open,
    "wait": run_wait,
    "config": run_config,
    "help": run_help,
}


# Verbs that run whatever the configuration: ``config`` lists its problems, ``help`` needs none.
_ANY_CONFIGURATION = frozenset({"config", "help"})


def execute(command: Command, ctx: Context) -> Result:
    """The verb's result (help raises HelpRequested instead).

    Every configuration problem is reported before anything is sent, all at once, so that one
    edit of the configuration file can mend them all.
    """
    if command.type not in _ANY_CONFIGURATION:
        problems = ctx.configuration_problems()
        if problems:
            raise invalid_configuration(problems)
    return cast(Result, HANDLERS[command.type](command, ctx))
