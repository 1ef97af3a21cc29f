"""The JSON of :class:`NotebookView` and :class:`NotebookPageView`, written without building them.

Show and list are the calls the front end repeats most (it polls), so they are
the proxy's hot path. Building a view object per notebook cost as much as
serialising it; here the already validated :class:`Notebook` is serialised
once, straight to bytes, without its token, and the view's three fields are
appended; the handler sends those bytes as they are (no str round trip). The
document is the same JSON as the view models give (tests/test_server_units.py
compares them), so the documented schema (``GET openapi.json``) stays true.
"""

from __future__ import annotations

from typing import NewType

from jupyter_modelarts.core.contract import Notebook, NotebookPage
from jupyter_modelarts.server.schemas import lease_fields

JsonDocument = NewType("JsonDocument", bytes)  # a complete UTF-8 JSON document, sent as it is

_NO_TOKEN = {"token"}
_to_json = Notebook.__pydantic_serializer__.to_json  # model_dump_json() without its decode to str


def _number(value: int | None) -> bytes:
    return b"null" if value is None else str(value).encode()


def notebook_json(notebook: Notebook, server_now_ms: int) -> JsonDocument:
    """``NotebookView.of(notebook, server_now_ms).model_dump_json()``, never with the token."""
    body: bytes = _to_json(notebook, exclude=_NO_TOKEN)
    lease = lease_fields(notebook, server_now_ms)
    # The view's three integers (or nulls) after the notebook's own fields: "{...}" -> "{..., ...}".
    tail = b'"lease_deadline_ms":%b,"lease_remaining_ms":%b,"server_time_ms":%b}' % (
        _number(lease["lease_deadline_ms"]),
        _number(lease["lease_remaining_ms"]),
        _number(lease["server_time_ms"]),
    )
    return JsonDocument(body[:-1] + (b"," if body != b"{}" else b"") + tail)


def page_json(page: NotebookPage, server_now_ms: int) -> JsonDocument:
    """The ``NotebookPageView`` of one page of notebooks."""
    head = b'{"current":%b,"pages":%b,"size":%b,"total":%b,"items":[' % (
        _number(page.current),
        _number(page.pages),
        _number(page.size),
        _number(page.total),
    )
    items = b",".join([notebook_json(notebook, server_now_ms) for notebook in page.data])
    return JsonDocument(head + items + b'],"server_time_ms":%b}' % _number(server_now_ms))
