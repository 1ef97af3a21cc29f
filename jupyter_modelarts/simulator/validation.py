"""Request validation as ModelArts does it, with ModelArts' error codes.

Independent of our proxy's pydantic contract on purpose: the simulator must be
a faithful upstream, accepting every documented spelling (docs/modelarts-api.md §8) and
answering what ModelArts answers (6334 characters, 6335 required, 6336 values,
6331 EVS size, 6349 lease duration, 6332 types).  Only the numbers and
patterns (:mod:`jupyter_modelarts.core.contract.limits`) and the enum values
(:mod:`~jupyter_modelarts.core.contract.enums`) are shared.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any

from jupyter_modelarts.core.contract import enums, limits
from jupyter_modelarts.simulator import errors
from jupyter_modelarts.simulator.errors import Checker
from jupyter_modelarts.simulator.states import TIMING, allowed_range, disables_auto_stop


@dataclass
class SshRequest:
    key_pair_names: list[str]
    allowed_access_ips: list[str]


@dataclass
class CreateSpec:
    name: str
    description: str
    flavor: str
    image_id: str
    feature: str
    workspace_id: str
    volume: dict[str, Any]
    lease_duration: int
    lease_type: str
    ssh: SshRequest | None
    pool_id: str | None
    data_volumes: list[dict[str, Any]]
    hooks: dict[str, Any] | None


def check_name(
    checker: Checker, value: str | None, path: str = "name", max_length: int = limits.NAME_MAX
) -> None:
    if value is None:
        return
    if not 1 <= len(value) <= max_length:
        checker.fail(errors.bad_value(path, f"must be 1-{max_length} characters long"))
    elif not limits.NAME_PATTERN.match(value):
        bad = next(ch for ch in value if not limits.NAME_PATTERN.match(ch))
        checker.fail(errors.bad_character(path, bad))


def check_description(checker: Checker, value: str | None, path: str = "description") -> None:
    if value is None:
        return
    if len(value) > limits.DESCRIPTION_MAX:
        checker.fail(errors.bad_value(path, f"must be at most {limits.DESCRIPTION_MAX} characters long"))
    bad = next((ch for ch in value if ch in limits.DESCRIPTION_FORBIDDEN), None)
    if bad is not None:
        checker.fail(errors.bad_character(path, bad))


def check_duration(checker: Checker, duration: int | None, lease_type: str) -> None:
    if duration is None or disables_auto_stop(duration):
        return
    low, high = allowed_range(lease_type)
    if not low <= duration <= high:
        checker.fail(errors.duration_range(low, high))


def _volume(checker: Checker, data: dict[str, Any]) -> dict[str, Any]:
    raw = checker.obj(data, "volume", required=True)
    if raw is None:
        return {}
    category = checker.choice(raw, "category", enums.VolumeCategory, "volume.category", required=True)
    ownership = checker.choice(raw, "ownership", enums.Ownership, "volume.ownership", required=True)
    capacity = checker.integer(raw, "capacity", "volume.capacity")
    uri = checker.string(raw, "uri", "volume.uri")
    efs_id = checker.string(raw, "id", "volume.id")
    secret = checker.string(raw, "dew_secret_name", "volume.dew_secret_name")
    read_only = checker.boolean(raw, "read_only", "volume.read_only")
    if category == "EVS":
        if capacity is not None and not limits.EVS_MIN_GB <= capacity <= limits.EVS_MAX_GB:
            checker.fail(errors.evs_range(limits.EVS_MIN_GB, limits.EVS_MAX_GB))
        if ownership == "DEDICATED":
            checker.fail(errors.bad_value("volume.ownership", "DEDICATED is not supported for EVS"))
    elif capacity is not None and not 1 <= capacity <= limits.VOLUME_MAX_GB:
        checker.fail(errors.bad_value("volume.capacity", f"must be 1-{limits.VOLUME_MAX_GB} GB"))
    if ownership == "DEDICATED" and category in ("EFS", "SFS", "OBS", "OBSFS") and not uri:
        checker.fail(errors.required("volume.uri"))
    if ownership == "DEDICATED" and category in ("EFS", "SFS") and not efs_id:
        checker.fail(errors.required("volume.id"))
    if category == "OBS" and not secret:
        checker.fail(errors.required("volume.dew_secret_name"))
    if uri is not None and len(uri) > limits.URI_MAX:
        checker.fail(errors.bad_value("volume.uri", f"must be at most {limits.URI_MAX} characters long"))
    if secret is not None and not limits.DEW_SECRET_PATTERN.match(secret):
        checker.fail(errors.bad_value("volume.dew_secret_name", "1-64 letters, digits, '-' or '_'"))
    default_capacity = limits.EVS_DEFAULT_GB if category == "EVS" else limits.EFS_DEFAULT_GB
    volume: dict[str, Any] = {
        "category": category or "",
        "ownership": ownership or "",
        "capacity": capacity if capacity is not None else default_capacity,
        "mount_path": limits.PRIMARY_MOUNT_PATH,
        "read_only": bool(read_only),
    }
    optional = {"uri": uri, "id": efs_id, "dew_secret_name": secret}
    volume.update({key: value for key, value in optional.items() if value})
    return volume


def parse_endpoints(checker: Checker, data: dict[str, Any]) -> tuple[SshRequest | None, bool]:
    """The SSH access requested through ``endpoints`` (either spelling); (ssh, endpoints given)."""
    raw = checker.array(data, "endpoints")
    if raw is None:
        return None, False
    ssh: SshRequest | None = None
    for index, entry in enumerate(raw):
        path = f"endpoints[{index}]"
        if not isinstance(entry, dict):
            checker.fail(errors.wrong_type(path, "object"))
            continue
        service_key = "service" if entry.get("service") is not None else "dev_service"
        raw_service = checker.string(entry, service_key, f"{path}.service", required=True)
        service = checker.enum(raw_service, enums.EndpointService, f"{path}.{service_key}")
        keys = checker.strings(entry, ("key_pair_names", "ssh_keys"), path) or []
        ips = checker.strings(entry, ("allowed_access_ips",), path) or []
        if len(ips) > limits.ALLOWED_ACCESS_IPS_MAX:
            rule = f"at most {limits.ALLOWED_ACCESS_IPS_MAX} addresses"
            checker.fail(errors.bad_value(f"{path}.allowed_access_ips", rule))
        for ip in ips:
            try:
                ipaddress.IPv4Address(ip)
            except ValueError:
                checker.fail(errors.bad_value(f"{path}.allowed_access_ips", f"{ip!r} is not an IPv4 address"))
        if service == "SSH":
            if not keys:
                checker.fail(errors.required(f"{path}.key_pair_names"))
            ssh = SshRequest(key_pair_names=keys, allowed_access_ips=ips)
    return ssh, True


def _data_volumes(checker: Checker, data: dict[str, Any]) -> list[dict[str, Any]]:
    raw = checker.array(data, "data_volumes") or []
    if len(raw) > limits.DATA_VOLUMES_MAX:
        checker.fail(errors.bad_value("data_volumes", f"at most {limits.DATA_VOLUMES_MAX} volumes"))
    volumes = []
    for index, entry in enumerate(raw):
        path = f"data_volumes[{index}]"
        if not isinstance(entry, dict):
            checker.fail(errors.wrong_type(path, "object"))
            continue
        volume = {
            "category": checker.choice(
                entry, "category", ("OBS", "OBSFS", "EFS"), f"{path}.category", required=True
            ),
            "mount_path": checker.string(entry, "mount_path", f"{path}.mount_path", required=True),
            "uri": checker.string(entry, "uri", f"{path}.uri"),
            "read_only": bool(checker.boolean(entry, "read_only", f"{path}.read_only")),
        }
        volumes.append({**volume, "status": "MOUNTED", "mount_type": "STATIC"})
    return volumes


def parse_create(data: dict[str, Any]) -> CreateSpec:
    checker = Checker()
    name = checker.string(data, "name", required=True)
    check_name(checker, name)
    description = checker.string(data, "description")
    check_description(checker, description)
    custom_spec = checker.obj(data, "custom_spec")
    pool_id = checker.string(data, "pool_id")
    flavor = checker.string(data, "flavor", required=custom_spec is None)
    if custom_spec is not None and pool_id is None:
        checker.fail(errors.bad_value("custom_spec", "only supported in a dedicated resource pool (pool_id)"))
    image_id = checker.string(data, "image_id", required=True)
    if image_id is not None and not limits.UUID_PATTERN.match(image_id):
        checker.fail(errors.bad_value("image_id", "must be a UUID"))
    feature = checker.choice(data, "feature", enums.Feature) or "NOTEBOOK"
    workspace_id = checker.string(data, "workspace_id") or "0"
    if not limits.WORKSPACE_ID_PATTERN.match(workspace_id):
        checker.fail(errors.bad_value("workspace_id", "'0' or 32 lowercase letters and digits"))
    volume = _volume(checker, data)
    lease = checker.obj(data, "lease") or {}
    lease_type = checker.choice(lease, "type", enums.LeaseType, "lease.type") or TIMING
    duration = checker.integer(lease, "duration", "lease.duration")
    top_duration = checker.integer(data, "duration")
    if top_duration is not None:  # the top-level duration wins and means a scheduled stop
        duration, lease_type = top_duration, TIMING
    check_duration(checker, duration, lease_type)
    ssh, _ = parse_endpoints(checker, data)
    data_volumes = _data_volumes(checker, data)
    hooks = checker.obj(data, "hooks")
    checker.raise_if_any()
    assert name is not None and image_id is not None  # required fields were checked above
    return CreateSpec(
        name=name,
        description=description or "",
        flavor=flavor or "custom.flavor.spec.code",
        image_id=image_id,
        feature=feature,
        workspace_id=workspace_id,
        volume=volume,
        lease_duration=duration if duration is not None else limits.LEASE_DEFAULT_MS,
        lease_type=lease_type,
        ssh=ssh,
        pool_id=pool_id,
        data_volumes=data_volumes,
        hooks=hooks,
    )


def parse_update(data: dict[str, Any]) -> dict[str, Any]:
    """The fields a PUT changes: field name -> new (validated) value."""
    checker = Checker()
    name = checker.string(data, "name")
    check_name(checker, name)
    description = checker.string(data, "description")
    check_description(checker, description)
    flavor = checker.string(data, "flavor")
    image_id = checker.string(data, "image_id")
    size = checker.integer(data, "storage_new_size")
    if size is not None and size > limits.EVS_MAX_GB:
        checker.fail(errors.evs_range(limits.EVS_MIN_GB, limits.EVS_MAX_GB))
    ssh, wants_endpoints = parse_endpoints(checker, data)
    hooks = checker.obj(data, "hooks")
    checker.raise_if_any()
    given = {
        "name": name,
        "description": description,
        "flavor": flavor,
        "image_id": image_id,
        "storage_new_size": size,
        "hooks": hooks,
    }
    changes: dict[str, Any] = {key: value for key, value in given.items() if value is not None}
    if wants_endpoints:
        changes["endpoints"] = ssh
    return changes


def parse_lease(body: dict[str, Any], query_duration: str | None) -> tuple[int, str]:
    """(requested ms, type) of a renew: query duration beats the body and forces TIMING."""
    checker = Checker()
    lease_type = checker.choice(body, "type", enums.LeaseType) or TIMING
    duration = checker.integer(body, "duration")
    if query_duration is not None:
        duration, lease_type = checker.query_integer(query_duration, "duration"), TIMING
    check_duration(checker, duration, lease_type)
    checker.raise_if_any()
    return (duration if duration is not None else limits.LEASE_DEFAULT_MS), lease_type


def parse_start_query(duration: str | None, lease_type: str | None) -> tuple[int, str | None]:
    """(requested ms, type or None to keep the lease's) of a start.

    A start that asks for no duration gets the default hour (docs/modelarts-api.md §6.2: query duration >
    body duration > 3 600 000), not the lease it had: an instance whose auto-stop was turned
    off does not silently come back without one.
    """
    checker = Checker()
    kind = checker.enum(lease_type, enums.LeaseType, "type")
    requested = checker.query_integer(duration, "duration")
    check_duration(checker, requested, kind or TIMING)
    checker.raise_if_any()
    return (requested if requested is not None else limits.LEASE_DEFAULT_MS), kind
