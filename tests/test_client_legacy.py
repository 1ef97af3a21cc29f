"""Legacy DevEnviron operations of ModelArtsClient against the real simulator (``/demanager/instances``)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from jupyter_modelarts.core.client import ModelArtsClient
from jupyter_modelarts.core.errors import ContractError, ErrorKind, UpstreamError
from jupyter_modelarts.core.legacy.client import LegacyClient
from jupyter_modelarts.core.legacy.models import (
    LegacyActionResult,
    LegacyInstance,
    LegacyInstancePage,
    LegacyStatus,
    LegacyToken,
)

GIVE_UP_AFTER = 60.0
LEGACY_BODY: dict[str, Any] = {
    "name": "legacy-nb",
    "profile_id": "Python3",
    "flavor": "modelarts.vm.cpu.2u",
    "description": "made through the old API",
    "spec": {"storage": {"type": "evs", "location": {"volume_size": 5}}, "auto_stop": {"enable": False}},
}


async def legacy_status(client: ModelArtsClient, instance_id: str, *wanted: str) -> LegacyInstance:
    give_up = time.monotonic() + GIVE_UP_AFTER
    while True:
        instance = await LegacyClient(client).show(instance_id)
        if instance.status in wanted:
            return instance
        assert time.monotonic() < give_up, f"{instance_id} stayed {instance.status}"
        await asyncio.sleep(0.01)


@pytest.mark.asyncio
async def test_legacy_instance_lifecycle(sim: Any, client: ModelArtsClient) -> None:
    created = await LegacyClient(client).create(LEGACY_BODY)
    assert isinstance(created, LegacyInstance) and created.id and created.id.startswith("DE-")
    assert created.status is LegacyStatus.CREATING
    running = await legacy_status(client, created.id, "RUNNING")
    assert running.description == "made through the old API"

    page = await LegacyClient(client).list({"status": "RUNNING"})
    assert isinstance(page, LegacyInstancePage) and [i.id for i in page.instances] == [created.id]
    assert (await client.list_notebooks()).total == 0  # the new API does not see legacy instances
    sorted_page = await LegacyClient(client).list({"sortby": "name", "order": "DESC", "limit": 0})
    assert [i.id for i in sorted_page.instances] == [created.id] and sorted_page.total_count == 1

    token = await LegacyClient(client).token(created.id)
    assert isinstance(token, LegacyToken) and token.token and token.token not in repr(token)

    updated = await LegacyClient(client).update(created.id, {"description": "changed"})
    assert updated.description == "changed"

    stopped = await LegacyClient(client).action(created.id, {"action": "STOP"})  # any letter case goes in
    assert isinstance(stopped, LegacyActionResult)
    assert (stopped.previous_state, stopped.current_status) == (LegacyStatus.RUNNING, LegacyStatus.STOPPING)
    await legacy_status(client, created.id, "STOPPED")

    await LegacyClient(client).delete(created.id)
    give_up = time.monotonic() + GIVE_UP_AFTER
    while (await LegacyClient(client).list()).total_count:
        assert time.monotonic() < give_up
        await asyncio.sleep(0.01)
    with pytest.raises(UpstreamError) as caught:
        await LegacyClient(client).show(created.id)
    assert caught.value.code == "ModelArts.6309" and caught.value.kind is ErrorKind.NOT_FOUND


@pytest.mark.asyncio
async def test_legacy_errors_and_validation(sim: Any, client: ModelArtsClient) -> None:
    created = await LegacyClient(client).create(LEGACY_BODY)
    assert created.id is not None
    await legacy_status(client, created.id, "RUNNING")
    with pytest.raises(UpstreamError) as running:
        await LegacyClient(client).delete(created.id)
    assert running.value.code == "ModelArts.6304" and running.value.kind is ErrorKind.CONFLICT
    assert "stop" in running.value.message  # the legacy "error_message" spelling is understood

    arrived = sim.count_requests()
    with pytest.raises(ContractError) as bad:
        await LegacyClient(client).action("../x", {"action": "reboot"})
    assert [p.location for p in bad.value.problems] == ["path.instance_id", "body.action"]
    with pytest.raises(ContractError) as storage:
        await LegacyClient(client).create({**LEGACY_BODY, "spec": {"storage": {"type": "obs"}}})
    assert "OBS" in str(storage.value)
    assert sim.fired(arrived) == 0
