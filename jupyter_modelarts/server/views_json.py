"""The JSON of :class:`NotebookView` and :class:`NotebookPageView`, written without building them.

Show and list are the calls the front end repeats most (it polls), so they are
the proxy's hot path. Building a view object per notebook cost as much as
serialising it; here the already validated :class:`Notebook` is serialised
once, without its token, and the view's three fields are appended. The text
is the same JSON as the view models give (tests/test_server_units.py compares
them), so the documented schema (``GET openapi.json``) stays true.
"""

from __future__ import annotations

import json
from typing import NewType

from ..core.models import Notebook, NotebookPage
from .schemas import lease_fields

JsonText = NewType("JsonText", str)  # a complete JSON document, sent as it is


def _with(obj_json: str, extra: dict[str, int | None]) -> str:
    # Both sides are JSON objects written by json/pydantic: "{...}" + "{...}" -> "{..., ...}".
    tail = json.dumps(extra, separators=(",", ":"))[1:]
    return obj_json[:-1] + ("," if obj_json != "{}" else "") + tail


def notebook_json(notebook: Notebook, server_now_ms: int) -> JsonText:
    """``NotebookView.of(notebook, server_now_ms).model_dump_json()``, never with the token."""
    return JsonText(_with(notebook.model_dump_json(exclude={"token"}), lease_fields(notebook, server_now_ms)))


def page_json(page: NotebookPage, server_now_ms: int) -> JsonText:
    """The ``NotebookPageView`` of one page of notebooks."""
    head = json.dumps(
        {"current": page.current, "pages": page.pages, "size": page.size, "total": page.total},
        separators=(",", ":"),
    )
    items = ",".join(notebook_json(notebook, server_now_ms) for notebook in page.data)
    return JsonText(f'{head[:-1]},"items":[{items}],"server_time_ms":{server_now_ms}}}')
