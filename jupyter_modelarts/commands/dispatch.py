"""Runs a parsed command with its context: the configuration check, then the verb."""

from __future__ import annotations

from typing import Any

from jupyter_modelarts.commands.context import Context, invalid_configuration
from jupyter_modelarts.commands.parser import Command


async def execute(command: Command, ctx: Context) -> Any:
    """The verb's result (help raises HelpRequested instead).

    Every configuration problem is reported before anything is sent, all at once, so that one
    edit of the configuration file can mend them all.
    """
    if not command.verb.any_configuration:
        problems = ctx.configuration_problems()
        if problems:
            raise invalid_configuration(problems)
    return await command.verb.run(command.args, ctx)
