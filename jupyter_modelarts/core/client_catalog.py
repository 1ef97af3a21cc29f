"""The catalogue operations (flavors, switchable flavors, images, quota) as a client mixin.

Mixed into :class:`~jupyter_modelarts.core.client.ModelArtsClient`; built on
core.client_base, which holds the connection.  All of these are reads, so the
transport may re-send them after any failure.  The ``all_*`` methods read
every page (``limit`` is the page size).
"""

from __future__ import annotations

from jupyter_modelarts.core.client_base import ClientBase
from jupyter_modelarts.core.client_input import NotebookInput, check_ids, notebook_path, validate
from jupyter_modelarts.core.contract import (
    Flavor,
    FlavorListQuery,
    FlavorPage,
    Image,
    ImageListQuery,
    ImagePage,
    Quota,
    SwitchableFlavorsQuery,
    limits,
    to_query,
)


class CatalogOperations(ClientBase):
    """Flavors (all, or those an instance can switch to), images, and the notebook quota."""

    async def list_flavors(self, query: FlavorListQuery | NotebookInput | None = None) -> FlavorPage:
        filters = validate(FlavorListQuery, query)
        return await self._fetch(FlavorPage, "GET", "/notebooks/flavors", query=to_query(filters))

    async def all_flavors(self, query: FlavorListQuery | NotebookInput | None = None) -> list[Flavor]:
        filters = validate(FlavorListQuery, query)

        async def fetch(offset: int, limit: int) -> tuple[list[Flavor], int | None]:
            page = await self.list_flavors(filters.model_copy(update={"offset": offset, "limit": limit}))
            return page.items, page.total

        return [flavor async for flavor in self._paginate(fetch, filters.offset or 0, filters.limit or 100)]

    async def switchable_flavors(
        self, notebook_id: str, query: SwitchableFlavorsQuery | NotebookInput | None = None
    ) -> FlavorPage:
        filters = validate(SwitchableFlavorsQuery, query, ("notebook_id", notebook_id))
        return await self._fetch(
            FlavorPage, "GET", notebook_path(notebook_id, "/flavors"), query=to_query(filters)
        )

    async def list_images(self, query: ImageListQuery | NotebookInput | None = None) -> ImagePage:
        filters = validate(ImageListQuery, query)
        return await self._fetch(ImagePage, "GET", "/images", query=to_query(filters))

    async def all_images(self, query: ImageListQuery | NotebookInput | None = None) -> list[Image]:
        filters = validate(ImageListQuery, query)

        async def fetch(offset: int, limit: int) -> tuple[list[Image], int | None]:
            page = await self.list_images(filters.model_copy(update={"offset": offset, "limit": limit}))
            return page.data, page.total

        first, size = filters.offset or 0, filters.limit or limits.IMAGE_LIMIT_DEFAULT
        return [image async for image in self._paginate(fetch, first, size)]

    async def show_image(self, image_id: str) -> Image:
        check_ids(("image_id", image_id))
        return await self._fetch(Image, "GET", f"/images/{image_id.lower()}")

    async def notebook_quota(self) -> Quota:
        """Whether notebooks are enabled in the project, and how many instances may still be created."""
        return await self._fetch(Quota, "GET", "/authoring/features/NOTEBOOK")
