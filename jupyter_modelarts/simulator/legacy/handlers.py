"""``.../demanager/instances...``: the deprecated DevEnviron API (docs/modelarts-api.md §4.12)."""

from __future__ import annotations

import uuid

from jupyter_modelarts.core.contract.enums import NotebookStatus
from jupyter_modelarts.simulator import errors, states
from jupyter_modelarts.simulator.errors import Checker, parse_json_object
from jupyter_modelarts.simulator.handlers.base import SimHandler
from jupyter_modelarts.simulator.legacy import wire as legacy
from jupyter_modelarts.simulator.notebook_ops import check_placement
from jupyter_modelarts.simulator.states import TIMING, Instance, Lease
from jupyter_modelarts.simulator.validation import check_description

_SORTABLE = {
    "name": lambda item: item["name"],
    "creation_timestamp": lambda item: int(item["creation_timestamp"]),
}


class _LegacyHandler(SimHandler):
    legacy_errors = True

    def instance(self) -> Instance:
        return self.world.store.get(self.path_arg("instance_id"), legacy=True)


class LegacyInstancesHandler(_LegacyHandler):
    async def post(self, *args: str, **kwargs: str) -> None:
        spec = legacy.parse_create(parse_json_object(self.request.body))
        world = self.world
        check_placement(spec.pool_id, spec.workspace_id)
        if spec.profile_id not in legacy.PROFILES:
            raise errors.resource_not_found("Profile", spec.profile_id)
        image_id = legacy.PROFILES[spec.profile_id][0]
        flavor = world.catalog.flavor(spec.flavor)
        if flavor is None:
            raise errors.flavor_not_supported(spec.flavor)
        if flavor["sold_out"]:
            raise errors.flavor_sold_out(spec.flavor)
        problem = world.catalog.incompatibility(image_id, spec.flavor)
        if problem:
            raise errors.bad_value("profile_id", problem)
        if world.store.count() >= world.quota:
            raise errors.instance_count_at_maximum(world.quota)
        world.lifecycle.check_capacity("Create")
        now = world.clock.now_ms()
        details = {"profile_id": spec.profile_id, "storage": spec.storage, "auto_stop": spec.auto_stop}
        instance = Instance(
            id=f"DE-{uuid.uuid4()}",
            name=spec.name,
            description=spec.description,
            feature="NOTEBOOK",
            flavor=spec.flavor,
            image_id=image_id,
            workspace_id=spec.workspace_id,
            volume=legacy.volume_for(spec.storage),
            lease=Lease.new(now, legacy.auto_stop_request_ms(details), TIMING),
            create_at=now,
            update_at=now,
            ssh_port=world.store.allocate_ssh_port(),
            legacy=details,
        )
        world.lifecycle.begin_create(instance)
        self.send_json(legacy.render(world, instance))

    async def get(self, *args: str, **kwargs: str) -> None:
        query = self.query()
        checker = Checker()
        if query.get("de_type") != "Notebook":
            checker.fail(errors.bad_value("de_type", "must be Notebook (capitalised)"))
        status = checker.choice(query, "status", NotebookStatus)
        order = checker.choice(query, "order", ("ASC", "DESC")) or "ASC"
        sortby = query.get("sortby") or "name"
        if sortby not in _SORTABLE:
            checker.fail(errors.not_sortable(sortby))
        numbers = {key: query.get(key) or "0" for key in ("offset", "limit")}
        parsed = {key: int(value) if value.isdigit() else None for key, value in numbers.items()}
        for key, value in parsed.items():
            if value is None:
                checker.fail(errors.bad_value(key, "must be a non-negative integer"))
        checker.raise_if_any()
        items = [legacy.render(self.world, i) for i in self.world.store.all(legacy=True)]
        items = [item for item in items if status is None or item["status"] == status]
        items.sort(key=_SORTABLE[sortby], reverse=order == "DESC")
        offset, limit = parsed["offset"] or 0, parsed["limit"] or 0
        page = items[offset : offset + limit] if limit else items[offset:]  # limit 0 means all
        self.send_json({"instances": page, "total_count": len(items)})


class LegacyInstanceHandler(_LegacyHandler):
    async def get(self, *args: str, **kwargs: str) -> None:
        self.send_json(legacy.render(self.world, self.instance()))

    async def put(self, *args: str, **kwargs: str) -> None:
        instance = self.instance()
        data = parse_json_object(self.request.body)
        checker = Checker()
        description = checker.string(data, "description")
        check_description(checker, description)
        spec = checker.obj(data, "spec") or {}
        raw = checker.obj(spec, "auto_stop", "spec.auto_stop")
        auto_stop = legacy.parse_auto_stop(checker, raw, "spec.auto_stop") if raw else None
        checker.raise_if_any()
        if (description is not None or auto_stop is not None) and instance.status not in states.STABLE:
            raise errors.not_allowed(instance.status)
        if description is not None:
            instance.description = description
        if auto_stop is not None and instance.legacy is not None:
            instance.legacy["auto_stop"] = auto_stop  # takes effect at the next start, as documented
        instance.update_at = self.world.clock.now_ms()
        self.send_json(legacy.render(self.world, instance))

    async def delete(self, *args: str, **kwargs: str) -> None:
        instance = self.instance()
        if instance.status == NotebookStatus.RUNNING:
            raise errors.SimError("ModelArts.6304", "Please stop the instance before deleting it.")
        self.world.lifecycle.begin_delete(instance)
        self.send_json({"instance_id": instance.id})


class LegacyActionHandler(_LegacyHandler):
    async def post(self, *args: str, **kwargs: str) -> None:
        instance = self.instance()
        data = parse_json_object(self.request.body)
        checker = Checker()
        action = checker.string(data, "action", required=True)
        if action is not None and action not in ("start", "stop"):
            checker.fail(errors.bad_value("action", "must be start or stop"))
        checker.raise_if_any()
        previous = instance.status
        if action == "start":
            self.world.lifecycle.begin_start(instance, legacy.auto_stop_request_ms(instance.legacy), TIMING)
        else:
            self.world.lifecycle.begin_stop(instance)
        self.send_json({"current_status": instance.status, "previous_state": previous})


class LegacyTokenHandler(_LegacyHandler):
    async def get(self, *args: str, **kwargs: str) -> None:
        self.send_json({"token": self.instance().token})
