"""The legacy DevEnviron API under ``legacy/instances``: only with c.ModelArts.legacy_api; policed."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import pytest

LEGACY_BODY: dict[str, Any] = {
    "name": "legacy-nb",
    "profile_id": "Python3",
    "flavor": "modelarts.vm.cpu.2u",
    "spec": {"storage": {"type": "evs", "location": {"volume_size": 5}}, "auto_stop": {"enable": False}},
}


async def legacy_status(api: Any, instance_id: str, *wanted: str) -> dict[str, Any]:
    give_up = time.monotonic() + 60.0  # only stops a broken run
    while True:
        instance: dict[str, Any] = await api.get(f"legacy/instances/{instance_id}")
        if instance["status"] in wanted:
            return instance
        assert time.monotonic() < give_up, f"{instance_id} stayed {instance['status']}"
        await asyncio.sleep(0.01)


class TestLegacyApiOn:
    @pytest.fixture
    def modelarts_config(self, sim_modelarts_config: dict[str, Any]) -> dict[str, Any]:
        return {**sim_modelarts_config, "legacy_api": True}

    async def test_lifecycle_through_the_proxy(self, api: Any, sim: Any) -> None:
        code, created = await api.call("POST", "legacy/instances", LEGACY_BODY)
        assert code == 201 and created["id"].startswith("DE-")
        instance_id = created["id"]
        await legacy_status(api, instance_id, "RUNNING")

        page = await api.get("legacy/instances", params={"status": "RUNNING"})
        assert [i["id"] for i in page["instances"]] == [instance_id] and page["total_count"] == 1
        updated = await api.ok("PUT", f"legacy/instances/{instance_id}", {"description": "changed"})
        assert updated["description"] == "changed"

        token = sim.control.api("GET", f"/demanager/instances/{instance_id}/token").json()["token"]
        opened = await api.ok("POST", f"legacy/instances/{instance_id}/open")
        assert opened["token"] == token and opened["url"].startswith(sim.endpoint)
        for answer in (created, page, updated):
            assert token not in json.dumps(answer)

        stopped = await api.ok("POST", f"legacy/instances/{instance_id}/action", {"action": "STOP"})
        assert stopped["previous_state"] == "RUNNING"
        await legacy_status(api, instance_id, "STOPPED")
        await api.fails(409, "POST", f"legacy/instances/{instance_id}/open")
        assert await api.ok("DELETE", f"legacy/instances/{instance_id}") == {"instance_id": instance_id}

    async def test_invalid_input_lists_every_problem(self, api: Any) -> None:
        body = {**LEGACY_BODY, "name": "x" * 65, "spec": {"storage": {"type": "floppy"}}}

        error = await api.fails(400, "POST", "legacy/instances", body)
        action = await api.fails(400, "POST", "legacy/instances/bad id!/action", {"action": "reboot"})

        assert {p["location"] for p in error["problems"]} == {"body.name", "body.spec.storage.type"}
        assert [p["location"] for p in action["problems"]] == ["path.instance_id", "body.action"]

    async def test_unknown_instance_is_404(self, api: Any) -> None:
        error = await api.fails(404, "GET", "legacy/instances/DE-7d558ef8-c73d-11ea-bd8a-0255ac100034")

        assert error["code"] == "ModelArts.6309"


class TestLegacyApiUnderPolicy:
    @pytest.fixture
    def modelarts_config(self, sim_modelarts_config: dict[str, Any]) -> dict[str, Any]:
        return {
            **sim_modelarts_config,
            "legacy_api": True,
            "allowed_flavors": ["modelarts.vm.cpu.8u"],
            "allowed_images": ["spark*"],
            "max_lease_hours": 2,
        }

    async def test_flavor_images_and_auto_stop_are_policed(self, api: Any, sim: Any) -> None:
        counter = sim.count_requests("/demanager")

        error = await api.fails(403, "POST", "legacy/instances", LEGACY_BODY)
        update = await api.fails(
            403, "PUT", "legacy/instances/DE-x", {"spec": {"auto_stop": {"enable": True, "duration": 10_800}}}
        )

        assert {p["location"] for p in error["problems"]} == {
            "body.flavor", "body.profile_id", "body.spec.auto_stop",
        }  # fmt: skip
        assert [p["location"] for p in update["problems"]] == ["body.spec.auto_stop"]
        assert sim.fired(counter) == 0


class TestLegacyApiOff:
    @pytest.fixture
    def modelarts_config(self, sim_modelarts_config: dict[str, Any]) -> dict[str, Any]:
        return sim_modelarts_config

    async def test_the_routes_do_not_exist_and_the_404_says_why(self, api: Any, sim: Any) -> None:
        counter = sim.count_requests()

        error = await api.fails(404, "GET", "legacy/instances")
        await api.fails(404, "POST", "legacy/instances", LEGACY_BODY)

        assert "c.ModelArts.legacy_api = True" in error["message"]
        assert sim.fired(counter) == 0
