"""What the client checks before anything is sent: the request and the ids in its path.

Shared by every group of operations of the client (core.client,
core.client_catalog), so that a caller gets one ContractError listing every
problem, path ids included, whichever operation it called.  Path ids are
checked here because they become part of the signed URL.  A UUID is the same
id in either case (RFC 9562) but ModelArts only knows the lowercase spelling,
so the operations build their paths with :func:`notebook_path`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from jupyter_modelarts.core.contract import RequestModel, limits, parse_request
from jupyter_modelarts.core.errors import ContractError, FieldProblem, preview

M = TypeVar("M", bound=RequestModel)
# A plain dict given instead of a contract model; it is validated like the model would be.
NotebookInput = Mapping[str, Any]

_ID_RULES = {
    "notebook_id": (limits.UUID_PATTERN, "must be a notebook id (a UUID)"),
    "image_id": (limits.UUID_PATTERN, "must be an image id (a UUID)"),
}


def id_problems(name: str, value: object) -> list[FieldProblem]:
    pattern, rule = _ID_RULES[name]
    if isinstance(value, str) and pattern.fullmatch(value):
        return []
    return [
        FieldProblem(f"path.{name}", rule if isinstance(value, str) else "must be a string", preview(value))
    ]


def validate(model_cls: type[M], data: M | object, *path_ids: tuple[str, object]) -> M:
    """``data`` as ``model_cls``; one ContractError listing path and body problems together."""
    problems = [problem for name, value in path_ids for problem in id_problems(name, value)]
    return parse_request(model_cls, data, path_problems=problems)


def check_ids(*path_ids: tuple[str, object]) -> None:
    problems = [problem for name, value in path_ids for problem in id_problems(name, value)]
    if problems:
        raise ContractError(problems)


def notebook_path(notebook_id: str, suffix: str = "") -> str:
    """``/notebooks/{id}{suffix}`` for an id already checked, in the only case ModelArts knows."""
    return f"/notebooks/{notebook_id.lower()}{suffix}"
