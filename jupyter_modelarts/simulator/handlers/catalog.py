"""Flavors, switchable flavors, images and the NOTEBOOK feature quota."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jupyter_modelarts.core.contract import limits
from jupyter_modelarts.simulator import errors, listing, render
from jupyter_modelarts.simulator.checks import Checker
from jupyter_modelarts.simulator.handlers.base import SimHandler

_FLAVOR_SORTABLE: dict[str, listing.SortKey] = {
    key: listing.field(key, 0 if key in ("vcpus", "memory") else "")
    for key in ("id", "name", "category", "vcpus", "memory", "arch")
}
_IMAGE_SORTABLE: dict[str, listing.SortKey] = {
    key: listing.field(key, 0 if key.endswith("_at") else "")
    for key in ("name", "create_at", "update_at", "tag")
}
# Far above any catalogue size: "no limit" means everything.
_UNLIMITED = 10_000


def flavor_page(flavors: list[dict[str, Any]], query: Mapping[str, str]) -> dict[str, Any]:
    """A flavor page; it repeats the items as ``flavors``.

    Without ``limit`` every flavor is returned with ``current=1`` (REFERENCE §12.4).
    """
    if query.get("sort_key"):
        flavors = listing.sort_items(flavors, query, _FLAVOR_SORTABLE, default_key="id", default_dir="ASC")
    offset, limit = listing.paging(query, default_limit=_UNLIMITED, max_limit=_UNLIMITED)
    items = flavors[offset : offset + limit]
    body = render.page(items, offset, limit, len(flavors))
    if "limit" not in query:
        body.update(current=1, pages=1)
    body["flavors"] = items
    return body


class FlavorsHandler(SimHandler):
    async def get(self, *args: str, **kwargs: str) -> None:
        query = self.query()
        checker = Checker()
        category = checker.enum(query.get("category"), ("CPU", "GPU", "ASCEND"), "category")
        pool_type = checker.enum(query.get("type"), ("MANAGED", "DEDICATED"), "type")
        feature = checker.enum(query.get("feature"), ("NOTEBOOK", "DEFAULT"), "feature")
        flavor_type = checker.enum(
            query.get("flavor_type"), ("ASCEND_SNT9", "ASCEND_SNT9B", "ASCEND_SNT3"), "flavor_type"
        )
        checker.raise_if_any()
        flavors = [
            flavor
            for flavor in self.world.catalog.flavors()
            if (category is None or flavor["category"] == category)
            and (feature is None or flavor["feature"] == feature)
            and (flavor_type is None or flavor.get("flavor_type") == flavor_type)
            and pool_type != "DEDICATED"  # no dedicated pools in the simulator
        ]
        self.send_json(flavor_page(flavors, query))


class SwitchableFlavorsHandler(SimHandler):
    async def get(self, *args: str, **kwargs: str) -> None:
        instance = self.world.store.get(self.path_arg("notebook_id"))
        self.send_json(flavor_page(self.world.catalog.switchable(instance.flavor), self.query()))


class ImagesHandler(SimHandler):
    async def get(self, *args: str, **kwargs: str) -> None:
        query = self.query()
        checker = Checker()
        image_type = checker.enum(query.get("type"), ("BUILD_IN", "DEDICATED"), "type")
        service_type = checker.enum(
            query.get("service_type"), ("COMMON", "INFERENCE", "TRAIN", "DEV", "UNKNOWN"), "service_type"
        )
        fuzzy_flag = (query.get("name_fuzzy_match") or "true").lower()
        if fuzzy_flag not in ("true", "false"):
            checker.fail(errors.bad_value("name_fuzzy_match", "must be true or false"))
        checker.raise_if_any()
        name = query.get("name")
        namespace = query.get("namespace")
        workspace = query.get("workspace_id")

        def keep(image: dict[str, Any]) -> bool:
            if name and not (
                listing.fuzzy(image["name"], name) if fuzzy_flag == "true" else image["name"] == name
            ):
                return False
            return (
                (image_type is None or image["type"] == image_type)
                and (service_type is None or image["service_type"] == service_type)
                and (not namespace or image["namespace"] == namespace)
                and (not workspace or image["workspace_id"] == workspace)
            )

        images = [image for image in self.world.catalog.images() if keep(image)]
        images = listing.sort_items(images, query, _IMAGE_SORTABLE, default_key="create_at")
        offset, limit = listing.paging(
            query, default_limit=limits.IMAGE_LIMIT_DEFAULT, max_limit=limits.IMAGE_LIMIT_MAX
        )
        self.send_json(render.page(images[offset : offset + limit], offset, limit, len(images)))


class ImageHandler(SimHandler):
    async def get(self, *args: str, **kwargs: str) -> None:
        image_id = self.path_arg("image_id")
        image = self.world.catalog.image(image_id)
        if image is None:
            raise errors.resource_not_found("Image", image_id)
        self.send_json(image)


class FeatureHandler(SimHandler):
    """``/authoring/features/NOTEBOOK``: whether notebooks are enabled, and the instance quota."""

    async def get(self, *args: str, **kwargs: str) -> None:
        feature = self.path_arg("feature")
        if feature.upper() != "NOTEBOOK":
            raise errors.resource_not_found("Feature", feature)
        created = self.world.store.all()
        self.send_json(
            {
                "id": "NOTEBOOK",
                "name": "NOTEBOOK",
                "enabled": True,
                "quota": self.world.quota,
                "used": len(created),
                "create_at": self.world.started_at,
                "update_at": max((i.update_at for i in created), default=self.world.started_at),
                "user_id": self.world.user_id,
            }
        )
