"""``--wait`` progress that updates in place: a display handle in a notebook, ``\\r`` in a terminal.

A waiting verb calls ``update(notebook)`` each time the status or the
``action_progress`` steps change, then ``close()``.  In a notebook one output
is updated through IPython's display handles (``display_id``); on a terminal
the line is redrawn with a carriage return, and when the stream is not a
terminal (a pipe, a CI log) each new state is printed on its own line.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any, Protocol, TextIO

from jupyter_modelarts.commands.render.formats import STEPLESS, progress_text
from jupyter_modelarts.commands.render.table import CSS_CLASS
from jupyter_modelarts.core.contract import Notebook

_CLEAR_TO_END = "\x1b[K"


class Progress(Protocol):
    def update(self, notebook: Notebook) -> None: ...

    def close(self) -> None: ...


def _bar(notebook: Notebook) -> str:
    steps = notebook.action_progress or []
    done = sum(1 for step in steps if str(step.status) == "COMPLETED")
    if done == len(steps):  # none, or all done: nothing is in progress
        return ""
    return "[" + "#" * done + "." * (len(steps) - done) + "]"


class ProgressView:
    """One state of a transition, renderable as a line or as HTML."""

    def __init__(self, notebook: Notebook) -> None:
        self.name = notebook.name or notebook.id or "notebook"
        self.status = str(notebook.status or "?")
        # The steps describe provisioning: while stopping or deleting they would tell a wrong story.
        self.bar = "" if notebook.status in STEPLESS else _bar(notebook)
        self.detail = progress_text(notebook)
        self.failure = notebook.fail_reason

    def line(self) -> str:
        parts = [f"{self.name}: {self.status}", self.bar, self.detail]
        if self.failure:
            parts.append(f"({self.failure})")
        return " ".join(part for part in parts if part)

    def html(self) -> str:
        detail = f" {html.escape(self.bar)} {html.escape(self.detail)}" if self.detail else ""
        failure = f" <em>{html.escape(self.failure)}</em>" if self.failure else ""
        return (
            f'<div class="{CSS_CLASS}"><strong>{html.escape(self.name)}</strong>: '
            f"<code>{html.escape(self.status)}</code>{detail}{failure}</div>"
        )

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {"text/plain": self.line(), "text/html": self.html()}


class TerminalProgress:
    """Progress on a text stream: redrawn in place on a terminal, one line per change otherwise."""

    def __init__(self, stream: TextIO, *, live: bool | None = None) -> None:
        self.stream = stream
        self.live = stream.isatty() if live is None else live
        self._last: str | None = None

    def update(self, notebook: Notebook) -> None:
        line = ProgressView(notebook).line()
        if line == self._last:
            return
        self._last = line
        self.stream.write(f"\r{line}{_CLEAR_TO_END}" if self.live else f"{line}\n")
        self.stream.flush()

    def close(self) -> None:
        if self.live and self._last is not None:
            self.stream.write("\n")
            self.stream.flush()


class DisplayProgress:
    """Progress as one notebook output, updated in place through an IPython display handle."""

    def __init__(self) -> None:
        self._handle: Any = None
        self._last: str | None = None
        self.updates = 0

    def update(self, notebook: Notebook) -> None:
        from IPython.display import display as untyped_display  # only in a kernel or IPython shell

        display: Callable[..., Any] = untyped_display
        view = ProgressView(notebook)
        line = view.line()
        if line == self._last:
            return
        self._last = line
        if self._handle is None:
            self._handle = display(view, display_id=True)
        else:
            self._handle.update(view)
        self.updates += 1

    def close(self) -> None:
        """Nothing to do: the output keeps showing the last state."""
