"""Results about what can be launched: flavors and images (lists of their models)."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

from jupyter_modelarts.commands.render.base import Rendered
from jupyter_modelarts.commands.render.formats import accelerator, memory
from jupyter_modelarts.commands.render.table import Table
from jupyter_modelarts.core.contract import Flavor, Image

M = TypeVar("M", bound=BaseModel)


def _categories(image: Image) -> str:
    found = {str(c) for c in [*(image.support_res_categories or ()), *(image.resource_categories or ())]}
    return "/".join(sorted(found)) or "any"


class _CatalogList(Rendered, list[M]):
    """A list of catalogue models; ``--json`` prints them as ModelArts' fields."""

    def __init__(self, items: list[M], *, as_json: bool = False) -> None:
        super().__init__(items)
        self.as_json = as_json

    def json_data(self) -> Any:
        return [item.model_dump(mode="json", exclude_none=True) for item in self]


class FlavorList(_CatalogList[Flavor]):
    """Flavors you may launch (the administrator's policy applied); sold-out ones are marked."""

    def view(self) -> Table:
        columns = ["ID", "CATEGORY", "ARCH", "VCPUS", "MEMORY", "ACCELERATOR", "STORAGE", "NOTE"]
        table = Table(columns, empty="No flavor is available to you.")
        for flavor in self:
            notes = (["free"] if flavor.free else []) + (["sold out"] if flavor.sold_out else [])
            table.add(
                flavor.id, flavor.category, flavor.arch, flavor.vcpus, memory(flavor), accelerator(flavor),
                ",".join(flavor.storages or []), ", ".join(notes),
            )  # fmt: skip
        return table


class ImageList(_CatalogList[Image]):
    """Images you may launch (policy applied; with --flavor only those that run on it)."""

    def view(self) -> Table:
        table = Table(
            ["NAME", "TAG", "ARCH", "RUNS ON", "ACCESS", "ID"], empty="No image is available to you."
        )
        for image in self:
            access = ",".join(image.dev_services or [])
            table.add(image.name, image.tag, image.arch, _categories(image), access, image.id)
        return table
