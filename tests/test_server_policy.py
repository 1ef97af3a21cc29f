"""The admin policy, enforced by the server on everything a browser sends (403) before ModelArts sees it."""

from __future__ import annotations

from typing import Any

import pytest
from jupyter_server.auth.authorizer import Authorizer

HOUR = 3_600_000
GPU_FLAVOR = "modelarts.vm.gpu.t4"
CUDA101_IMAGE = "e1a07296-22a8-4f05-8bc8-e936c8e54100"  # tensorflow2.1-cuda10.1-cudnn7-ubuntu18.04
PYTORCH_IMAGE = "278e88d1-5b71-4766-8502-b3ba72e824d9"  # runs on CPU and GPU flavors


@pytest.fixture
def modelarts_config(sim_modelarts_config: dict[str, Any]) -> dict[str, Any]:
    return {
        **sim_modelarts_config,
        "allowed_flavors": ["modelarts.vm.cpu.*"],
        "blocked_flavors": ["modelarts.vm.cpu.8u"],
        "blocked_images": ["*cuda10.1*"],
        "max_lease_hours": 4,
    }


def locations(error: dict[str, Any]) -> list[str]:
    return [problem["location"] for problem in error["problems"]]


async def running(api: Any, sim: Any, name: str) -> str:
    created = await api.ok("POST", "notebooks", sim.notebook_body(name, lease={"duration": 2 * HOUR}))
    await api.wait_for(created["id"], "RUNNING")
    return str(created["id"])


async def test_a_flavor_the_admin_did_not_allow_is_refused_before_modelarts_sees_it(
    api: Any, sim: Any
) -> None:
    creates = sim.count_requests(r"/notebooks$", "POST")

    error = await api.fails(
        403, "POST", "notebooks", sim.notebook_body(flavor=GPU_FLAVOR, image_id=PYTORCH_IMAGE)
    )

    assert error["reason"] == "not_allowed" and locations(error) == ["body.flavor"]
    assert "not allowed by the administrator" in error["problems"][0]["rule"]
    assert sim.fired(creates) == 0 and sim.instance_count() == 0


async def test_a_blocked_image_is_refused(api: Any, sim: Any) -> None:
    error = await api.fails(403, "POST", "notebooks", sim.notebook_body(image_id=CUDA101_IMAGE))

    assert locations(error) == ["body.image_id"]


async def test_a_lease_longer_than_allowed_is_refused_at_create_start_and_renew(api: Any, sim: Any) -> None:
    too_long = await api.fails(403, "POST", "notebooks", sim.notebook_body(lease={"duration": 8 * HOUR}))
    off = await api.fails(403, "POST", "notebooks", sim.notebook_body(lease={"duration": -1}))
    assert locations(too_long) == ["body.lease.duration"] and "at most 4 h" in too_long["problems"][0]["rule"]
    assert "auto-stop cannot be turned off" in off["problems"][0]["rule"]

    notebook_id = await running(api, sim, "nb-lease-policy")
    renew = await api.fails(403, "PATCH", f"notebooks/{notebook_id}/lease", {"duration": 5 * HOUR})
    assert locations(renew) == ["body.duration"]
    await api.ok("POST", f"notebooks/{notebook_id}/stop")
    await api.wait_for(notebook_id, "STOPPED")
    start = await api.fails(403, "POST", f"notebooks/{notebook_id}/start", {"duration": 5 * HOUR})
    assert locations(start) == ["body.duration"]
    assert (await api.get(f"notebooks/{notebook_id}"))["status"] == "STOPPED"


async def test_switching_to_a_flavor_not_allowed_is_refused(api: Any, sim: Any) -> None:
    notebook_id = await running(api, sim, "nb-switch-policy")
    await api.ok("POST", f"notebooks/{notebook_id}/stop")
    await api.wait_for(notebook_id, "STOPPED")

    # ModelArts would allow the switch (same category and architecture): only the policy refuses it.
    error = await api.fails(403, "PUT", f"notebooks/{notebook_id}", {"flavor": "modelarts.vm.cpu.8u"})
    offered = await api.get(f"notebooks/{notebook_id}/flavors")

    assert locations(error) == ["body.flavor"]
    assert "modelarts.vm.cpu.8u" not in [flavor["id"] for flavor in offered["items"]]
    upstream = sim.control.api("GET", f"/notebooks/{notebook_id}/flavors").json()
    assert "modelarts.vm.cpu.8u" in [flavor["id"] for flavor in upstream["data"]]


