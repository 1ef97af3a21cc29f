"""Typed field access that collects ModelArts-style problems instead of stopping at the first.

ModelArts answers one error code per request.  The simulator keeps that (the
code is the first problem's) but its message lists every problem found, so a
person fixing a request sees all of them at once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from jupyter_modelarts.simulator import errors
from jupyter_modelarts.simulator.errors import SimError


def parse_json_object(body: bytes, *, empty_ok: bool = False) -> dict[str, Any]:
    """The request body as a JSON object: ModelArts.6400 when unreadable, 0101 when not an object."""
    if not body.strip():
        if empty_ok:
            return {}
        raise errors.malformed_body()
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise errors.malformed_body() from None
    if not isinstance(data, dict):
        raise errors.invalid_argument("the request body must be a JSON object")
    return data


class Checker:
    def __init__(self) -> None:
        self.problems: list[SimError] = []

    def fail(self, problem: SimError) -> None:
        self.problems.append(problem)

    def raise_if_any(self) -> None:
        if not self.problems:
            return
        first = self.problems[0]
        message = "; ".join(problem.message for problem in self.problems)
        raise SimError(first.code, message, first.status)

    def _typed(
        self, data: dict[str, Any], key: str, path: str, kinds: tuple[type, ...], label: str, required: bool
    ) -> Any:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(errors.required(path))
            return None
        # bool is an int subclass in Python, never in JSON Schema.
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            self.fail(errors.wrong_type(path, label))
            return None
        return value

    def string(self, data: dict[str, Any], key: str, path: str = "", *, required: bool = False) -> str | None:
        value: str | None = self._typed(data, key, path or key, (str,), "string", required)
        return value

    def integer(
        self, data: dict[str, Any], key: str, path: str = "", *, required: bool = False
    ) -> int | None:
        value: int | None = self._typed(data, key, path or key, (int,), "integer", required)
        return value

    def boolean(
        self, data: dict[str, Any], key: str, path: str = "", *, required: bool = False
    ) -> bool | None:
        value: bool | None = self._typed(data, key, path or key, (bool,), "boolean", required)
        return value

    def obj(
        self, data: dict[str, Any], key: str, path: str = "", *, required: bool = False
    ) -> dict[str, Any] | None:
        value: dict[str, Any] | None = self._typed(data, key, path or key, (dict,), "object", required)
        return value

    def array(self, data: dict[str, Any], key: str, path: str = "") -> list[Any] | None:
        value: list[Any] | None = self._typed(data, key, path or key, (list,), "array", False)
        return value

    def strings(self, data: dict[str, Any], keys: Iterable[str], path: str) -> list[str] | None:
        """The first present key among ``keys`` (alternative spellings) as a list of strings."""
        for key in keys:
            if data.get(key) is None:
                continue
            values = self.array(data, key, f"{path}.{key}")
            if values is None:
                return None
            if not all(isinstance(item, str) for item in values):
                self.fail(errors.wrong_type(f"{path}.{key}", "array of strings"))
                return None
            return list(values)
        return None

    def enum(self, value: str | None, allowed: Iterable[str], path: str) -> str | None:
        """Case-insensitive enum (the docs send lower case, responses echo upper case)."""
        if value is None:
            return None
        upper = value.upper()
        options = [option.upper() for option in allowed]
        if upper not in options:
            self.fail(errors.bad_value(path, f"must be one of {', '.join(options)}"))
            return None
        return upper
