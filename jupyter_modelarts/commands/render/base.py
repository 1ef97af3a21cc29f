"""What every verb result shares: tables and cards, three renderings, and the switch to JSON.

A result is the value itself (a list of Notebook models, a Notebook...) with ``text()`` (aligned plain
text for terminals), ``html()`` (tables and cards for notebooks) and ``json_data()`` (what ``--json``
prints; it parses back into the same models).  :func:`mimebundle` is the ``_repr_mimebundle_`` of all of
them, so IPython shows HTML in a notebook and text in a terminal.

Every value is escaped for HTML here, in :class:`Table` and :class:`Card`, because names and
descriptions come from ModelArts and other users.
"""

from __future__ import annotations

import html
import json
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel

CSS_CLASS = "jp-ModelArts-output"
EMPTY = "-"  # shown for missing values, so columns never collapse
M = TypeVar("M", bound=BaseModel)


def cell(value: object) -> str:
    return EMPTY if value is None or value == "" else str(value)


def display_width(text: str) -> int:
    """Columns ``text`` takes on a terminal: East Asian wide and fullwidth characters take two.

    Combining marks take none; everything else one (what terminals do, and what wcwidth says).
    """
    return sum(
        0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in "WF" else 1
        for char in text
    )


def pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` terminal columns (``str.ljust`` counts characters)."""
    return text + " " * max(0, width - display_width(text))


@dataclass
class Table:
    columns: Sequence[str]
    rows: list[list[str]] = field(default_factory=list)
    empty: str = "(none)"  # what an empty table says instead

    def add(self, *values: object) -> None:
        self.rows.append([cell(v) for v in values])

    def text(self) -> str:
        if not self.rows:
            return self.empty
        widths = [
            max(display_width(row[i]) for row in [list(self.columns), *self.rows])
            for i in range(len(self.columns))
        ]
        lines = [self.columns, *self.rows]
        # The last column is not padded: no trailing blanks on any line.
        return "\n".join(
            "  ".join(pad(v, w) for v, w in zip(line[:-1], widths[:-1], strict=True)) + "  " + line[-1]
            if len(line) > 1
            else line[0]
            for line in lines
        )

    def html(self) -> str:
        if not self.rows:
            return f'<div class="{CSS_CLASS}"><em>{html.escape(self.empty)}</em></div>'
        head = "".join(f"<th style='text-align:left'>{html.escape(c)}</th>" for c in self.columns)
        body = "".join(
            "<tr>" + "".join(f"<td style='text-align:left'>{html.escape(v)}</td>" for v in row) + "</tr>"
            for row in self.rows
        )
        return f'<table class="{CSS_CLASS}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


@dataclass
class Card:
    """A titled list of label/value pairs, for one instance, lease or configuration."""

    title: str
    pairs: list[tuple[str, str]] = field(default_factory=list)
    note: str | None = None  # one sentence under the title (what just happened)

    def add(self, label: str, value: object) -> None:
        self.pairs.append((label, cell(value)))

    def text(self) -> str:
        width = max((display_width(label) for label, _ in self.pairs), default=0)
        lines = [self.title] + ([self.note] if self.note else [])
        lines += [f"  {pad(label, width)}  {value}" for label, value in self.pairs]
        return "\n".join(lines)

    def html(self) -> str:
        note = f"<div>{html.escape(self.note)}</div>" if self.note else ""
        rows = "".join(
            f"<tr><th style='text-align:left'>{html.escape(label)}</th>"
            f"<td style='text-align:left'>{html.escape(value)}</td></tr>"
            for label, value in self.pairs
        )
        title = f"<strong>{html.escape(self.title)}</strong>"
        return f'<div class="{CSS_CLASS}">{title}{note}<table>{rows}</table></div>'


class Result(Protocol):
    @property
    def as_json(self) -> bool: ...

    def text(self) -> str: ...

    def html(self) -> str: ...

    def json_data(self) -> Any: ...


def to_json(result: Result) -> str:
    return json.dumps(result.json_data(), indent=2, ensure_ascii=False)


def mimebundle(result: Result) -> dict[str, Any]:
    if result.as_json:
        return {"application/json": result.json_data(), "text/plain": to_json(result)}
    return {"text/plain": result.text(), "text/html": result.html()}


class Drawn(Result, Protocol):
    def view(self) -> Table | Card: ...


class Rendered:
    """``text()``, ``html()`` and IPython's display of a result drawn as one table or card.

    Mixed into lists and pydantic models; the result defines ``view()``, ``json_data()`` and
    ``as_json``.
    """

    def text(self: Drawn) -> str:
        return self.view().text()

    def html(self: Drawn) -> str:
        return self.view().html()

    def _repr_mimebundle_(self: Drawn, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return mimebundle(self)

    def _repr_pretty_(self: Drawn, printer: Any, cycle: bool) -> None:
        # IPython's plain-text formatter has its own printer for ``list``, which would win over the
        # bundle's text/plain for the list results (a terminal would show raw model reprs);
        # ``_repr_pretty_`` comes before ``list`` in their MRO, so the table is printed instead.
        printer.text(mimebundle(self)["text/plain"])


class ModelList(Rendered, list[M]):
    """A list of catalogue models (flavors, images); ``--json`` prints them as ModelArts' fields."""

    def __init__(self, items: list[M], *, as_json: bool = False) -> None:
        super().__init__(items)
        self.as_json = as_json

    def json_data(self) -> Any:
        return [item.model_dump(mode="json", exclude_none=True) for item in self]


class ServerClock:
    """The server's time now, from the offset measured when the result was fetched.

    Kept as an offset rather than a timestamp so that showing a result again later shows the time left
    *then*.
    """

    def __init__(self, server_now_ms: int | None = None) -> None:
        local = time.time() * 1000
        self.offset_ms = 0.0 if server_now_ms is None else server_now_ms - local

    def now_ms(self) -> int:
        return int(time.time() * 1000 + self.offset_ms)
