"""What the browser may send to the extension's own endpoints (docs/rest-api.md).

The ModelArts request bodies (create, update, renew) are the core's contract
models; these are the extension's own query strings and small bodies. They use
the core's request bases, so unknown parameters are refused and every problem
is listed (``query.limit: limit must be 1–50``) exactly like a ModelArts field.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from jupyter_modelarts.core.contract import FlavorCategory, NotebookStatus
from jupyter_modelarts.core.contract.base import CaseInsensitive, QueryModel, RequestModel
from jupyter_modelarts.core.contract.fields import Name, NonEmpty, Offset
from jupyter_modelarts.core.contract.listing import Limit, NameFilter

_Search = Annotated[str, StringConstraints(min_length=1, max_length=128)]


class FlavorsParams(QueryModel):
    """``GET flavors``."""

    category: CaseInsensitive[FlavorCategory] | None = Field(default=None, description="CPU, GPU or ASCEND")
    refresh: bool = Field(default=False, description="1 to bypass the catalogue cache")


class ImagesParams(QueryModel):
    """``GET images``."""

    flavor: NonEmpty | None = Field(
        default=None,
        description="a flavor id that GET flavors offers (another is a 400): only images that run on it "
        "(category and architecture)",
    )
    name: _Search | None = Field(default=None, description="part of the image name or tag, any letter case")
    refresh: bool = Field(default=False, description="1 to bypass the catalogue cache")


class NotebooksParams(QueryModel):
    """``GET notebooks``: a page of the user's notebooks (``all=1``: every user's)."""

    status: CaseInsensitive[NotebookStatus] | None = None
    name: NameFilter | None = Field(default=None, description="part of the name")
    offset: Offset | None = None
    limit: Limit | None = Field(default=None, description="page size, 1–50 (ModelArts default 10)")
    all: bool = Field(default=False, description="1 for every user's notebooks (the admin view)")

    def upstream(self) -> dict[str, object]:
        """The ModelArts list query these parameters stand for."""
        return self.model_dump(mode="json", exclude={"all"}, exclude_none=True)


class PresetLaunchBody(RequestModel):
    """Optional body of ``POST presets/{slug}/launch``."""

    name: Name | None = Field(
        default=None, description="instance name; default: the preset's next free <name_prefix>N"
    )
