"""Turning what a person typed into ModelArts objects: instances by id or name, images by name[:tag].

Wherever an instance is named, an id, an unambiguous id prefix (8+
characters) or an exact name is accepted; ids and id prefixes in any letter
case.  A reference that matches several instances (several names, several
ids, or one instance's name and another's id prefix), or none, is a
:class:`LookupProblem` listing the candidates, never a guess: the next word
may be ``delete``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from jupyter_modelarts.core.client import ModelArtsClient
from jupyter_modelarts.core.contract import Image, ImageType, Notebook, limits
from jupyter_modelarts.core.errors import ErrorKind, FieldProblem, LookupProblem, UpstreamError

ID_PREFIX_MIN = 8
_HEXISH = re.compile(r"[0-9a-fA-F-]+")
_SHOWN = 8  # candidates named in one message


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

    Found by name or id prefix it is the list's item, whose status is as fresh as a read;
    ``full=True`` reads it once more, for every detail ModelArts shows only one at a time.
    """
    found = await _find(client, reference)
    read_by_id = found.id == reference.strip().lower()
    return await client.show_notebook(found.id or "") if full and not read_by_id else found


async def _find(client: ModelArtsClient, reference: str) -> Notebook:
    ref = reference.strip()
    if not ref:
        raise LookupProblem("Name an instance by its id or name.")
    if limits.UUID_PATTERN.fullmatch(ref):
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

    ModelArts may list only built-in images by default; a private image left
    out would be refused as unknown by the catalogue check.
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

    A bare name means the newest ACTIVE image of that name, as in the
    administrator's presets.  An id is passed on as given: the catalogue
    check reports an unknown one together with every other problem.
    """
    ref = reference.strip()
    if limits.UUID_PATTERN.fullmatch(ref):
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
