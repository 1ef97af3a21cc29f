"""Tables and cards that read well in a terminal (aligned columns) and in a notebook (HTML).

Every value is escaped for HTML here, in one place, because names and
descriptions come from ModelArts and other users.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

CSS_CLASS = "jp-ModelArts-output"
EMPTY = "-"  # shown for missing values, so columns never collapse


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
