"""``%modelarts`` and ``%%modelarts``: the verbs of jupyter_modelarts.commands inside a notebook.

``%load_ext jupyter_modelarts`` registers one magic usable both ways:

* ``%modelarts VERB [options]`` (line): ``nbs = %modelarts list`` gives the
  Notebook models, shown as a table when it is the cell's last line;
* ``%%modelarts create [NAME] [--wait] [--open]`` / ``%%modelarts update NB``
  (cell): the cell body is the ModelArts create/update request in YAML or JSON.

Configuration is ``c.ModelArts.*`` from the IPython config of the kernel (``ipython_config.py`` or
``%config ModelArts.endpoint = ...``), then the environment and the SDK profile file, as in
core.settings.  Every failure is one line on stderr: never a traceback, never a kernel exit.
"""

from __future__ import annotations

import contextlib
import sys
from typing import Any, cast

from IPython.core.interactiveshell import InteractiveShell
from IPython.core.magic import Magics, line_cell_magic, magics_class

from jupyter_modelarts.commands import parser, runner
from jupyter_modelarts.commands.context import Context, NotebookUi, Ui, load_settings
from jupyter_modelarts.commands.errors import HelpRequested, UsageError, one_line
from jupyter_modelarts.core.errors import ModelArtsError
from jupyter_modelarts.core.settings import ModelArts

PREFIX = "%modelarts"


@magics_class
class ModelArtsMagics(Magics):
    def __init__(self, shell: InteractiveShell) -> None:
        super().__init__(shell)
        self._settings: ModelArts | None = None

    def settings(self) -> ModelArts:
        """``ModelArts(parent=shell)``, built once."""
        if self._settings is None:
            self._settings = load_settings(self.shell)
            if self.shell is not None:
                # So that %config ModelArts.* reaches it (the list is typed too narrowly upstream).
                cast("list[object]", self.shell.configurables).append(self._settings)
        return self._settings

    @line_cell_magic
    def modelarts(self, line: str, cell: str | None = None) -> Any:
        """Manage ModelArts notebook instances: '%modelarts help' lists the verbs."""
        ctx: Context | None = None
        words: list[str] = []
        try:
            words = parser.split_line(line)
            if cell is None and not words:
                print(parser.short_usage(PREFIX), end="")
                return None
            if cell is None:
                command = parser.parse_words(words, PREFIX)
            else:
                command = parser.parse_cell(words, cell, f"%{PREFIX}")
            settings = self.settings()

            async def verb_run(ui: Ui) -> Any:
                nonlocal ctx
                ctx = Context(settings, ui, prefix=PREFIX)
                return await parser.execute(command, ctx)

            return runner.run(verb_run, NotebookUi())
        except HelpRequested as shown:
            print(shown.text, end="")
        except UsageError as wrong:
            sys.stderr.write(wrong.usage or _usage_of(words))
            print(f"UsageError: {wrong.message}", file=sys.stderr)
        except KeyboardInterrupt:
            print(
                f"Interrupted. Whatever was sent to ModelArts carries on ('{PREFIX} list').", file=sys.stderr
            )
        # One line, never a traceback (nor SystemExit, which argparse no longer raises).
        except Exception as error:
            print(f"ModelArts: {one_line(error, ctx.secrets() if ctx else ())}", file=sys.stderr)
        return None


def _usage_of(words: list[str]) -> str:
    try:
        return parser.verb_parser(words[0], PREFIX).format_usage()
    except (IndexError, ValueError):
        return parser.short_usage(PREFIX)


def load_ipython_extension(ip: InteractiveShell) -> None:
    magics = ModelArtsMagics(ip)
    ip.register_magics(magics)
    with contextlib.suppress(ModelArtsError):  # an invalid setting is reported by the first command
        magics.settings()  # now, so that '%config ModelArts' lists the settings straight away


def unload_ipython_extension(ip: InteractiveShell) -> None:
    for kind in ("line", "cell"):
        ip.magics_manager.magics[kind].pop("modelarts", None)
    ip.configurables[:] = [c for c in ip.configurables if not isinstance(c, ModelArts)]