async def test_a_custom_spec_is_refused_while_flavors_are_restricted(api: Any, sim: Any) -> None:
    body = sim.notebook_body(
        pool_id="pool-1", custom_spec={"cpu": 2, "memory": 4096, "category": "CPU", "arch": "x86_64"}
    )

    error = await api.fails(403, "POST", "notebooks", body)

    assert "body.custom_spec" in locations(error)


async def test_catalogue_facts_and_policy_problems_come_in_one_answer(api: Any, sim: Any) -> None:
    body = sim.notebook_body(
        flavor="modelarts.vm.gpu.t4", image_id=CUDA101_IMAGE, lease={"duration": 9 * HOUR}
    )
    sim.control.set_sold_out("modelarts.vm.gpu.t4", True)

    error = await api.fails(400, "POST", "notebooks", body)

    # A fact ModelArts would refuse anyway (sold out) makes it a 400 that still lists the policy problems.
    assert set(locations(error)) == {"body.flavor", "body.image_id", "body.lease.duration"}
    rules = " ".join(problem["rule"] for problem in error["problems"])
    assert "sold out" in rules and "not allowed by the administrator" in rules


async def test_an_allowed_request_goes_through(api: Any, sim: Any) -> None:
    created = await api.ok("POST", "notebooks", sim.notebook_body("nb-allowed", lease={"duration": 4 * HOUR}))

    assert created["lease"]["duration"] == 4 * HOUR


class DenyAdminView(Authorizer):
    """An authorizer that lets users use ModelArts but keeps the every-user listing to nobody."""

    def is_authorized(self, handler: Any, user: Any, action: str, resource: str) -> bool:
        return resource != "modelarts-admin"


class TestAdminListing:
    @pytest.fixture
    def jp_server_config(self, jp_server_config: dict[str, Any]) -> dict[str, Any]:
        jp_server_config["ServerApp"]["authorizer_class"] = DenyAdminView
        return jp_server_config

    async def test_every_users_listing_needs_the_admin_permission(self, api: Any, sim: Any) -> None:
        error = await api.fails(403, "GET", "notebooks", params={"all": "1"})

        assert locations(error) == ["query.all"] and "modelarts-admin" in error["problems"][0]["rule"]
        assert (await api.get("notebooks"))["total"] == 0


ASKED: list[str] = []


class RecordingAuthorizer(Authorizer):
    """Allows everything and records which resources it was asked about."""

    def is_authorized(self, handler: Any, user: Any, action: str, resource: str) -> bool:
        ASKED.append(resource)
        return True


class TestAdminQuestion:
    @pytest.fixture
    def jp_server_config(self, jp_server_config: dict[str, Any]) -> dict[str, Any]:
        jp_server_config["ServerApp"]["authorizer_class"] = RecordingAuthorizer
        return jp_server_config

    async def test_only_the_every_users_listing_asks_for_the_admin_permission(self, api: Any) -> None:
        ASKED.clear()
        await api.get("notebooks")
        plain = list(ASKED)
        await api.get("notebooks", params={"all": "1"})

        assert "modelarts" in plain and "modelarts-admin" not in plain
        assert ASKED[len(plain) :].count("modelarts-admin") == 1


async def test_a_start_without_duration_cannot_bring_back_an_instance_without_auto_stop(
    api: Any, sim: Any
) -> None:
    # Made outside the proxy (the policy would refuse auto-stop off), then started through it.
    async with sim.client() as direct:
        created = await direct.create_notebook(sim.notebook_body("nb-no-autostop", lease={"duration": -1}))
        await sim.wait_for(direct, str(created.id), "RUNNING")
        await direct.stop_notebook(str(created.id))
        await sim.wait_for(direct, str(created.id), "STOPPED")
    started = await api.ok("POST", f"notebooks/{created.id}/start")
    # The lease can only be read once RUNNING (ModelArts.6327 while STARTING).
    async with sim.client() as direct:
        await sim.wait_for(direct, str(created.id), "RUNNING")
    lease = await api.get(f"notebooks/{created.id}/lease")
    assert started["status"] == "STARTING" and lease["enable"] is True
    assert lease["duration"] - (lease["update_at"] - lease["create_at"]) == HOUR
