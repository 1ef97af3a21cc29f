"""The catalogue operations (flavors, switchable flavors, images, quota) for blocking callers.

Same names, parameters and types as core.client_catalog (a test compares them),
so that magics and the CLI read exactly what the server extension reads.
"""

from __future__ import annotations

from jupyter_modelarts.core.client_input import NotebookInput
from jupyter_modelarts.core.contract import (
    Flavor,
    FlavorListQuery,
    FlavorPage,
    Image,
    ImageListQuery,
    ImagePage,
    Quota,
    SwitchableFlavorsQuery,
)
from jupyter_modelarts.core.sync_base import SyncClientBase


class SyncCatalogOperations(SyncClientBase):
    """Blocking twins of CatalogOperations."""

    def list_flavors(self, query: FlavorListQuery | NotebookInput | None = None) -> FlavorPage:
        return self._run(self.client.list_flavors(query))

    def all_flavors(self, query: FlavorListQuery | NotebookInput | None = None) -> list[Flavor]:
        return self._run(self.client.all_flavors(query))

    def switchable_flavors(
        self, notebook_id: str, query: SwitchableFlavorsQuery | NotebookInput | None = None
    ) -> FlavorPage:
        return self._run(self.client.switchable_flavors(notebook_id, query))

    def list_images(self, query: ImageListQuery | NotebookInput | None = None) -> ImagePage:
        return self._run(self.client.list_images(query))

    def all_images(self, query: ImageListQuery | NotebookInput | None = None) -> list[Image]:
        return self._run(self.client.all_images(query))

    def show_image(self, image_id: str) -> Image:
        return self._run(self.client.show_image(image_id))

    def notebook_quota(self) -> Quota:
        return self._run(self.client.notebook_quota())
