"""What every verb result shares: three renderings and the switch to JSON.

A result is the value itself (a list of Notebook models, a Notebook...) with
``text()`` (aligned plain text for terminals), ``html()`` (tables and cards
for notebooks) and ``json_data()`` (what ``--json`` prints; it parses back
into the same models).  :func:`mimebundle` is the ``_repr_mimebundle_`` of all
of them, so IPython shows HTML in a notebook and text in a terminal;
:class:`Rendered` gives all three to a result drawn as one table or card.
"""

from __future__ import annotations

import json
import time
from typing import Any, Protocol

from jupyter_modelarts.commands.render.table import Card, Table


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

    Mixed into lists and pydantic models; the result defines ``view()``,
    ``json_data()`` and ``as_json``.
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


class ServerClock:
    """The server's time now, from the offset measured when the result was fetched.

    Kept as an offset rather than a timestamp so that showing a result again
    later shows the time left *then*.
    """

    def __init__(self, server_now_ms: int | None = None) -> None:
        local = time.time() * 1000
        self.offset_ms = 0.0 if server_now_ms is None else server_now_ms - local

    def now_ms(self) -> int:
        return int(time.time() * 1000 + self.offset_ms)
