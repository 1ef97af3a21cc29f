"""Turning input into contract models, and contract models into wire data.

:func:`parse_request` is the single entry point for untrusted input (REST
handlers, magics, CLI): it returns a valid model or raises one ContractError
listing every problem with its location (``body.volume.capacity``), the rule a
person can act on, and a short preview of the offending value.
:func:`to_upstream_json` and :func:`to_query` produce exactly what is sent to
ModelArts: canonical spellings, no unset or null fields.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from jupyter_modelarts.core.contract.base import CONTRACT_ERROR, RequestModel
from jupyter_modelarts.core.errors import ContractError, FieldProblem, preview

M = TypeVar("M", bound=RequestModel)

# Pydantic's wording for the errors it raises itself, rephrased for people.
# ``{...}`` names come from the error's context.
_PLAIN_RULES = {
    "missing": "is required",
    "extra_forbidden": "is not a field of this request",
    "string_type": "must be a string",
    "string_too_short": "must not be empty",
    "string_too_long": "must be at most {max_length} characters",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "list_type": "must be a list",
    "dict_type": "must be an object",
    "model_type": "must be an object",
    "model_attributes_type": "must be an object",
    "enum": "must be one of {expected} (any letter case)",
    "greater_than_equal": "must be {ge} or more",
    "less_than_equal": "must be {le} or less",
    "too_long": "must have at most {max_length} items",
    "too_short": "must have at least {min_length} items",
}


def _rule(error: ErrorDetails) -> str:
    template = _PLAIN_RULES.get(error["type"])
    if error["type"] == CONTRACT_ERROR or template is None:
        return error["msg"]
    try:
        return template.format(**error.get("ctx", {}))
    except (KeyError, IndexError):
        return error["msg"]


# Values under these names are never echoed back: hook scripts may embed
# credentials, and tokens are secrets by definition.
_UNECHOED = frozenset({"script", "token", "credential", "secret_key", "security_token"})


def _shown(line: ErrorDetails) -> str | None:
    if line["type"] == "missing" or line["input"] is None:
        return None
    if any(part in _UNECHOED for part in line["loc"]):
        return "(not shown)"
    return preview(line["input"])


def problems_from(error: ValidationError, location: str) -> list[FieldProblem]:
    """Every line of a pydantic error as a FieldProblem, in pydantic's order, duplicates dropped."""
    problems: list[FieldProblem] = []
    for line in error.errors(include_url=False):
        where = ".".join([location, *(str(part) for part in line["loc"])])
        problem = FieldProblem(where, _rule(line), _shown(line))
        if problem not in problems:
            problems.append(problem)
    return problems


class _Unreadable(ValueError):
    """JSON that Python would read but ModelArts' contract cannot mean (the message is the rule)."""


# Python's json module reads NaN, Infinity and 1e400 (as inf), and lets a repeated key win
# silently; none of these is JSON a client means, and each would turn into a confusing rule later.
def _no_constant(name: str) -> Any:
    raise _Unreadable(f"holds {name}, which is not a JSON number")


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise _Unreadable(f"holds the number {text}, which is too large")
    return number


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Unreadable(f"gives the key {key!r} twice")
        result[key] = value
    return result


def _as_mapping(data: object, location: str) -> Mapping[str, Any]:
    if data is None:
        return {}
    if isinstance(data, bytes | bytearray | str):
        if not data.strip():
            return {}
        try:
            data = json.loads(
                data, parse_constant=_no_constant, parse_float=_finite, object_pairs_hook=_unique_keys
            )
        except _Unreadable as error:
            raise ContractError([FieldProblem(location, str(error))]) from None
        except ValueError as error:
            raise ContractError([FieldProblem(location, f"is not valid JSON ({error})")]) from None
        except RecursionError:
            raise ContractError([FieldProblem(location, "nests arrays or objects too deeply")]) from None
    if not isinstance(data, Mapping):
        raise ContractError([FieldProblem(location, "must be a JSON object", preview(data))])
    return data


def _flatten_query(data: Mapping[str, Any], location: str) -> dict[str, Any]:
    """Query arguments arrive as lists (tornado, parse_qs); each name may appear once."""
    flat: dict[str, Any] = {}
    problems = []
    for name, value in data.items():
        if isinstance(value, list | tuple):
            if len(value) != 1:
                problems.append(FieldProblem(f"{location}.{name}", "must be given once", preview(value)))
                continue
            value = value[0]
        flat[name] = value.decode() if isinstance(value, bytes) else value
    if problems:
        raise ContractError(problems)
    return flat


def parse_request(
    model_cls: type[M],
    data: object,
    location: str | None = None,
    *,
    path_problems: Sequence[FieldProblem] = (),
) -> M:
    """Validate untrusted ``data`` (a mapping or JSON text) into ``model_cls``.

    ``location`` prefixes every problem; it defaults to the model's source
    (``"body"`` for bodies, ``"query"`` for query models). ``path_problems``
    are what the caller found wrong with the ids in the request's path: they
    are reported in the same ContractError as the body's, so a user fixes
    everything in one go. An instance of ``model_cls`` is already valid and is
    taken as it is (only the path problems then count).
    """
    try:
        model = data if isinstance(data, model_cls) else _parse(model_cls, data, location)
    except ContractError as error:
        raise ContractError([*path_problems, *error.problems]) from None
    if path_problems:
        raise ContractError(list(path_problems))
    return model


def _parse(model_cls: type[M], data: object, location: str | None) -> M:
    where = location or model_cls.source
    mapping = _as_mapping(data, where)
    if model_cls.source == "query":
        mapping = _flatten_query(mapping, where)
    try:
        # JSON bodies are typed: a number sent as text ("capacity": "5") is refused like text sent as
        # a number, never converted. Query strings are all text, so their numbers are read from it.
        return model_cls.model_validate(mapping, strict=where != "query")
    except ValidationError as error:
        raise ContractError(problems_from(error, where)) from None


def to_upstream_json(model: BaseModel) -> bytes:
    """The request body exactly as ModelArts gets it: aliases, canonical spellings, no nulls."""
    payload = model.model_dump(mode="json", by_alias=True, exclude_unset=True, exclude_none=True)
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def to_query(model: BaseModel) -> list[tuple[str, str]]:
    """Query pairs for the HTTP client; defaults are sent (the legacy list needs ``de_type``), None is not."""
    payload = model.model_dump(mode="json", by_alias=True, exclude_none=True)
    return [
        (name, json.dumps(value) if isinstance(value, bool) else str(value))
        for name, value in payload.items()
    ]
