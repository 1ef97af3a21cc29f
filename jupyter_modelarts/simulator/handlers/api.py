"""The ModelArts API under ``/v1/{project_id}``: notebooks, flavors, images and the NOTEBOOK feature quota.

Notebooks: create, list, show, update, delete, start, stop, lease.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jupyter_modelarts.core.contract import limits
from jupyter_modelarts.simulator import errors, render
from jupyter_modelarts.simulator.errors import Checker, parse_json_object
from jupyter_modelarts.simulator.handlers.base import SimHandler
from jupyter_modelarts.simulator.notebook_ops import create_notebook, update_notebook
from jupyter_modelarts.simulator.states import Instance, check_lease
from jupyter_modelarts.simulator.validation import parse_create, parse_lease, parse_start_query, parse_update

_FLAVOR_SORTABLE: dict[str, render.SortKey] = {
    key: render.field(key, 0 if key in ("vcpus", "memory") else "")
    for key in ("id", "name", "category", "vcpus", "memory", "arch")
}
_IMAGE_SORTABLE: dict[str, render.SortKey] = {
    key: render.field(key, 0 if key.endswith("_at") else "")
    for key in ("name", "create_at", "update_at", "tag")
}
# Far above any catalogue size: "no limit" means everything.
_UNLIMITED = 10_000


def flavor_page(flavors: list[dict[str, Any]], query: Mapping[str, str]) -> dict[str, Any]:
    """A flavor page; it repeats the items as ``flavors``.

    Without ``limit`` every flavor is returned with ``current=1`` (docs/modelarts-api.md §12.4).
    """
    if query.get("sort_key"):
        flavors = render.sort_items(flavors, query, _FLAVOR_SORTABLE, default_key="id", default_dir="ASC")
    offset, limit = render.paging(query, default_limit=_UNLIMITED, max_limit=_UNLIMITED)
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
        category = checker.choice(query, "category", ("CPU", "GPU", "ASCEND"))
        pool_type = checker.choice(query, "type", ("MANAGED", "DEDICATED"))
        feature = checker.choice(query, "feature", ("NOTEBOOK", "DEFAULT"))
        flavor_type = checker.choice(query, "flavor_type", ("ASCEND_SNT9", "ASCEND_SNT9B", "ASCEND_SNT3"))
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
        image_type = checker.choice(query, "type", ("BUILD_IN", "DEDICATED"))
        service_type = checker.choice(
            query, "service_type", ("COMMON", "INFERENCE", "TRAIN", "DEV", "UNKNOWN")
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
                render.fuzzy(image["name"], name) if fuzzy_flag == "true" else image["name"] == name
            ):
                return False
            return (
                (image_type is None or image["type"] == image_type)
                and (service_type is None or image["service_type"] == service_type)
                and (not namespace or image["namespace"] == namespace)
                and (not workspace or image["workspace_id"] == workspace)
            )

        images = [image for image in self.world.catalog.images() if keep(image)]
        images = render.sort_items(images, query, _IMAGE_SORTABLE, default_key="create_at")
        offset, limit = render.paging(
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
        world = self.world
        created = world.store.all()
        latest = max((i.update_at for i in created), default=world.started_at)
        body = {
            "id": "NOTEBOOK",
            "name": "NOTEBOOK",
            "enabled": True,
            "quota": world.quota,
            "used": len(created),
        }
        body.update(create_at=world.started_at, update_at=latest, user_id=world.user_id)
        self.send_json(body)


class _NotebookHandler(SimHandler):
    def instance(self) -> Instance:
        return self.world.store.get(self.path_arg("notebook_id"))

    def send_notebook(self, instance: Instance) -> None:
        self.send_json(render.notebook(self.world, instance))

    def send_list(self) -> None:
        items = [render.notebook(self.world, instance) for instance in self.world.store.all(legacy=False)]
        ordered, offset, limit = render.select_notebooks(items, self.query())
        self.send_json(render.page(ordered[offset : offset + limit], offset, limit, len(ordered)))


class NotebooksHandler(_NotebookHandler):
    """``/notebooks``: POST creates (asynchronously: the answer says INIT), GET lists."""

    async def post(self, *args: str, **kwargs: str) -> None:
        spec = parse_create(parse_json_object(self.request.body))
        self.send_notebook(create_notebook(self.world, spec))

    async def get(self, *args: str, **kwargs: str) -> None:
        self.send_list()


class AllNotebooksHandler(_NotebookHandler):
    """``/notebooks/all``: every user's instances; the simulator has one user, so the same list."""

    async def get(self, *args: str, **kwargs: str) -> None:
        self.send_list()


class NotebookHandler(_NotebookHandler):
    async def get(self, *args: str, **kwargs: str) -> None:
        self.send_notebook(self.instance())

    async def put(self, *args: str, **kwargs: str) -> None:
        instance = self.instance()
        update_notebook(self.world, instance, parse_update(parse_json_object(self.request.body)))
        self.send_notebook(instance)

    async def delete(self, *args: str, **kwargs: str) -> None:
        instance = self.instance()
        self.world.lifecycle.begin_delete(instance)
        self.send_notebook(instance)


class StartHandler(_NotebookHandler):
    async def post(self, *args: str, **kwargs: str) -> None:
        instance = self.instance()  # unknown id (6309) before bad query values, as ModelArts
        query = self.query()
        requested, lease_type = parse_start_query(query.get("duration"), query.get("type"))
        self.world.lifecycle.begin_start(instance, requested, lease_type)
        self.send_notebook(instance)


class StopHandler(_NotebookHandler):
    async def post(self, *args: str, **kwargs: str) -> None:
        instance = self.instance()
        self.world.lifecycle.begin_stop(instance)
        self.send_notebook(instance)


class LeaseHandler(_NotebookHandler):
    async def get(self, *args: str, **kwargs: str) -> None:
        instance = self.instance()
        check_lease(instance.status)
        self.send_json(instance.lease.to_json())

    async def patch(self, *args: str, **kwargs: str) -> None:
        instance = self.instance()
        body = parse_json_object(self.request.body, empty_ok=True)  # golangsdk sends only ?duration=
        requested, lease_type = parse_lease(body, self.query().get("duration"))
        self.world.lifecycle.renew(instance, requested, lease_type)
        self.send_json(instance.lease.to_json())
