"""ModelArtsClient against the real simulator over HTTP: every operation's success path and typed result.

``sim`` and ``client`` come from tests/conftest.py (a fresh simulator per test).
"""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

from jupyter_modelarts.core.client import ModelArtsClient
from jupyter_modelarts.core.contract import (
    Flavor,
    Image,
    Lease,
    LeaseRenewRequest,
    Notebook,
    NotebookCreateRequest,
    NotebookStatus,
    StartQuery,
    parse_request,
)
from jupyter_modelarts.core.contract.catalog import FlavorListQuery, FlavorPage, ImagePage, Quota
from jupyter_modelarts.core.contract.enums import JobStatus, LeaseType
from jupyter_modelarts.core.contract.listing import NotebookListQuery

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
HOUR_MS = 3_600_000


async def running(sim: Any, client: ModelArtsClient, name: str = "nb-test", **overrides: Any) -> Notebook:
    created = await client.create_notebook(sim.notebook_body(name, **overrides))
    assert created.id is not None
    return await sim.wait_for(client, created.id, "RUNNING")


@pytest.mark.asyncio
async def test_create_takes_a_dict_or_a_model_and_answers_a_typed_notebook(
    sim: Any, client: ModelArtsClient
) -> None:
    assert client.endpoint_kind == "unknown"
    from_dict = await client.create_notebook(sim.notebook_body("from-dict", description="made from a dict"))
    model = parse_request(
        NotebookCreateRequest, sim.notebook_body("from-model", lease={"duration": 2 * HOUR_MS})
    )
    from_model = await client.create_notebook(model)

    for notebook in (from_dict, from_model):
        assert isinstance(notebook, Notebook)
        assert notebook.status is NotebookStatus.INIT
        assert notebook.id is not None and UUID.fullmatch(notebook.id)
        assert notebook.flavor == sim.CPU_FLAVOR
        assert notebook.image is not None and notebook.image.id == sim.CPU_IMAGE
        assert notebook.volume is not None and notebook.volume.capacity == 5
        assert notebook.lease is not None and notebook.lease.type is LeaseType.TIMING
    assert from_dict.description == "made from a dict"
    assert from_model.lease is not None and from_model.lease.duration == 2 * HOUR_MS
    assert client.endpoint_kind == "simulator"
    assert sim.instance_count() == 2


@pytest.mark.asyncio
async def test_show_follows_creation_to_running_with_url_token_and_progress(
    sim: Any, client: ModelArtsClient
) -> None:
    notebook = await running(sim, client)
    assert notebook.status is NotebookStatus.RUNNING
    assert notebook.url and notebook.url.endswith(f"/{notebook.id}/lab")
    assert notebook.token and "token" not in repr(notebook)
    assert notebook.action_progress is not None and len(notebook.action_progress) == 4
    assert all(step.status is JobStatus.COMPLETED for step in notebook.action_progress)
    endpoint = notebook.endpoints and notebook.endpoints[0]
    assert endpoint and endpoint.kind == "NOTEBOOK" and endpoint.uri == notebook.url


@pytest.mark.asyncio
async def test_update_changes_the_description_and_answers_the_notebook(
    sim: Any, client: ModelArtsClient
) -> None:
    notebook = await running(sim, client)
    assert notebook.id is not None
    updated = await client.update_notebook(notebook.id, {"description": "renamed by the client test"})
    assert isinstance(updated, Notebook)
    assert updated.description == "renamed by the client test"
    assert (await client.show_notebook(notebook.id)).description == "renamed by the client test"


@pytest.mark.asyncio
async def test_stop_then_start_with_a_lease_query(sim: Any, client: ModelArtsClient) -> None:
    notebook = await running(sim, client)
    assert notebook.id is not None
    stopping = await client.stop_notebook(notebook.id)
    assert stopping.status is NotebookStatus.STOPPING
    await sim.wait_for(client, notebook.id, "STOPPED")

    starting = await client.start_notebook(notebook.id, StartQuery(type=LeaseType.IDLE, duration=HOUR_MS))
    assert starting.status is NotebookStatus.STARTING
    assert starting.token and starting.token != notebook.token  # every start hands out a new token
    back = await sim.wait_for(client, notebook.id, "RUNNING")
    assert back.lease is not None and back.lease.type is LeaseType.IDLE

    await client.stop_notebook(notebook.id)
    await sim.wait_for(client, notebook.id, "STOPPED")
    again = await client.start_notebook(notebook.id, {"duration": -1})  # a dict works too: no auto-stop
    assert again.lease is not None and again.lease.enable is False


@pytest.mark.asyncio
async def test_delete_answers_deleting_and_the_instance_disappears(sim: Any, client: ModelArtsClient) -> None:
    notebook = await running(sim, client)
    assert notebook.id is not None
    deleting = await client.delete_notebook(notebook.id)
    assert deleting.status is NotebookStatus.DELETING and deleting.id == notebook.id
    assert sim.control.wait_for_history(notebook.id, "DELETED")[-1]["status"] == "DELETED"
    assert (await client.list_notebooks()).total == 0


