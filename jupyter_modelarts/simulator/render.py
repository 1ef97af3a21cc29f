"""Instances as ModelArts returns them: NotebookResp (REFERENCE §5.1) and page envelopes."""

from __future__ import annotations

import math
from typing import Any

from jupyter_modelarts.core.contract.enums import NotebookStatus
from jupyter_modelarts.simulator import states
from jupyter_modelarts.simulator.store import Instance
from jupyter_modelarts.simulator.world import World


def ssh_uri(world: World, port: int) -> str:
    # REFERENCE §12.7: the SSH gateway host of the region, user ma-user, one port per instance.
    return f"ssh://ma-user@dev-modelarts.{world.region}.huaweicloud.com:{port}"


def endpoints(world: World, instance: Instance) -> list[dict[str, Any]]:
    running = instance.status == NotebookStatus.RUNNING
    result: list[dict[str, Any]] = []
    if running and instance.url:
        result.append({"service": "NOTEBOOK", "dev_service": "NOTEBOOK", "uri": instance.url})
    if instance.ssh is not None:
        ssh: dict[str, Any] = {
            "service": "SSH",
            "dev_service": "SSH",
            "key_pair_names": list(instance.ssh.key_pair_names),
            "ssh_keys": list(instance.ssh.key_pair_names),
            "allowed_access_ips": list(instance.ssh.allowed_access_ips),
        }
        if running:
            ssh["uri"] = ssh_uri(world, instance.ssh.port)
        result.append(ssh)
    return result


def volume(world: World, instance: Instance) -> dict[str, Any]:
    body = dict(instance.volume)
    if instance.resizing_until is not None and world.clock.now_ms() < instance.resizing_until:
        body["status"] = "RESIZING"
    return body


def notebook(world: World, instance: Instance) -> dict[str, Any]:
    running = instance.status == NotebookStatus.RUNNING
    body: dict[str, Any] = {
        "id": instance.id,
        "name": instance.name,
        "description": instance.description,
        "status": instance.status,
        "feature": instance.feature,
        "flavor": instance.flavor,
        "image": world.catalog.image_summary(instance.image_id),
        "volume": volume(world, instance),
        "data_volumes": [dict(volume) for volume in instance.data_volumes],
        "lease": instance.lease.to_json(),
        "action_progress": [
            {
                "notebook_id": instance.id,
                "step": index + 1,
                "status": status,
                "description": states.STEP_DESCRIPTIONS[index],
                "step_description": states.STEP_DESCRIPTIONS[index],
            }
            for index, status in enumerate(instance.progress)
        ],
        "endpoints": endpoints(world, instance),
        "token": instance.token,
        "workspace_id": instance.workspace_id,
        "billing_items": ["COMPUTE"] if running else [],
        "user": {
            "id": world.user_id,
            "name": "sim-user",
            "domain": {"id": world.domain_id, "name": "sim-domain"},
        },
        "user_id": world.user_id,
        "create_at": instance.create_at,
        "update_at": instance.update_at,
        "is_need_credentials": True,
        "tags": [],
    }
    if running and instance.url:
        body["url"] = instance.url
    if instance.fail_reason:
        body["fail_reason"] = instance.fail_reason
    if instance.hooks is not None:
        body["hooks"] = instance.hooks
    return body


def page(items: list[dict[str, Any]], offset: int, limit: int, total: int) -> dict[str, Any]:
    """The paginated envelope of REFERENCE §2 / §12.4: ``current`` is 0-based."""
    return {
        "current": offset // limit,
        "data": items,
        "pages": math.ceil(total / limit),
        "size": len(items),
        "total": total,
    }
