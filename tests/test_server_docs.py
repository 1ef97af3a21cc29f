"""The server's documentation stays true: every c.ModelArts option and every endpoint is in it."""

from __future__ import annotations

import re
from pathlib import Path

from jupyter_modelarts.core.settings import ModelArts
from jupyter_modelarts.server.openapi import OPERATIONS

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_every_option_is_in_the_server_guide() -> None:
    guide = (DOCS / "server.md").read_text(encoding="utf-8")
    table = [line for line in guide.splitlines() if line.startswith("| `")]

    documented = {name for line in table for name in re.findall(r"`(\w+)`", line.split("|")[1])}

    assert set(ModelArts.class_traits(config=True)) <= documented


def test_every_operation_is_in_the_rest_api_table() -> None:
    table = (DOCS / "rest-api.md").read_text(encoding="utf-8")
    rows = [re.sub(r"\{\w+\}", "{id}", line) for line in table.splitlines() if line.startswith("| `")]

    for operation in OPERATIONS:
        path = re.sub(r"\{\w+\}", "{id}", operation.path.strip("/"))
        verb = operation.method.upper()
        assert any(verb in row.split("|")[1] and f"{path}`" in row for row in rows), (verb, path)