@pytest.mark.asyncio
async def test_lease_is_read_and_renewed_on_the_servers_clock(sim: Any, client: ModelArtsClient) -> None:
    notebook = await running(sim, client)
    assert notebook.id is not None
    lease = await client.show_lease(notebook.id)
    assert isinstance(lease, Lease) and lease.enable is True
    # The simulator's clock jumps 30 min ahead of this machine's: remaining time must follow the server.
    sim.control.advance_clock(HOUR_MS // 2)
    renewed = await client.renew_lease(notebook.id, LeaseRenewRequest(duration=2 * HOUR_MS))
    assert renewed.update_at is not None and lease.update_at is not None
    assert renewed.update_at >= lease.update_at + HOUR_MS // 2
    remaining = renewed.remaining_ms(client.server_now_ms())
    assert remaining is not None
    # Tolerance for the seconds the test itself takes and for Date's one-second resolution.
    assert 2 * HOUR_MS - 60_000 <= remaining <= 2 * HOUR_MS + 2_000
    local_remaining = renewed.remaining_ms(int(time.time() * 1000))
    assert local_remaining is not None and local_remaining > 2 * HOUR_MS + 20 * 60_000
    offset = client.transport.clock_offset_ms
    assert offset is not None and abs(offset - HOUR_MS // 2) < 60_000


@pytest.mark.asyncio
async def test_list_and_list_all_users_answer_typed_pages(sim: Any, client: ModelArtsClient) -> None:
    for name in ("alpha", "beta", "gamma"):
        await client.create_notebook(sim.notebook_body(name))
    page = await client.list_notebooks(NotebookListQuery(limit=2, sort_key="name", sort_dir="ASC"))
    assert [notebook.name for notebook in page.data] == ["alpha", "beta"]
    assert (page.total, page.size, page.pages) == (3, 2, 2)
    everyone = await client.list_notebooks({"name": "amm"}, all_users=True)
    assert [notebook.name for notebook in everyone.data] == ["gamma"]


@pytest.mark.asyncio
async def test_iter_notebooks_walks_every_page_once(make_sim: Any) -> None:
    sim = make_sim(max_running=10)
    names = [f"page-nb-{index}" for index in range(7)]
    async with sim.client() as client:
        for name in names:
            await client.create_notebook(sim.notebook_body(name))
        pages = sim.count_requests(r"/notebooks$", method="GET")
        seen = [notebook.name async for notebook in client.iter_notebooks({"limit": 3, "sort_key": "name"})]
        assert seen == sorted(seen, reverse=True) and sorted(seen) == names  # DESC by default, each once
        assert sim.fired(pages) == 3  # 3 + 3 + 1
        assert sorted(n.name or "" for n in await client.list_all_notebooks({"limit": 2})) == names


@pytest.mark.asyncio
async def test_flavors_switchable_flavors_and_paginated_all_flavors(
    sim: Any, client: ModelArtsClient
) -> None:
    page = await client.list_flavors(FlavorListQuery(category="CPU"))
    assert isinstance(page, FlavorPage) and page.items
    assert all(isinstance(flavor, Flavor) and flavor.category == "CPU" for flavor in page.items)
    cpu = next(flavor for flavor in page.items if flavor.id == sim.CPU_FLAVOR)
    assert cpu.vcpus == 2 and cpu.memory_gib == 8

    everything = await client.list_flavors()
    calls = sim.count_requests(r"/notebooks/flavors$")
    walked = await client.all_flavors({"limit": 2})
    assert [flavor.id for flavor in walked] == [flavor.id for flavor in everything.items]
    assert len(walked) > 2 and sim.fired(calls) == -(-len(walked) // 2)  # stops at the total

    notebook = await client.create_notebook(sim.notebook_body())
    assert notebook.id is not None
    switchable = await client.switchable_flavors(notebook.id)
    assert switchable.items and all(isinstance(flavor, Flavor) for flavor in switchable.items)


@pytest.mark.asyncio
async def test_images_list_show_and_paginated_all_images(sim: Any, client: ModelArtsClient) -> None:
    page = await client.list_images()
    assert isinstance(page, ImagePage) and page.data and page.total == len(page.data)
    shown = await client.show_image(sim.CPU_IMAGE)
    assert isinstance(shown, Image) and shown.name == "notebook2.0-mul-kernel-cpu-cp36"
    assert [image.id for image in await client.all_images({"limit": 4})] == [image.id for image in page.data]
    named = await client.list_images({"name": "pytorch"})
    assert [image.name for image in named.data] == ["pytorch1.8-cuda10.2-cudnn7-ubuntu18.04"]


@pytest.mark.asyncio
async def test_notebook_quota_counts_instances(sim: Any, client: ModelArtsClient) -> None:
    before = await client.notebook_quota()
    await client.create_notebook(sim.notebook_body())
    after = await client.notebook_quota()
    assert isinstance(after, Quota) and after.enabled is True
    assert (before.used, after.used, after.quota, after.remaining) == (0, 1, 10, 9)


@pytest.mark.asyncio
async def test_iam_token_credentials_are_accepted(make_sim: Any) -> None:
    token = "MIIclient-test-token-accepted-by-the-gateway"
    sim = make_sim(iam_tokens=[token])
    async with sim.client(credentials=sim.token_credentials(token)) as client:
        assert (await client.list_notebooks()).total == 0
        assert client.endpoint_kind == "simulator"


@pytest.mark.asyncio
async def test_a_closed_client_refuses_calls_and_is_safe_to_close_twice(sim: Any) -> None:
    client = sim.client()
    async with client:
        await client.notebook_quota()
    assert client.closed
    await client.aclose()
    with pytest.raises(RuntimeError, match="closed"):
        await client.notebook_quota()
    assert "secret" not in repr(client).lower() and sim.PROJECT_ID in repr(client)


@pytest.mark.asyncio
async def test_ids_in_capitals_name_the_same_notebook_and_image(sim: Any, client: ModelArtsClient) -> None:
    created = await client.create_notebook(sim.notebook_body("nb-capitals"))
    shouting = str(created.id).upper()
    assert (await client.show_notebook(shouting)).id == created.id
    assert (await client.show_image(sim.CPU_IMAGE.upper())).id == sim.CPU_IMAGE
