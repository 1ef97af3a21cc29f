"""The errors the simulator answers with, worded and coded as ModelArts does, and the checks collecting them.

ModelArts answers almost every failure with HTTP 400 and a code in the body
(docs/modelarts-api.md §10); the API gateway in front of it adds ``APIG.*`` codes.
One exception type carries both; the handlers decide the body shape.  Messages
never contain credentials.  ModelArts answers one code per request: a
:class:`Checker` keeps the first problem's but its message lists every problem, so
a person fixing a request sees all of them at once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, cast

Data = Mapping[str, Any]  # a JSON object or a query


class SimError(Exception):
    """An error response: HTTP status, ModelArts/APIG code, message, extra headers."""

    def __init__(self, code: str, message: str, status: int = 400, headers: dict[str, str] | None = None):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status
        self.headers = dict(headers or {})


def gateway_auth(reason: str) -> SimError:
    return SimError("APIG.0301", f"Incorrect IAM authentication information: {reason}", 401)


def api_not_found() -> SimError:
    return SimError("APIG.0101", "The API does not exist or has not been published in the environment.", 404)


def instance_not_found() -> SimError:
    return SimError("ModelArts.6309", "The instance does not exist.")


def image_not_found(image_id: str) -> SimError:
    return SimError("ModelArts.6797", f"Image {image_id} not found.")


def resource_not_found(kind: str, ident: str) -> SimError:
    return SimError("ModelArts.6404", f"{kind} '{ident}' not found.")


def flavor_not_supported(flavor: str) -> SimError:
    return SimError("ModelArts.6323", f"The flavor {flavor} is not supported.")


def flavor_sold_out(flavor: str) -> SimError:
    return SimError("ModelArts.6329", f"The flavor {flavor} is sold out. Choose another flavor.")


def required(field: str) -> SimError:
    return SimError("ModelArts.6335", f"'{field}' is a required property")


def bad_character(field: str, character: str) -> SimError:
    return SimError("ModelArts.6334", f"The character '{character}' is not allowed in '{field}'.")


def bad_value(field: str, rule: str) -> SimError:
    return SimError("ModelArts.6336", f"The '{field}' value is incorrect: {rule}.")


def wrong_type(field: str, expected: str) -> SimError:
    return SimError("ModelArts.6332", f"The type of parameter '{field}' is wrong: expected {expected}.")


def evs_range(low: int, high: int) -> SimError:
    return SimError("ModelArts.6331", f"The evs volume size ranges from {low} GB to {high} GB.")


def duration_range(low: int, high: int) -> SimError:
    return SimError(
        "ModelArts.6349", f"The 'duration' parameter is incorrect. The value ranges from {low} to {high}."
    )


def not_sortable(field: str) -> SimError:
    return SimError("ModelArts.6303", f"The field '{field}' cannot be used for sorting.")


def malformed_body() -> SimError:
    return SimError("ModelArts.6400", "Invalid request payload: the body is not valid JSON.")


def invalid_argument(detail: str) -> SimError:
    return SimError("ModelArts.0101", f"Invalid argument: {detail}.")


def instance_count_at_maximum(quota: int) -> SimError:
    return SimError("ModelArts.6302", f"The number of notebook instances has reached the maximum ({quota}).")


def not_allowed(status: str) -> SimError:
    return SimError(
        "ModelArts.6357",
        f"The operation is not allowed when the instance is in the '{status}' status; "
        "another operation may be in progress.",
    )


def parse_json_object(body: bytes, *, empty_ok: bool = False) -> dict[str, Any]:
    """The request body as a JSON object: ModelArts.6400 when unreadable, 0101 when not an object."""
    if not body.strip():
        if empty_ok:
            return {}
        raise malformed_body()
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise malformed_body() from None
    if not isinstance(data, dict):
        raise invalid_argument("the request body must be a JSON object")
    return data


class Checker:
    """Typed field access that collects problems instead of stopping at the first."""

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
        self, data: Data, key: str, path: str, kinds: tuple[type, ...], label: str, needed: bool
    ) -> Any:
        value, path = data.get(key), path or key
        if value is None:
            if needed:
                self.fail(required(path))
            return None
        # bool is an int subclass in Python, never in JSON Schema.
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            self.fail(wrong_type(path, label))
            return None
        return value

    def string(self, data: Data, key: str, path: str = "", *, required: bool = False) -> str | None:
        return cast("str | None", self._typed(data, key, path, (str,), "string", required))

    def integer(self, data: Data, key: str, path: str = "", *, required: bool = False) -> int | None:
        return cast("int | None", self._typed(data, key, path, (int,), "integer", required))

    def boolean(self, data: Data, key: str, path: str = "", *, required: bool = False) -> bool | None:
        return cast("bool | None", self._typed(data, key, path, (bool,), "boolean", required))

    def obj(self, data: Data, key: str, path: str = "", *, required: bool = False) -> dict[str, Any] | None:
        return cast("dict[str, Any] | None", self._typed(data, key, path, (dict,), "object", required))

    def array(self, data: Data, key: str, path: str = "") -> list[Any] | None:
        return cast("list[Any] | None", self._typed(data, key, path, (list,), "array", False))

    def strings(self, data: Data, keys: Iterable[str], path: str) -> list[str] | None:
        """The first present key among ``keys`` (alternative spellings) as a list of strings."""
        for key in keys:
            if data.get(key) is None:
                continue
            values = self.array(data, key, f"{path}.{key}")
            if values is None:
                return None
            if not all(isinstance(item, str) for item in values):
                self.fail(wrong_type(f"{path}.{key}", "array of strings"))
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
            self.fail(bad_value(path, f"must be one of {', '.join(options)}"))
            return None
        return upper

    def choice(
        self, data: Data, key: str, allowed: Iterable[str], path: str = "", *, required: bool = False
    ) -> str | None:
        """A string field that must be one of ``allowed`` (:meth:`enum`)."""
        return self.enum(self.string(data, key, path, required=required), allowed, path or key)

    def query_integer(self, raw: str | None, name: str) -> int | None:
        if raw is None:
            return None
        try:
            return int(raw)
        except ValueError:
            self.fail(wrong_type(name, "integer"))
            return None
