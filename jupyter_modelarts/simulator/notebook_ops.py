"""Create and update, after validation: the checks against the catalogue, quotas and state.

Order follows what a caller of ModelArts sees: malformed input first
(:mod:`validation`), then unknown or unusable resources (pool, workspace,
flavor 6323, image 6797, sold out 6329, feature 6870, compatibility), then
quotas (6302, 6301, 0113).
"""

from __future__ import annotations

import uuid
from typing import Any

from jupyter_modelarts.simulator import errors, states
from jupyter_modelarts.simulator.errors import SimError
from jupyter_modelarts.simulator.states import Instance, Lease, SshAccess
from jupyter_modelarts.simulator.validation import CreateSpec, SshRequest
from jupyter_modelarts.simulator.world import World

# Fields an update simply replaces.
_PLAIN_FIELDS = ("name", "description", "flavor", "image_id", "hooks")


def _check_image_access(world: World, image_id: str, ssh: SshRequest | None) -> None:
    image = world.catalog.image(image_id)
    assert image is not None  # callers check existence first
    services = image["dev_services"]
    if "NOTEBOOK" not in services and ssh is None:
        message = f"Image {image['name']} supports only SSH access but no SSH configuration is given."
        raise SimError("ModelArts.6768", message)
    if ssh is not None and "SSH" not in services:
        raise errors.bad_value("endpoints", f"image {image['name']} does not support SSH access")


def check_placement(pool_id: str | None, workspace_id: str) -> None:
    """The simulator has no dedicated pools and only the default workspace (both APIs)."""
    if pool_id is not None:
        raise errors.resource_not_found("Pool", pool_id)
    if workspace_id != "0":
        raise SimError("ModelArts.0102", f"The workspace {workspace_id} does not exist.")


def create_notebook(world: World, spec: CreateSpec) -> Instance:
    catalog, store = world.catalog, world.store
    check_placement(spec.pool_id, spec.workspace_id)
    flavor = catalog.flavor(spec.flavor)
    if flavor is None:
        raise errors.flavor_not_supported(spec.flavor)
    if catalog.image(spec.image_id) is None:
        raise errors.image_not_found(spec.image_id)
    if flavor["sold_out"]:
        raise errors.flavor_sold_out(spec.flavor)
    if flavor["feature"] != spec.feature:
        raise SimError("ModelArts.6870", f"Flavor {spec.flavor} does not support feature {spec.feature}.")
    problem = catalog.incompatibility(spec.image_id, spec.flavor)
    if problem:
        raise errors.bad_value("image_id", problem)
    category = "EFS" if spec.volume["category"] == "SFS" else spec.volume["category"]
    if category not in flavor["storages"]:
        raise errors.bad_value(
            "volume.category", f"flavor {spec.flavor} supports {', '.join(flavor['storages'])}"
        )
    _check_image_access(world, spec.image_id, spec.ssh)
    if store.count() >= world.quota:
        raise errors.instance_count_at_maximum(world.quota)
    if spec.feature == "DEFAULT" and any(i.feature == "DEFAULT" for i in store.all()):
        rule = "only one free CodeLab (feature DEFAULT) instance is allowed per user"
        raise SimError("ModelArts.6301", f"The instance already exists: {rule}.")
    world.lifecycle.check_capacity("Create")
    now = world.clock.now_ms()
    port = store.allocate_ssh_port()
    instance = Instance(
        id=str(uuid.uuid4()),
        name=spec.name,
        description=spec.description,
        feature=spec.feature,
        flavor=spec.flavor,
        image_id=spec.image_id,
        workspace_id=spec.workspace_id,
        volume=spec.volume,
        lease=Lease.new(now, spec.lease_duration, spec.lease_type),
        create_at=now,
        update_at=now,
        ssh_port=port,
        data_volumes=spec.data_volumes,
        hooks=spec.hooks,
        ssh=SshAccess(spec.ssh.key_pair_names, spec.ssh.allowed_access_ips, port) if spec.ssh else None,
    )
    world.lifecycle.begin_create(instance)
    return instance


def _effective_changes(instance: Instance, changes: dict[str, Any]) -> dict[str, Any]:
    """Drop fields that would not change anything: re-sending a value is never a state conflict."""
    current = {key: getattr(instance, key) for key in _PLAIN_FIELDS}
    effective = {key: value for key, value in changes.items() if key not in current or current[key] != value}
    if "endpoints" in effective:
        wanted: SshRequest | None = effective.pop("endpoints")
        have = instance.ssh
        if wanted is not None and have is not None and wanted.key_pair_names == have.key_pair_names:
            if wanted.allowed_access_ips != have.allowed_access_ips:
                # A whitelist change needs no restart (docs/modelarts-api.md §12.6); key pairs do.
                effective["allowed_access_ips"] = wanted.allowed_access_ips
        elif wanted is not None or have is not None:
            effective["endpoints"] = wanted
    return effective


def update_notebook(world: World, instance: Instance, requested: dict[str, Any]) -> None:
    changes = _effective_changes(instance, requested)
    states.check_update(instance.status, list(changes), stopped_only=["flavor", "image_id", "endpoints"])
    catalog = world.catalog
    flavor_id = changes.get("flavor", instance.flavor)
    image_id = changes.get("image_id", instance.image_id)
    if "flavor" in changes:
        if catalog.flavor(flavor_id) is None:
            raise errors.flavor_not_supported(flavor_id)
        if flavor_id not in {flavor["id"] for flavor in catalog.switchable(instance.flavor)}:
            message = f"The instance with flavor {instance.flavor} cannot switch to flavor {flavor_id}."
            raise SimError("ModelArts.6792", message)
    if "image_id" in changes and catalog.image(image_id) is None:
        raise errors.image_not_found(image_id)
    if "flavor" in changes or "image_id" in changes:
        problem = catalog.incompatibility(image_id, flavor_id)
        if problem:
            raise errors.bad_value("image_id" if "image_id" in changes else "flavor", problem)
    ssh = changes.get("endpoints", instance.ssh)
    if "endpoints" in changes or "image_id" in changes:
        _check_image_access(world, image_id, SshRequest(ssh.key_pair_names, []) if ssh else None)
    size = changes.get("storage_new_size")
    if size is not None:
        if instance.volume["category"] != "EVS":
            raise errors.bad_value("storage_new_size", "only EVS volumes can be expanded")
        if size <= instance.volume["capacity"]:
            raise errors.bad_value(
                "storage_new_size", f"must be larger than the current {instance.volume['capacity']} GB"
            )
    _apply(world, instance, changes)


def _apply(world: World, instance: Instance, changes: dict[str, Any]) -> None:
    now = world.clock.now_ms()
    for key in _PLAIN_FIELDS:
        if key in changes:
            setattr(instance, key, changes[key])
    if "endpoints" in changes:
        wanted: SshRequest | None = changes["endpoints"]
        instance.ssh = (
            SshAccess(wanted.key_pair_names, wanted.allowed_access_ips, instance.ssh_port) if wanted else None
        )
    if "allowed_access_ips" in changes and instance.ssh is not None:
        instance.ssh.allowed_access_ips = changes["allowed_access_ips"]
    if "storage_new_size" in changes:
        instance.volume["capacity"] = changes["storage_new_size"]
        instance.resizing_until = now + int(world.lifecycle.step_seconds * 1000)
    if changes:
        instance.update_at = now
        world.store.record(instance, now, "updated: " + ", ".join(sorted(changes)))
