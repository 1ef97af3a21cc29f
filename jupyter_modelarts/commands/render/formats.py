"""Short human texts for the values of ModelArts models, and ``--wait`` progress that updates in place.

Times are shown against the *server's* clock (``now_ms`` comes from the client's Date-header offset), so
a skewed laptop clock never misstates how long an instance has left.

A waiting verb calls ``update(notebook)`` each time the status or the ``action_progress`` steps change,
then ``close()``.  In a notebook one output is updated through IPython's display handles
(``display_id``); on a terminal the line is redrawn with a carriage return, and when the stream is not a
terminal (a pipe, a CI log) each new state is printed on its own line.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Protocol, TextIO

from jupyter_modelarts.commands.render.base import CSS_CLASS
from jupyter_modelarts.core.contract import Flavor, Lease, Notebook, NotebookStatus
from jupyter_modelarts.core.contract.responses import VolumeRes
from jupyter_modelarts.core.durations import format_remaining


def memory(flavor: Flavor) -> str | None:
    gib = flavor.memory_gib
    if gib is None:
        return str(flavor.memory) if flavor.memory is not None else None
    return f"{gib:g} GB"


def accelerator(flavor: Flavor) -> str | None:
    if flavor.gpu and flavor.gpu.gpu:
        return f"{flavor.gpu.gpu}x {flavor.gpu.type or 'GPU'} {flavor.gpu.gpu_memory or ''}".strip()
    if flavor.ascend and flavor.ascend.npu:
        return f"{flavor.ascend.npu}x {flavor.ascend.type or 'NPU'} {flavor.ascend.npu_memory or ''}".strip()
    return None


def timestamp(ms: int | None) -> str | None:
    if ms is None:
        return None
    return datetime.fromtimestamp(ms / 1000, tz=UTC).strftime("%Y-%m-%d %H:%M UTC")


def age(ms: int | None, now_ms: int) -> str | None:
    if ms is None:
        return None
    seconds = max(0, now_ms - ms) // 1000
    for unit, size in (("d", 86_400), ("h", 3_600), ("min", 60)):
        if seconds >= size:
            return f"{seconds // size} {unit} ago"
    return "just now"


def storage(volume: VolumeRes | None) -> str | None:
    if volume is None:
        return None
    parts = [str(volume.category or "?")]
    if volume.capacity is not None:
        parts.append(f"{volume.capacity} GB")
    if volume.status and volume.status.upper() not in ("MOUNTED", "AVAILABLE", "IN-USE"):
        parts.append(f"({volume.status})")
    return " ".join(parts)


def lease_text(lease: Lease | None, status: object, now_ms: int) -> str | None:
    """Time left before auto-stop while RUNNING, ``off`` when disabled, None when it does not apply."""
    if lease is None:
        return None
    if lease.enable is False:
        return "off"
    if status != NotebookStatus.RUNNING:
        return None
    left = lease.remaining_ms(now_ms)
    if left is None:
        return "off"
    idle = " (idle)" if str(lease.type or "").upper() == "IDLE" else ""
    return format_remaining(left) + idle


# Statuses whose action_progress steps (if any) are left over from provisioning.
STEPLESS = frozenset({NotebookStatus.STOPPING, NotebookStatus.DELETING, NotebookStatus.DELETED})


def progress_text(notebook: Notebook) -> str:
    """``2/4 Prepare the compute resource.`` while steps run; the failed step if one failed.

    Empty once every step is done: the steps of a finished creation say nothing about a later stop.
    Empty while stopping or deleting too: the steps describe provisioning, and an instance deleted while
    being created keeps its unfinished create steps.
    """
    if notebook.status in STEPLESS:
        return ""
    steps = sorted(notebook.action_progress or (), key=lambda s: s.step or 0)
    done = sum(1 for s in steps if str(s.status) == "COMPLETED")
    if done == len(steps):
        return ""
    failed = next((s for s in steps if str(s.status) == "FAILED"), None)
    if failed is not None:
        return f"step {failed.step}/{len(steps)} failed: {failed.text}".strip()
    current = next((s for s in steps if str(s.status) == "PROCESSING"), None)
    current = current or next((s for s in steps if str(s.status) == "WAITING"), None)
    if current is None:
        return f"{done}/{len(steps)} steps done"  # a status ModelArts did not document
    return f"{done}/{len(steps)} {current.text}".strip()


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

    def close(self) -> None:
        """Nothing to do: the output keeps showing the last state."""
