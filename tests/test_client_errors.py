"""Errors through ModelArtsClient: refusals as typed UpstreamErrors, bad input refused before sending.

Every call goes to the real simulator over HTTP (tests/conftest.py).
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest

from jupyter_modelarts.core.client import ModelArtsClient
from jupyter_modelarts.core.contract import Notebook
from jupyter_modelarts.core.errors import ContractError, ErrorKind, UpstreamError

REQUEST_ID = re.compile(r"[0-9a-f]{32}")
HOUR_MS = 3_600_000


async def running(sim: Any, client: ModelArtsClient) -> Notebook:
    created = await client.create_notebook(sim.notebook_body())
    assert created.id is not None
    return await sim.wait_for(client, created.id, "RUNNING")


def assert_upstream(error: UpstreamError, code: str, kind: ErrorKind, http_status: int = 400) -> None:
    assert (error.code, error.kind, error.http_status) == (code, kind, http_status), str(error)
    assert error.request_id is not None and REQUEST_ID.fullmatch(error.request_id)
    assert error.message and error.request_id in str(error)


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "call",
    [
        lambda c, missing: c.show_notebook(missing),
        lambda c, missing: c.update_notebook(missing, {"description": "x"}),
        lambda c, missing: c.delete_notebook(missing),
        lambda c, missing: c.start_notebook(missing),
        lambda c, missing: c.stop_notebook(missing),
        lambda c, missing: c.show_lease(missing),
        lambda c, missing: c.renew_lease(missing, {"duration": HOUR_MS}),
        lambda c, missing: c.switchable_flavors(missing),
    ],
    ids=["show", "update", "delete", "start", "stop", "show_lease", "renew", "switchable_flavors"],
)
async def test_an_unknown_notebook_is_not_found_6309(client: ModelArtsClient, call: Any) -> None:
    with pytest.raises(UpstreamError) as caught:
        await call(client, str(uuid.uuid4()))
    assert_upstream(caught.value, "ModelArts.6309", ErrorKind.NOT_FOUND)


@pytest.mark.asyncio
async def test_unknown_image_and_flavor(sim: Any, client: ModelArtsClient) -> None:
    with pytest.raises(UpstreamError) as image:
        await client.create_notebook(sim.notebook_body(image_id=str(uuid.uuid4())))
    assert_upstream(image.value, "ModelArts.6797", ErrorKind.NOT_FOUND)
    with pytest.raises(UpstreamError) as shown:
        await client.show_image(str(uuid.uuid4()))
    assert_upstream(shown.value, "ModelArts.6404", ErrorKind.NOT_FOUND)
    with pytest.raises(UpstreamError) as flavor:
        await client.create_notebook(sim.notebook_body(flavor="modelarts.vm.cpu.999u"))
    assert_upstream(flavor.value, "ModelArts.6323", ErrorKind.INVALID)
    assert sim.instance_count() == 0


@pytest.mark.asyncio
async def test_a_sold_out_flavor_is_refused(sim: Any, client: ModelArtsClient) -> None:
    sim.control.set_sold_out(sim.CPU_FLAVOR, True)
    with pytest.raises(UpstreamError) as caught:
        await client.create_notebook(sim.notebook_body())
    assert_upstream(caught.value, "ModelArts.6329", ErrorKind.INVALID)
    assert "sold out" in caught.value.message


@pytest.mark.asyncio
async def test_state_conflicts(sim: Any, client: ModelArtsClient) -> None:
    notebook = await running(sim, client)
    assert notebook.id is not None
    with pytest.raises(UpstreamError) as started:
        await client.start_notebook(notebook.id)
    assert_upstream(started.value, "ModelArts.6305", ErrorKind.CONFLICT)
    with pytest.raises(UpstreamError) as flavor:
        await client.update_notebook(notebook.id, {"flavor": "modelarts.vm.cpu.8u"})
    assert_upstream(flavor.value, "ModelArts.6347", ErrorKind.CONFLICT)

    await client.stop_notebook(notebook.id)
    with pytest.raises(UpstreamError) as stopping:
        await client.stop_notebook(notebook.id)
    assert stopping.value.code in ("ModelArts.6308", "ModelArts.6307")  # STOPPING, or already STOPPED
    assert stopping.value.kind is ErrorKind.CONFLICT
    await sim.wait_for(client, notebook.id, "STOPPED")
    with pytest.raises(UpstreamError) as stopped:
        await client.stop_notebook(notebook.id)
    assert_upstream(stopped.value, "ModelArts.6307", ErrorKind.CONFLICT)
    with pytest.raises(UpstreamError) as lease:
        await client.renew_lease(notebook.id, {"duration": HOUR_MS})
    assert_upstream(lease.value, "ModelArts.6327", ErrorKind.CONFLICT)


@pytest.mark.asyncio
async def test_instance_quota_and_running_quota(make_sim: Any) -> None:
    counted = make_sim(quota=1)
    async with counted.client() as client:
        await client.create_notebook(counted.notebook_body("first"))
        with pytest.raises(UpstreamError) as caught:
            await client.create_notebook(counted.notebook_body("second"))
    assert_upstream(caught.value, "ModelArts.6302", ErrorKind.QUOTA)

    capped = make_sim(max_running=1)
    async with capped.client() as client:
        await client.create_notebook(capped.notebook_body("first"))
        with pytest.raises(UpstreamError) as running_cap:
            await client.create_notebook(capped.notebook_body("second"))
    assert_upstream(running_cap.value, "ModelArts.0113", ErrorKind.QUOTA)


@pytest.mark.asyncio
async def test_a_wrong_secret_key_is_an_auth_failure(sim: Any) -> None:
    async with sim.client(
        credentials=sim.aksk_credentials(secret_key="not-the-right-secret-key-000000")
    ) as c:
        with pytest.raises(UpstreamError) as caught:
            await c.list_notebooks()
    assert_upstream(caught.value, "APIG.0301", ErrorKind.AUTH, http_status=401)
    assert c.endpoint_kind == "simulator"  # told by the error answer's headers


@pytest.mark.asyncio
async def test_iam_token_good_and_bad(make_sim: Any) -> None:
    good = "MIIclient-test-token-accepted-by-the-gateway"
    sim = make_sim(iam_tokens=[good])
    async with sim.client(credentials=sim.token_credentials(good)) as client:
        assert (await client.notebook_quota()).used == 0
    async with sim.client(credentials=sim.token_credentials("MIIclient-test-token-the-gateway-refuses")) as c:
        with pytest.raises(UpstreamError) as caught:
            await c.notebook_quota()
    assert_upstream(caught.value, "APIG.0301", ErrorKind.AUTH, http_status=401)


@pytest.mark.asyncio
async def test_credentials_of_another_project_are_refused(sim: Any) -> None:
    other = sim.aksk_credentials(project_id="fedcba9876543210fedcba9876543210")
    async with sim.client(credentials=other) as client:
        with pytest.raises(UpstreamError) as caught:
            await client.list_notebooks()
    assert_upstream(caught.value, "ModelArts.0210", ErrorKind.AUTH, http_status=403)


# -- refused before anything is sent ------------------------------------------------


def problem_locations(error: ContractError) -> list[str]:
    return [problem.location for problem in error.problems]


@pytest.mark.asyncio
async def test_an_invalid_create_lists_every_problem_and_sends_nothing(
    sim: Any, client: ModelArtsClient
) -> None:
    arrived = sim.count_requests()
    body = sim.notebook_body("bad name!", image_id="not-a-uuid", surprise=1)
    body["volume"]["capacity"] = 1
    with pytest.raises(ContractError) as caught:
        await client.create_notebook(body)
    assert set(problem_locations(caught.value)) >= {
        "body.name", "body.image_id", "body.volume.capacity", "body.surprise",
    }  # fmt: skip
    assert "EVS capacity must be 5–4096 GB" in str(caught.value)
    assert sim.fired(arrived) == 0 and sim.instance_count() == 0


@pytest.mark.asyncio
async def test_path_and_body_problems_are_reported_together(sim: Any, client: ModelArtsClient) -> None:
    arrived = sim.count_requests()
    with pytest.raises(ContractError) as caught:
        await client.update_notebook("../../etc", {"storage_new_size": 1})
    assert problem_locations(caught.value) == ["path.notebook_id", "body.storage_new_size"]
    with pytest.raises(ContractError) as empty:
        await client.update_notebook(str(uuid.uuid4()), {})
    assert "give at least one field" in str(empty.value)
    with pytest.raises(ContractError) as shown:
        await client.show_notebook("not-an-id")
    assert problem_locations(shown.value) == ["path.notebook_id"]
    with pytest.raises(ContractError) as image:
        await client.show_image("a/b")
    assert problem_locations(image.value) == ["path.image_id"]
    assert sim.fired(arrived) == 0


@pytest.mark.asyncio
async def test_invalid_queries_and_leases_send_nothing(sim: Any, client: ModelArtsClient) -> None:
    notebook = await client.create_notebook(sim.notebook_body())
    assert notebook.id is not None
    arrived = sim.count_requests()
    invalid_calls = [
        (client.list_notebooks({"limit": 500, "status": "SLEEPING"}), ["query.limit", "query.status"]),
        (client.start_notebook(notebook.id, {"duration": 60_000}), ["query.duration"]),
        (
            client.renew_lease(notebook.id, {"duration": 10, "type": "sometimes"}),
            ["body.type", "body.duration"],
        ),
        (client.list_flavors({"category": "QUANTUM"}), ["query.category"]),
        (client.list_images({"limit": 0}), ["query.limit"]),
        (client.switchable_flavors(notebook.id, {"offset": -1}), ["query.offset"]),
    ]
    for call, locations in invalid_calls:
        with pytest.raises(ContractError) as caught:
            await call
        assert problem_locations(caught.value) == locations
    with pytest.raises(ContractError):
        [item async for item in client.iter_notebooks({"limit": 0})]
    assert sim.fired(arrived) == 0


@pytest.mark.asyncio
async def test_a_malformed_answer_to_a_read_is_retried(sim: Any, client: ModelArtsClient) -> None:
    sim.control.add_fault(action="malformed", path=r"/notebooks$", method="GET", count=2)
    assert (await client.list_notebooks()).total == 0  # the third attempt reads a good answer


@pytest.mark.asyncio
async def test_a_read_that_stays_malformed_is_an_upstream_error_not_a_crash(
    sim: Any, client: ModelArtsClient
) -> None:
    sim.control.add_fault(action="malformed", path=r"/notebooks$", method="GET", count=4)
    with pytest.raises(UpstreamError) as caught:
        await client.list_notebooks()
    assert caught.value.kind is ErrorKind.UPSTREAM and "unusable answer" in caught.value.message
    assert "not JSON" in caught.value.message and "may have carried it out" not in caught.value.message
    assert (await client.list_notebooks()).total == 0  # the next call is fine
