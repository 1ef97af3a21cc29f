"""Results about what can be launched: flavors and images (lists of their models)."""

from __future__ import annotations

from typing import Any

from ...core.models import Flavor, Image
from .base import mimebundle
from .formats import accelerator, memory
from .table import Table


def _categories(image: Image) -> str:
    found = {str(c) for c in [*(image.support_res_categories or ()), *(image.resource_categories or ())]}
    return "/".join(sorted(found)) or "any"


class FlavorList(list[Flavor]):
    """Flavors you may launch (the administrator's policy applied); sold-out ones are marked."""

    def __init__(self, flavors: list[Flavor], *, as_json: bool = False) -> None:
        super().__init__(flavors)
        self.as_json = as_json

    def table(self) -> Table:
        columns = ["ID", "CATEGORY", "ARCH", "VCPUS", "MEMORY", "ACCELERATOR", "STORAGE", "NOTE"]
        table = Table(columns, empty="No flavor is available to you.")
        for flavor in self:
            notes = (["free"] if flavor.free else []) + (["sold out"] if flavor.sold_out else [])
            table.add(
                flavor.id, flavor.category, flavor.arch, flavor.vcpus, memory(flavor), accelerator(flavor),
                ",".join(flavor.storages or []), ", ".join(notes),
            )  # fmt: skip
        return table

    def text(self) -> str:
        return self.table().text()

    def html(self) -> str:
        return self.table().html()

    def json_data(self) -> Any:
        return [flavor.model_dump(mode="json", exclude_none=True) for flavor in self]

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return mimebundle(self)


class ImageList(list[Image]):
    """Images you may launch (policy applied; with --flavor only those that run on it)."""

    def __init__(self, images: list[Image], *, as_json: bool = False) -> None:
        super().__init__(images)
        self.as_json = as_json

    def table(self) -> Table:
        table = Table(
            ["NAME", "TAG", "ARCH", "RUNS ON", "ACCESS", "ID"], empty="No image is available to you."
        )
        for image in self:
            access = ",".join(image.dev_services or [])
            table.add(image.name, image.tag, image.arch, _categories(image), access, image.id)
        return table

    def text(self) -> str:
        return self.table().text()

    def html(self) -> str:
        return self.table().html()

    def json_data(self) -> Any:
        return [image.model_dump(mode="json", exclude_none=True) for image in self]

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return mimebundle(self)
