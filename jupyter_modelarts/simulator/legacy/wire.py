"""The legacy DevEnviron API (``/demanager/instances``, docs/modelarts-api.md §1 [legacy-create]).

Parsing and rendering.  Legacy instances live in the same store and state machine as
notebooks (their ids start with ``DE-``) but each API sees only its own instances, as
the old and new DevEnviron were separate products.  ``auto_stop`` is in seconds
(3 600-86 400) and applies from the next start; profiles map to built-in images.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jupyter_modelarts.core.contract import limits
from jupyter_modelarts.core.contract.enums import NotebookStatus
from jupyter_modelarts.simulator import errors
from jupyter_modelarts.simulator.errors import Checker
from jupyter_modelarts.simulator.states import Instance
from jupyter_modelarts.simulator.validation import check_description, check_name
from jupyter_modelarts.simulator.world import World

# profile id -> (image id, flavor type as the legacy API spells it, description)
PROFILES: dict[str, tuple[str, str, str]] = {
    "Multi-Engine 1.0 (python3)-cpu": (
        "e1a07296-22a8-4f05-8bc8-e936c8e54090", "CPU", "multi engine, cpu, python 3.6"
    ),
    "Multi-Engine 1.0 (python3)-gpu": (
        "278e88d1-5b71-4766-8502-b3ba72e824d9", "GPU", "multi engine, gpu, python 3.6"
    ),
    "Python3": ("e1a07296-22a8-4f05-8bc8-e936c8e54090", "CPU", "python 3.6 for notebook"),
    "Python3-gpu": ("278e88d1-5b71-4766-8502-b3ba72e824d9", "GPU", "python 3.6 with GPU for notebook"),
    "Ascend-Powered-Engine 1.0 (python3)": (
        "59a6e9f5-93c0-44dd-85b0-82f390c5d53a", "Ascend", "Ascend 910, python 3.7 for notebook"
    ),
}  # fmt: skip
STORAGE_TYPES = ("obs", "obsfs", "evs")
# The legacy API has no INIT; its instances report CREATING until provisioning runs.
_LEGACY_STATUS: dict[str, str] = {NotebookStatus.INIT: NotebookStatus.CREATING}


@dataclass
class LegacyCreate:
    name: str
    description: str
    profile_id: str
    flavor: str
    storage: dict[str, Any]
    auto_stop: dict[str, Any]
    workspace_id: str
    pool_id: str | None


def parse_auto_stop(checker: Checker, raw: dict[str, Any] | None, path: str) -> dict[str, Any]:
    raw = raw or {}
    enable = bool(checker.boolean(raw, "enable", f"{path}.enable"))
    duration = checker.integer(raw, "duration", f"{path}.duration")
    prompt = checker.boolean(raw, "prompt", f"{path}.prompt")
    if enable and duration is None:
        checker.fail(errors.SimError("ModelArts.6348", "The 'duration' is mandatory to enable auto stop."))
    low, high = limits.LEGACY_AUTO_STOP_MIN_S, limits.LEGACY_AUTO_STOP_MAX_S
    if duration is not None and not low <= duration <= high:
        checker.fail(errors.duration_range(low, high))
    return {"enable": enable, "duration": duration or low, "prompt": True if prompt is None else prompt}


def _storage(checker: Checker, spec: dict[str, Any]) -> dict[str, Any]:
    raw = checker.obj(spec, "storage", "spec.storage", required=True) or {}
    kind = checker.string(raw, "type", "spec.storage.type", required=True)
    if kind is not None and kind.lower() not in STORAGE_TYPES:
        checker.fail(errors.bad_value("spec.storage.type", "must be obs, obsfs or evs"))
    location = checker.obj(raw, "location", "spec.storage.location") or {}
    path = checker.string(location, "path", "spec.storage.location.path")
    size = checker.integer(location, "volume_size", "spec.storage.location.volume_size")
    kind = (kind or "").lower()
    # The page makes the location mandatory for obs only (docs/modelarts-api.md §4.12).
    if kind == "obs" and not path:
        checker.fail(errors.required("spec.storage.location.path"))
    if kind == "obs" and path and not path.endswith("/"):
        checker.fail(errors.SimError("ModelArts.6318", "The param path needs to end with /."))
    if size is not None and not limits.EVS_MIN_GB <= size <= limits.EVS_MAX_GB:
        checker.fail(errors.evs_range(limits.EVS_MIN_GB, limits.EVS_MAX_GB))
    if kind == "evs":
        return {
            "type": kind,
            "location": {"path": "/home/ma-user/work", "volume_size": size or limits.EVS_DEFAULT_GB},
        }
    return {"type": kind, "location": {"path": path}}


def parse_create(data: dict[str, Any]) -> LegacyCreate:
    checker = Checker()
    name = checker.string(data, "name", required=True)
    check_name(checker, name, max_length=limits.LEGACY_NAME_MAX)
    description = checker.string(data, "description")
    check_description(checker, description)
    profile_id = checker.string(data, "profile_id", required=True)
    flavor = checker.string(data, "flavor", required=True)
    spec = checker.obj(data, "spec", required=True) or {}
    storage = _storage(checker, spec) if spec else {}
    auto_stop = parse_auto_stop(checker, checker.obj(spec, "auto_stop", "spec.auto_stop"), "spec.auto_stop")
    workspace = checker.obj(data, "workspace") or {}
    pool = checker.obj(data, "pool") or {}
    workspace_id = checker.string(workspace, "id", "workspace.id") or "0"
    pool_id = checker.string(pool, "id", "pool.id")
    checker.raise_if_any()
    assert name is not None and profile_id is not None and flavor is not None
    return LegacyCreate(
        name, description or "", profile_id, flavor, storage, auto_stop, workspace_id, pool_id
    )


def volume_for(storage: dict[str, Any]) -> dict[str, Any]:
    """The notebook-style volume behind a legacy storage description."""
    if storage["type"] == "evs":
        capacity = storage["location"]["volume_size"]
        return {
            "category": "EVS",
            "ownership": "MANAGED",
            "capacity": capacity,
            "mount_path": "/home/ma-user/work/",
        }
    return {
        "category": storage["type"].upper(),
        "ownership": "DEDICATED",
        "uri": storage["location"]["path"],
        "capacity": 0,
        "mount_path": "/home/ma-user/work/",
    }


def _flavor_details(world: World, flavor_id: str) -> dict[str, Any]:
    flavor = world.catalog.flavor(flavor_id) or {}
    params: dict[str, Any] = {
        "CPU": flavor.get("vcpus"),
        "memory": f"{flavor.get('memory', 0) // (1024 * 1024)}GiB",
    }
    if "gpu" in flavor:
        params.update(GPU=flavor["gpu"]["gpu"], gpu_type=flavor["gpu"]["type"])
    if "ascend" in flavor:
        params.update(NPU=flavor["ascend"]["npu"], type=flavor["ascend"]["type"], graphics_memory="32GiB")
    category = {"ASCEND": "Ascend"}.get(flavor.get("category", ""), flavor.get("category", ""))
    return {
        "name": flavor_id,
        "params": params,
        "status": "soldOut" if flavor.get("sold_out") else "onSale",
        "storage_list": [s.lower() for s in flavor.get("storages", [])],
        "type": category,
    }


def render(world: World, instance: Instance) -> dict[str, Any]:
    details = instance.legacy or {}
    profile_id = details.get("profile_id", "")
    image_id, flavor_type, description = PROFILES.get(profile_id, (instance.image_id, "CPU", ""))
    image = world.catalog.image_summary(image_id)
    auto_stop = dict(details.get("auto_stop", {}))
    deadline = instance.lease.deadline()
    if instance.status == NotebookStatus.RUNNING and deadline is not None:
        auto_stop.update(
            stop_timestamp=deadline, remain_time=max(0, (deadline - world.clock.now_ms()) // 1000)
        )
    failed = {"code": "ModelArts.6200", "message": instance.fail_reason} if instance.fail_reason else None
    image_params = {"namespace": "atelier", "image_name": image["name"], "image_tag": image["tag"]}
    profile = {"id": profile_id, "name": profile_id, "description": description, "de_type": "Notebook"}
    provision = {"type": "Docker", "spec": {"engine": "CCE", "params": image_params}}
    return {
        "id": instance.id,
        "name": instance.name,
        "description": instance.description,
        "status": _LEGACY_STATUS.get(instance.status, instance.status),
        "creation_timestamp": str(instance.create_at),
        "latest_update_timestamp": str(instance.update_at),
        "profile": {**profile, "flavor_type": flavor_type, "provision": provision},
        "flavor": instance.flavor,
        "flavor_details": _flavor_details(world, instance.flavor),
        "spec": {
            "annotations": {"target_domain": world.endpoint, "url": instance.url or ""},
            "auto_stop": auto_stop,
            "storage": details.get("storage", {}),
            "failed_reasons": failed,
            "extend_params": None,
        },
        "workspace": {"id": instance.workspace_id},
        "ai_project": {"id": "default-ai-project"},
        "user": {"id": world.user_id, "name": "sim-user"},
    }


def auto_stop_request_ms(details: dict[str, Any] | None) -> int:
    """The lease a legacy start asks for: the instance's auto_stop, in ms, or -1 when disabled."""
    auto_stop = (details or {}).get("auto_stop", {})
    return int(auto_stop["duration"]) * 1000 if auto_stop.get("enable") else limits.LEASE_DISABLED
