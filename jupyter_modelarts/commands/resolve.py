"""Turning what a person typed into ModelArts objects and requests, every problem reported at once.

Wherever an instance is named, an id, an unambiguous id prefix (8+ characters) or an exact name is
accepted; ids and id prefixes in any letter case.  A reference that matches several instances (several
names, several ids, or one instance's name and another's id prefix), or none, is a
:class:`LookupProblem` listing the candidates, never a guess: the next word may be ``delete``.  Images
are named by id, ``name:tag`` or ``name``.

Create and update requests are built from options or from a cell body and go through the same contract
model as every other front end (``parse_request``); a problem already found while reading an option is
not repeated by the contract check.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

import yaml

from jupyter_modelarts.commands.errors import Relabel, relabelled
from jupyter_modelarts.core.client import ModelArtsClient
from jupyter_modelarts.core.contract import Flavor, Image, ImageType, Notebook, RequestModel, parse_request
from jupyter_modelarts.core.contract.limits import UUID_PATTERN
from jupyter_modelarts.core.durations import DurationError, parse_lease
from jupyter_modelarts.core.errors import (
    ContractError,
    ErrorKind,
    FieldProblem,
    LookupProblem,
    UpstreamError,
    preview,
)

M = TypeVar("M", bound=RequestModel)
ID_PREFIX_MIN = 8
_HEXISH = re.compile(r"[0-9a-fA-F-]+")
_SHOWN = 8  # candidates named in one message
_STORAGE = re.compile(r"\s*([A-Za-z]+)\s*(?::\s*(\d+)\s*(?:gb?)?)?\s*", re.IGNORECASE)
STORAGE_RULE = "must be evs, evs:SIZE_GB, efs or efs:SIZE_GB (managed storage; SIZE_GB a whole number)"
_CATEGORIES = ("EVS", "EFS", "SFS")  # SFS is the older pages' name for EFS (SFS Turbo)


def _label(notebook: Notebook) -> str:
    return f"{notebook.name} ({notebook.id}, {notebook.status})"


def _listing(notebooks: Sequence[Notebook]) -> str:
    shown = ", ".join(_label(n) for n in notebooks[:_SHOWN])
    return shown + (f" and {len(notebooks) - _SHOWN} more" if len(notebooks) > _SHOWN else "")


def _ambiguous(what: str, matches: Sequence[Notebook]) -> LookupProblem:
    return LookupProblem(
        f"{what} matches {len(matches)} instances: {_listing(matches)}; name one by its id.",
        candidates=[n.id or "" for n in matches],
    )


async def find_notebook(client: ModelArtsClient, reference: str, *, full: bool = False) -> Notebook:
    """The instance ``reference`` names (see the module docstring); raises LookupProblem.

    Found by name or id prefix it is the list's item, whose status is as fresh as a read; ``full=True``
    reads it once more, for every detail ModelArts shows only one at a time.
    """
    found = await _find(client, reference)
    read_by_id = found.id == reference.strip().lower()
    return await client.show_notebook(found.id or "") if full and not read_by_id else found


async def _find(client: ModelArtsClient, reference: str) -> Notebook:
    ref = reference.strip()
    if not ref:
        raise LookupProblem("Name an instance by its id or name.")
    if UUID_PATTERN.fullmatch(ref):
        # ModelArts ids are lower case; one copied from elsewhere may not be.
        try:
            return await client.show_notebook(ref.lower())
        except UpstreamError as error:
            if error.kind is ErrorKind.NOT_FOUND:
                raise LookupProblem(f"No notebook instance has the id {ref}.") from None
            raise
    notebooks = await client.list_all_notebooks()
    named = [n for n in notebooks if n.name == ref]
    by_id: list[Notebook] = []
    if len(ref) >= ID_PREFIX_MIN and _HEXISH.fullmatch(ref):
        # A name that looks like an id prefix is both: either reading may be meant.
        named_ids = {n.id for n in named}
        prefix = ref.lower()
        by_id = [n for n in notebooks if n.id and n.id.lower().startswith(prefix) and n.id not in named_ids]
    matches = named + by_id
    if len(matches) == 1:
        return matches[0]
    if matches:
        what = "name" if not by_id else "id prefix" if not named else "name and id prefix"
        raise _ambiguous(f"The {what} {ref!r}", matches)
    folded = ref.casefold()
    similar = [
        n for n in notebooks if n.name and (folded in n.name.casefold() or n.name.casefold() in folded)
    ]
    if similar:
        hint = f"; did you mean {_listing(similar)}?"
    elif notebooks:
        hint = f"; the instances are: {_listing(notebooks)}."
    else:
        hint = "; there are no instances."
    raise LookupProblem(
        f"No notebook instance is named {ref!r}{hint}", candidates=[n.id or "" for n in similar]
    )


async def catalogue_images(client: ModelArtsClient) -> list[Image]:
    """Built-in and the project's own (DEDICATED) images, each once.

    ModelArts may list only built-in images by default; a private image left out would be refused as
    unknown by the catalogue check.
    """
    images = await client.all_images()
    seen = {image.id for image in images}
    extra = await client.all_images({"type": ImageType.DEDICATED.value})
    combined: list[Image] = images + [image for image in extra if image.id not in seen]
    return combined


def _newest_active(candidates: list[Image]) -> Image:
    active = [i for i in candidates if str(i.status or "ACTIVE").upper() == "ACTIVE"] or candidates
    return max(active, key=lambda i: i.create_at or 0)


def find_image(reference: str, images: Sequence[Image], option: str = "--image") -> str | FieldProblem:
    """The image id ``reference`` names (an id, ``name:tag`` or ``name``), or the problem with it.

    A bare name means the newest ACTIVE image of that name, as in the administrator's presets.  An id is
    passed on as given: the catalogue check reports an unknown one together with every other problem.
    """
    ref = reference.strip()
    if UUID_PATTERN.fullmatch(ref):
        return ref
    name, _, tag = ref.partition(":")
    found = [
        i
        for i in images
        if (i.name or "").casefold() == name.casefold() and (not tag or (i.tag or "") == tag)
    ]
    if found:
        return _newest_active(found).id or ref
    same_name = sorted({i.tag or "" for i in images if (i.name or "").casefold() == name.casefold()})
    if same_name:
        return FieldProblem(option, f"image {name} has no tag {tag!r} (tags: {', '.join(same_name)})")
    folded = name.casefold()
    near = sorted({i.name for i in images if i.name and (folded in i.name.casefold())})[:_SHOWN]
    rule = f"no image is named {name!r}" + (
        f"; did you mean {', '.join(near)}?" if near else " (see: images)"
    )
    return FieldProblem(option, rule)


def unknown_flavor(flavor_id: str, flavors: Sequence[Flavor], option: str = "--flavor") -> FieldProblem:
    near = [f.id for f in flavors if f.id and f.id.casefold() == flavor_id.casefold()]
    near = near or [f.id for f in flavors if f.id and flavor_id.casefold() in f.id.casefold()]
    hint = f"; did you mean {', '.join(near)}?" if near else " (see: flavors)"
    return FieldProblem(option, f"flavor {flavor_id} does not exist in this region{hint}")


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

    A contract problem at an option that already has a problem in ``problems`` is dropped: it is the
    same mistake seen twice.
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
