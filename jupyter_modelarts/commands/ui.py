"""The two kinds of person a verb talks to: one at a terminal, one in a notebook.

Both show ``--wait`` progress in place and ask yes/no questions defaulting
to no.  The terminal refuses to ask when standard input is not a terminal
(a script must say ``--yes``); the notebook asks with ``input()``, which a
kernel forwards to the front end, and refuses when the front end cannot answer.
"""

from __future__ import annotations

import sys
from typing import TextIO

from jupyter_modelarts.commands.errors import Declined
from jupyter_modelarts.commands.render.progress import DisplayProgress, Progress, TerminalProgress

YES = frozenset({"y", "yes"})


class TerminalUi:
    """Progress and questions on stderr, so that stdout holds only the result (and ``--json`` stays clean)."""

    def __init__(self, stdin: TextIO | None = None, stderr: TextIO | None = None) -> None:
        self.stdin = stdin or sys.stdin
        self.stderr = stderr or sys.stderr

    def progress(self) -> Progress:
        return TerminalProgress(self.stderr)

    def confirm(self, question: str) -> bool:
        if not self.stdin.isatty():
            raise Declined(f"{question} Not asked: standard input is not a terminal; add --yes to confirm.")
        self.stderr.write(f"{question} [y/N] ")
        self.stderr.flush()
        answer = self.stdin.readline()
        if not answer:  # end of input
            self.stderr.write("\n")
        return answer.strip().lower() in YES


class NotebookUi:
    """Progress as an updating output; questions through ``input()`` (the kernel's input box)."""

    def progress(self) -> Progress:
        return DisplayProgress()

    def confirm(self, question: str) -> bool:
        from IPython.core.error import StdinNotImplementedError

        try:
            answer = input(f"{question} [y/N] ")
        except StdinNotImplementedError:
            raise Declined(
                f"{question} Not asked: this front end cannot answer questions; add --yes."
            ) from None
        except EOFError:
            return False
        return answer.strip().lower() in YES
