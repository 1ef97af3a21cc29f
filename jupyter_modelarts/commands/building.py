"""Building create/update requests from options or from a cell body, reporting every problem at once.

Options are translated into the ModelArts request, which then goes through
the same contract model as every other front end (``parse_request``).  The
contract's locations (``body.volume.capacity``) are shown as the option a
person typed (``--storage``); a problem already found while reading an
option is not repeated by the contract check.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, TypeVar

import yaml

from jupyter_modelarts.commands.errors import Relabel, relabelled
from jupyter_modelarts.core.contract import Flavor, RequestModel, parse_request
from jupyter_modelarts.core.durations import DurationError, parse_lease
from jupyter_modelarts.core.errors import ContractError, FieldProblem, preview

M = TypeVar("M", bound=RequestModel)

_STORAGE = re.compile(r"\s*([A-Za-z]+)\s*(?::\s*(\d+)\s*(?:gb?)?)?\s*", re.IGNORECASE)
STORAGE_RULE = "must be evs, evs:SIZE_GB, efs or efs:SIZE_GB (managed storage; SIZE_GB a whole number)"
_CATEGORIES = ("EVS", "EFS", "SFS")  # SFS is the older pages' name for EFS (SFS Turbo)


def default_storage(flavor: Flavor | None) -> str:
    """EVS, unless the flavor lists its storages and EVS is not among them (Ascend flavors: EFS)."""
    offered = [str(s).upper() for s in (flavor.storages or [])] if flavor else []
    if not offered or "EVS" in offered:
        return "EVS"
    return "EFS" if "EFS" in offered else offered[0]


def storage_volume(text: str | None, flavor: Flavor | None) -> dict[str, Any] | FieldProblem:
    """``--storage`` as a create request's ``volume`` (always MANAGED: the service owns it)."""
    if text is None:
        return {"category": default_storage(flavor), "ownership": "MANAGED"}
    match = _STORAGE.fullmatch(text)
    if match is None or match.group(1).upper() not in _CATEGORIES:
        return FieldProblem("--storage", STORAGE_RULE, preview(text))
    volume: dict[str, Any] = {"category": match.group(1).upper(), "ownership": "MANAGED"}
    if match.group(2):
        volume["capacity"] = int(match.group(2))
    return volume


def lease_values(text: str, option: str) -> dict[str, Any] | FieldProblem:
    """``--lease``/``--extend`` text (2h, idle:30m, off) as the contract's ``duration`` and ``type``."""
    try:
        duration, lease_type = parse_lease(text)
    except DurationError as error:
        return FieldProblem(option, str(error))
    return {"duration": duration, "type": lease_type.value}


def validated(model: type[M], data: Mapping[str, Any], relabel: Relabel, problems: list[FieldProblem]) -> M:
    """``data`` as ``model``; raises one ContractError with ``problems`` and the contract's own.

    A contract problem at an option that already has a problem in
    ``problems`` is dropped: it is the same mistake seen twice.
    """
    try:
        request = parse_request(model, data)
    except ContractError as error:
        seen = {problem.location.split(" ")[0] for problem in problems}
        fresh = relabelled(error, relabel).problems
        raise ContractError(
            [*problems, *(p for p in fresh if p.location.split(" ")[0] not in seen)]
        ) from None
    if problems:
        raise ContractError(problems)
    return request


def load_body(text: str) -> dict[str, Any]:
    """A cell body (YAML, or JSON, which YAML reads too) as a mapping of request fields."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or "cannot be read"
        rule = f"is not valid YAML or JSON{where}: {problem}"
        raise ContractError([FieldProblem("cell body", rule)]) from None
    if data is None:
        raise ContractError(
            [FieldProblem("cell body", "is empty: write the request's fields in YAML or JSON")]
        )
    if not isinstance(data, dict):
        rule = "must be a mapping of request fields (name: ..., flavor: ...)"
        raise ContractError([FieldProblem("cell body", rule, preview(data))])
    bad = [key for key in data if not isinstance(key, str)]
    if bad:
        raise ContractError([FieldProblem("cell body", "field names must be text", preview(bad))])
    return data
