"""Unit tests of core.client.ModelArtsClient over httpx.MockTransport: what it adds to the transport.

Answers become response models (documented examples, and any JSON at all:
the same model as ``model_validate(json.loads(...))`` or an UpstreamError,
never a crash); ``call`` puts every operation under ``/v1/{project_id}``
and binds the client to one event loop; state changes go through
``_checked`` (re-sent only when a fresh read proves the first attempt did
nothing) and listings through ``_paginate``.  The scripted "ModelArts" here
routes by method and path; tests/test_client*.py drive the same client
against the simulator over real HTTP.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, SecretStr, ValidationError

from jupyter_modelarts.core.auth import signer
from jupyter_modelarts.core.auth.credentials import ResolvedCredentials
from jupyter_modelarts.core.auth.secrets import AkSkCredentials
from jupyter_modelarts.core.client import ModelArtsClient
from jupyter_modelarts.core.contract import Lease, Notebook, NotebookPage, NotebookStatus
from jupyter_modelarts.core.contract.catalog import FlavorPage
from jupyter_modelarts.core.errors import ErrorKind, UpstreamError
from jupyter_modelarts.core.http import RetryPolicy, Transport

PROJECT = "0123456789abcdef0123456789abcdef"
OTHER_PROJECT = "fedcba9876543210fedcba9876543210"
AK, SK = "AKUNITTEST0001", "sk-unit-test-secret-0001"
ENDPOINT = "https://modelarts.example.com"
NOTEBOOK_ID = "4e4d1ae3-2f3c-4a3c-9a40-000000000001"
BASE = f"/v1/{PROJECT}"
# Retries without waiting: the client's transport sleeps for real, so the backoff is zero.
NO_WAIT = RetryPolicy(max_attempts=3, base_delay=0.0, max_delay=0.0)
# Answers shaped like the documented examples (docs/modelarts-api.md §5, §4.9).
NOTEBOOK = {
    "id": "936bea3e-d3df-435e-8b58-d817283284ae",
    "name": "notebooks_test",
    "description": "api-test",
    "feature": "NOTEBOOK",
    "flavor": "modelarts.vm.cpu.2u",
    "status": "RUNNING",
    "create_at": 1687656452472,
    "action_progress": [{"step": 1, "status": "WAITING", "description": "Prepare the storage."}],
    "image": {"id": "e1a07296-22a8-4f05-8bc8-e936c8e54090", "name": "notebook2.0", "type": "BUILD_IN"},
    "lease": {"create_at": 1687656452470, "duration": 3600000, "enable": True, "type": "TIMING"},
    "endpoints": [{"service": "NOTEBOOK", "uri": "https://x.example/lab"}, {"dev_service": "ssh"}],
    "volume": {
        "category": "EVS",
        "ownership": "MANAGED",
        "mount_path": "/home/ma-user/work/",
        "capacity": 50,
    },
    "token": "3452e0d5-15fe-a20d-18a2-010a574aeaaf",
    "workspace_id": "0",
    "tags": [],
}
PAGE = {
    "current": 0,
    "pages": 1,
    "size": 10,
    "total": 2,
    "data": [NOTEBOOK, {**NOTEBOOK, "status": "STOPPED"}],
}
PARTIAL = {"description": "test", "name": "notebook-1111", "endpoints": [{"allowed_access_ips": ["1.1.1.1"]}]}
FLAVORS = {
    "current": 1, "pages": 1, "size": 1, "total": 1,
    "data": [{"arch": "x86_64", "billing": {"code": "modelarts.vm.cpu.2u", "unit_num": 1}, "category": "CPU",
              "free": False, "id": "modelarts.vm.cpu.2u", "memory": 8388608, "sold_out": False,
              "storages": ["EVS", "EFS"], "vcpus": 2}],
}  # fmt: skip

Reply = httpx.Response | Callable[[httpx.Request], httpx.Response]


def reply(status: int = 200, body: object = None, **headers: str) -> httpx.Response:
    content = b"" if body is None else body if isinstance(body, bytes) else json.dumps(body).encode()
    return httpx.Response(status, content=content, headers=headers)


def notebook(status: str, **fields: Any) -> dict[str, Any]:
    return {"id": NOTEBOOK_ID, "name": "nb", "status": status, **fields}


NOT_FOUND = reply(400, {"error_code": "ModelArts.6309", "error_msg": "no such notebook"})
INTERNAL = reply(500, {"error_code": "ModelArts.0010", "error_msg": "internal error"})


@dataclass
class ModelArts:
    """A scripted ModelArts: per "METHOD path" a list of replies, used in order (the last one repeats)."""

    routes: dict[str, list[Reply]]
    requests: list[httpx.Request] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        key = f"{request.method} {request.url.path.removeprefix(BASE)}"
        script = self.routes.get(key)
        if script is None:
            return reply(404, {"error_code": "APIG.0101", "error_msg": f"no route for {key}"})
        sent = sum(1 for r in self.requests if f"{r.method} {r.url.path.removeprefix(BASE)}" == key)
        chosen = script[min(sent, len(script)) - 1]
        return chosen(request) if callable(chosen) else chosen

    def sent(self, method: str, subpath: str) -> int:
        return sum(1 for r in self.requests if (r.method, r.url.path) == (method, BASE + subpath))


def client_over(
    handler: Callable[[httpx.Request], httpx.Response],
    *,
    retry: RetryPolicy = NO_WAIT,
    project_id: str | None = None,
    credentials_project: str = PROJECT,
) -> ModelArtsClient:
    keys = AkSkCredentials(SecretStr(AK), SecretStr(SK), project_id=credentials_project)
    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    return ModelArtsClient(
        ENDPOINT, ResolvedCredentials(keys, "unit test"), project_id=project_id, retry=retry, http_client=http
    )


# -- answers become models -------------------------------------------------------------------------


def reference(model: type[BaseModel], content: bytes) -> BaseModel | None:
    """The obvious decoding, json.loads then model_validate; None when it refuses."""
    try:
        return model.model_validate(json.loads(content))
    except (ValueError, ValidationError):
        return None


CALLS: dict[str, tuple[str, str, Callable[[ModelArtsClient], Any], type[BaseModel]]] = {
    "show": ("GET", f"/notebooks/{NOTEBOOK_ID}", lambda c: c.show_notebook(NOTEBOOK_ID), Notebook),
    "list": ("GET", "/notebooks", lambda c: c.list_notebooks(), NotebookPage),
    "flavors": ("GET", "/notebooks/flavors", lambda c: c.list_flavors(), FlavorPage),
    "lease": ("GET", f"/notebooks/{NOTEBOOK_ID}/lease", lambda c: c.show_lease(NOTEBOOK_ID), Lease),
}


@pytest.mark.parametrize(
    ("call", "example"),
    [
        ("show", NOTEBOOK),
        ("show", PARTIAL),
        ("show", {**NOTEBOOK, "status": "running", "image": {"type": "dedicated"}, "new": [1.5]}),
        ("list", PAGE),
        ("flavors", FLAVORS),
        ("lease", {"create_at": 1, "duration": "3600000", "enable": "true", "type": "timing"}),
    ],
)
@pytest.mark.asyncio
async def test_documented_answers_become_their_models(call: str, example: dict[str, Any]) -> None:
    method, subpath, operation, model = CALLS[call]
    content = json.dumps(example).encode()
    upstream = ModelArts({f"{method} {subpath}": [reply(200, content)]})
    result = await operation(client_over(upstream))
    expected = reference(model, content)
    assert expected is not None and isinstance(result, model)
    assert result == expected and result.model_dump() == expected.model_dump()
    assert upstream.sent(method, subpath) == 1


@pytest.mark.asyncio
async def test_the_instance_token_is_decoded_but_never_shown() -> None:
    upstream = ModelArts({f"GET /notebooks/{NOTEBOOK_ID}": [reply(200, NOTEBOOK)]})
    shown = await client_over(upstream).show_notebook(NOTEBOOK_ID)
    assert shown.token == NOTEBOOK["token"]
    assert NOTEBOOK["token"] not in repr(shown)


@pytest.mark.parametrize(
    ("content", "outcome"),
    [
        (b'{"name": "dup", "name": "last wins"}', "last wins"),
        (b'{"id": "x", "extra": NaN}', "id"),  # unknown fields are no reason to refuse, whatever they hold
        (b'{"id": "x", "lease": {"duration": Infinity}}',
         "not the documented shape: 1 problem(s), lease.duration"),
        (b'{"create_at": 1e400}', "not the documented shape: 1 problem(s), create_at"),
        (b'{"status": 5, "lease": {"duration": "long"}}', "not the documented shape: 3 problem(s), status"),
        (b"[]", "not the documented shape: 1 problem(s), (top level)"),
        (b"null", "not the documented shape: 1 problem(s), (top level)"),
        (b"{not json", "not JSON"),
        (b"", "an empty body"),
    ],
)  # fmt: skip
@pytest.mark.asyncio
async def test_unusual_bodies_decode_or_are_unusable_answers(content: bytes, outcome: str) -> None:
    upstream = ModelArts({f"GET /notebooks/{NOTEBOOK_ID}": [reply(200, content, **{"X-Request-Id": "r-7"})]})
    client = client_over(upstream, retry=RetryPolicy(max_attempts=1))
    if outcome in ("last wins", "id"):
        shown = await client.show_notebook(NOTEBOOK_ID)
        assert (shown.name, shown.id) == (("last wins", None) if outcome == "last wins" else (None, "x"))
        return
    with pytest.raises(UpstreamError) as raised:
        await client.show_notebook(NOTEBOOK_ID)
    error = raised.value
    assert f"unusable answer to GET {BASE}/notebooks/{NOTEBOOK_ID} ({outcome}" in error.message
    assert (error.http_status, error.request_id, error.kind) == (200, "r-7", ErrorKind.UPSTREAM)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
NOTEBOOK_KEYS = st.sampled_from(
    ["id", "name", "status", "create_at", "lease", "image", "endpoints", "volume", "action_progress",
     "flavor", "token", "url", "tags", "something_new"]
)  # fmt: skip


def decoded_by_the_transport(model: type[BaseModel], content: bytes) -> BaseModel | str:
    async def fetch() -> BaseModel | str:
        client = httpx.AsyncClient(transport=httpx.MockTransport(lambda request: reply(200, content)))
        keys = AkSkCredentials(SecretStr(AK), SecretStr(SK), project_id=PROJECT)
        transport = Transport(ENDPOINT, keys, retry=RetryPolicy(max_attempts=1), http_client=client)
        try:
            result = await transport.call("GET", f"{BASE}/notebooks", model)
        except UpstreamError as error:
            return error.message
        finally:
            await client.aclose()
        assert result is not None
        return result

    return asyncio.run(fetch())


def same_as_reference(model: type[BaseModel], value: Any) -> None:
    content = json.dumps(value).encode()
    expected, actual = reference(model, content), decoded_by_the_transport(model, content)
    if expected is None:
        assert isinstance(actual, str) and actual.startswith("ModelArts sent an unusable answer to GET")
        assert "not the documented shape" in actual
    else:
        assert isinstance(actual, model) and actual == expected


PROPERTY = settings(max_examples=200, deadline=None, derandomize=True, database=None)


@PROPERTY
@given(st.dictionaries(NOTEBOOK_KEYS, JSON_VALUES, max_size=6) | JSON_VALUES)
def test_any_json_is_the_reference_model_or_an_unusable_answer(value: Any) -> None:
    same_as_reference(Notebook, value)


@PROPERTY
@given(
    st.fixed_dictionaries(
        {},
        optional={
            "current": JSON_VALUES, "total": st.integers() | st.text(max_size=3),
            "data": st.lists(st.dictionaries(NOTEBOOK_KEYS, JSON_VALUES, max_size=4), max_size=3),
        },
    )
)  # fmt: skip
def test_any_page_is_the_reference_model_or_an_unusable_answer(value: dict[str, Any]) -> None:
    same_as_reference(NotebookPage, value)


@pytest.mark.asyncio
async def test_an_unreadable_answer_to_a_read_is_read_again() -> None:
    path = f"GET /notebooks/{NOTEBOOK_ID}"
    upstream = ModelArts({path: [reply(200, b"<html>maintenance</html>"), reply(200, notebook("RUNNING"))]})
    shown = await client_over(upstream).show_notebook(NOTEBOOK_ID)
    assert shown.status is NotebookStatus.RUNNING
    assert upstream.sent("GET", f"/notebooks/{NOTEBOOK_ID}") == 2


@pytest.mark.asyncio
async def test_a_create_with_an_unreadable_answer_is_sent_once_and_may_exist() -> None:
    cut = f'{{"id": "{NOTEBOOK_ID}", "token": "{NOTEBOOK["token"]}", "sta'.encode()
    upstream = ModelArts({"POST /notebooks": [reply(200, cut), reply(200, notebook("INIT"))]})
    body = {"name": "nb", "flavor": "modelarts.vm.cpu.2u", "image_id": NOTEBOOK["image"]["id"],  # type: ignore[index]
            "volume": {"category": "EVS", "ownership": "MANAGED", "capacity": 5}}  # fmt: skip
    with pytest.raises(UpstreamError) as raised:
        await client_over(upstream).create_notebook(body)
    assert upstream.sent("POST", "/notebooks") == 1
    assert "may have carried it out: look (list or show) before trying again" in raised.value.message
    assert NOTEBOOK["token"] not in str(raised.value)


# -- call(): every operation under /v1/{project_id}, on one event loop ------------------------------


@pytest.mark.asyncio
async def test_call_puts_the_operation_under_the_project_and_signs_the_json_body() -> None:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return reply(200, notebook("RUNNING", description="x y"))

    client = client_over(record, project_id=OTHER_PROJECT, credentials_project=PROJECT)
    assert client.project_id == OTHER_PROJECT
    await client.update_notebook(NOTEBOOK_ID.upper(), {"description": "x y"})
    (sent,) = seen
    # The URL and the signed X-Project-Id agree, and a UUID in capitals is sent as ModelArts knows it.
    assert sent.url.path == f"/v1/{OTHER_PROJECT}/notebooks/{NOTEBOOK_ID}"
    assert sent.headers["X-Project-Id"] == OTHER_PROJECT
    assert json.loads(sent.content) == {"description": "x y"}
    authorization = signer.parse_authorization(sent.headers["Authorization"])
    assert authorization is not None and "x-project-id" in authorization.signed_headers
    assert signer.verify(
        method="PUT", path=sent.url.raw_path.decode(), query=[], headers=dict(sent.headers),
        body=sent.content, secret_key=SK, authorization=authorization,
    )  # fmt: skip


@pytest.mark.asyncio
async def test_call_passes_query_and_retry_mode_on() -> None:
    upstream = ModelArts({"POST /notebooks/x/y": [INTERNAL, INTERNAL, reply(200, {})]})
    client = client_over(upstream)
    with pytest.raises(UpstreamError):
        await client.call("POST", "/notebooks/x/y", Notebook, query=[("a", "1")])  # a POST: sent once
    assert await client.call("POST", "/notebooks/x/y", Notebook, retry="idempotent") == Notebook()
    assert upstream.sent("POST", "/notebooks/x/y") == 3
    assert parse_qsl(upstream.requests[0].url.query.decode()) == [("a", "1")]


def test_a_client_stays_on_the_event_loop_of_its_first_call() -> None:
    client = client_over(ModelArts({"GET /authoring/features/NOTEBOOK": [reply(200, {"quota": 5})]}))
    assert client.event_loop is None
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(client.notebook_quota())
        assert client.event_loop is loop
        with pytest.raises(RuntimeError, match="belongs to another event loop"):
            asyncio.run(client.notebook_quota())
        with pytest.raises(RuntimeError, match="close the ModelArtsClient on the event loop it runs on"):
            asyncio.run(client.aclose())
        loop.run_until_complete(client.aclose())
        assert client.closed
    finally:
        loop.close()


def test_a_client_whose_loop_is_gone_can_still_be_closed() -> None:
    client = client_over(ModelArts({"GET /authoring/features/NOTEBOOK": [reply(200, {})]}))
    asyncio.run(client.notebook_quota())  # its loop is closed afterwards
    asyncio.run(client.aclose())
    assert client.closed


@pytest.mark.asyncio
async def test_a_closed_client_refuses_calls_and_closing_twice_is_harmless() -> None:
    upstream = ModelArts({"GET /authoring/features/NOTEBOOK": [reply(200, {})]})
    async with client_over(upstream) as client:
        await client.notebook_quota()
    await client.aclose()
    with pytest.raises(RuntimeError, match="closed"):
        await client.notebook_quota()
    assert len(upstream.requests) == 1


@pytest.mark.asyncio
async def test_endpoint_kind_and_server_clock_come_from_the_answers() -> None:
    ahead = formatdate(time.time() + 3600, usegmt=True)
    upstream = ModelArts(
        {f"GET /notebooks/{NOTEBOOK_ID}": [reply(400, {"error_code": "ModelArts.6309", "error_msg": "gone"},
                                                 **{"X-ModelArts-Simulator": "0.1", "Date": ahead})]}
    )  # fmt: skip
    client = client_over(upstream)
    assert (client.endpoint_kind, client.transport.clock_offset_ms) == ("unknown", None)
    with pytest.raises(UpstreamError) as raised:
        await client.show_notebook(NOTEBOOK_ID)
    assert raised.value.kind is ErrorKind.NOT_FOUND
    assert client.endpoint_kind == "simulator"
    offset = client.transport.clock_offset_ms
    assert offset is not None and 3_599_000 <= offset <= 3_601_000
    skew = client.server_now_ms() - time.time() * 1000
    assert 3_599_000 <= skew <= 3_601_000


# -- state changes: re-sent only when a fresh read proves the first attempt did nothing ------------

START = f"POST /notebooks/{NOTEBOOK_ID}/start"
STOP = f"POST /notebooks/{NOTEBOOK_ID}/stop"
DELETE = f"DELETE /notebooks/{NOTEBOOK_ID}"
SHOW = f"GET /notebooks/{NOTEBOOK_ID}"
LEASE = f"/notebooks/{NOTEBOOK_ID}/lease"


@pytest.mark.parametrize(
    ("current", "sends", "outcome"),
    [
        ("STOPPED", 2, "STARTING"),  # nothing happened: sent again, its answer is the result
        ("START_FAILED", 2, "STARTING"),
        ("STARTING", 1, "STARTING"),  # it did happen: the read is the result, no error
        ("RUNNING", 1, "RUNNING"),
        ("ERROR", 1, None),  # neither: not provably safe, the first failure is raised
    ],
)
@pytest.mark.parametrize("failure", [INTERNAL, reply(200, b"<html>oops</html>")], ids=["500", "unreadable"])
@pytest.mark.asyncio
async def test_a_start_that_failed_ambiguously_is_decided_by_a_fresh_read(
    failure: httpx.Response, current: str, sends: int, outcome: str | None
) -> None:
    upstream = ModelArts(
        {START: [failure, reply(200, notebook("STARTING"))], SHOW: [reply(200, notebook(current))]}
    )
    client = client_over(upstream)
    if outcome is None:
        with pytest.raises(UpstreamError) as raised:
            await client.start_notebook(NOTEBOOK_ID, {"duration": 3_600_000})
        assert raised.value.http_status == failure.status_code
    else:
        assert (await client.start_notebook(NOTEBOOK_ID, {"duration": 3_600_000})).status == outcome
    assert upstream.sent("POST", f"/notebooks/{NOTEBOOK_ID}/start") == sends
    assert upstream.sent("GET", f"/notebooks/{NOTEBOOK_ID}") == 1  # the check, once
    assert all(parse_qsl(r.url.query.decode()) == [("duration", "3600000")] for r in upstream.requests
               if r.method == "POST")  # fmt: skip


@pytest.mark.parametrize(
    ("current", "sends", "outcome"),
    [("RUNNING", 2, "STOPPING"), ("STOPPING", 1, "STOPPING"), ("STOPPED", 1, "STOPPED"), ("INIT", 1, None)],
)
@pytest.mark.asyncio
async def test_a_stop_that_failed_ambiguously_is_decided_by_a_fresh_read(
    current: str, sends: int, outcome: str | None
) -> None:
    upstream = ModelArts(
        {STOP: [INTERNAL, reply(200, notebook("STOPPING"))], SHOW: [reply(200, notebook(current))]}
    )
    client = client_over(upstream)
    if outcome is None:
        with pytest.raises(UpstreamError, match="internal error"):
            await client.stop_notebook(NOTEBOOK_ID)
    else:
        assert (await client.stop_notebook(NOTEBOOK_ID)).status == outcome
    assert upstream.sent("POST", f"/notebooks/{NOTEBOOK_ID}/stop") == sends


@pytest.mark.parametrize(
    ("check", "sends", "outcome"),
    [
        (reply(200, notebook("RUNNING")), 2, "DELETING"),
        (reply(200, notebook("DELETING")), 1, "DELETING"),
        (NOT_FOUND, 1, "DELETED"),  # gone already: the delete happened
        (INTERNAL, 1, None),  # the check failed: the outcome stays unknown
    ],
)
@pytest.mark.asyncio
async def test_a_delete_that_failed_ambiguously_is_decided_by_a_fresh_read(
    check: httpx.Response, sends: int, outcome: str | None
) -> None:
    timeout = httpx.ReadTimeout("lost")

    def lost(request: httpx.Request) -> httpx.Response:
        raise timeout

    upstream = ModelArts({DELETE: [lost, reply(200, notebook("DELETING"))], SHOW: [check]})
    client = client_over(upstream, retry=RetryPolicy(max_attempts=2, base_delay=0.0, max_delay=0.0))
    if outcome is None:
        with pytest.raises(UpstreamError, match="may still have been carried out"):
            await client.delete_notebook(NOTEBOOK_ID)
    else:
        deleted = await client.delete_notebook(NOTEBOOK_ID)
        assert (deleted.id, deleted.status) == (NOTEBOOK_ID, outcome)
    assert upstream.sent("DELETE", f"/notebooks/{NOTEBOOK_ID}") == sends


@pytest.mark.asyncio
async def test_a_refused_state_change_is_not_checked_nor_resent() -> None:
    busy = reply(400, {"error_code": "ModelArts.6357", "error_msg": "another operation is running"})
    upstream = ModelArts({STOP: [busy], SHOW: [reply(200, notebook("RUNNING"))]})
    with pytest.raises(UpstreamError) as raised:
        await client_over(upstream).stop_notebook(NOTEBOOK_ID)
    assert raised.value.kind is ErrorKind.CONFLICT
    assert [r.method for r in upstream.requests] == ["POST"]


@pytest.mark.parametrize(
    ("after", "patches", "outcome"),
    [
        (100, 2, 200),  # update_at unchanged: the renew did not happen, sent again
        (150, 1, 150),  # update_at moved: it happened, the read is the result
    ],
)
@pytest.mark.asyncio
async def test_a_renew_is_resent_only_while_the_lease_is_unchanged(
    after: int, patches: int, outcome: int
) -> None:
    def lease(update_at: int) -> httpx.Response:
        return reply(200, {"duration": 7_200_000, "update_at": update_at})

    upstream = ModelArts(
        {f"GET {LEASE}": [lease(100), lease(after)], f"PATCH {LEASE}": [INTERNAL, lease(200)]}
    )
    renewed = await client_over(upstream).renew_lease(NOTEBOOK_ID, {"duration": 7_200_000})
    assert renewed.update_at == outcome
    assert upstream.sent("PATCH", LEASE) == patches
    assert [json.loads(r.content) for r in upstream.requests if r.method == "PATCH"] == [
        {"duration": 7_200_000}
    ] * patches


@pytest.mark.asyncio
async def test_a_renew_without_a_lease_to_compare_is_never_resent() -> None:
    not_running = reply(400, {"error_code": "ModelArts.6347", "error_msg": "not running"})
    upstream = ModelArts({f"GET {LEASE}": [not_running], f"PATCH {LEASE}": [INTERNAL, reply(200, {})]})
    with pytest.raises(UpstreamError, match="internal error"):
        await client_over(upstream).renew_lease(NOTEBOOK_ID, {"duration": 7_200_000})
    assert upstream.sent("PATCH", LEASE) == 1


# -- listings: page after page, each item once --------------------------------------------------------


def pager(items: list[dict[str, Any]], *, total: int | None = None) -> Reply:
    """Pages of ``items`` by the offset and limit asked for."""

    def page(request: httpx.Request) -> httpx.Response:
        query = dict(parse_qsl(request.url.query.decode()))
        offset, limit = int(query.get("offset", 0)), int(query["limit"])
        return reply(
            200, {"data": items[offset : offset + limit], "total": len(items) if total is None else total}
        )

    return page


def named(*names: str) -> list[dict[str, Any]]:
    return [{"id": f"00000000-0000-4000-8000-{n:012d}", "name": name} for n, name in enumerate(names)]


def offsets(upstream: ModelArts) -> list[tuple[str, str]]:
    return [
        (q["offset"], q["limit"]) for q in (dict(parse_qsl(r.url.query.decode())) for r in upstream.requests)
    ]


@pytest.mark.asyncio
async def test_a_listing_is_walked_page_by_page_until_a_short_page() -> None:
    items = named("a", "b", "c", "d", "e")
    upstream = ModelArts({"GET /notebooks": [pager(items)]})
    listed = await client_over(upstream).list_all_notebooks({"limit": 2})
    assert [n.name for n in listed] == ["a", "b", "c", "d", "e"]
    assert offsets(upstream) == [("0", "2"), ("2", "2"), ("4", "2")]


@pytest.mark.asyncio
async def test_a_listing_stops_at_the_total_and_starts_at_the_offset_asked_for() -> None:
    upstream = ModelArts({"GET /notebooks": [pager(named("a", "b", "c", "d"), total=4)]})
    listed = await client_over(upstream).list_all_notebooks({"limit": 2, "offset": 2})
    assert [n.name for n in listed] == ["c", "d"]
    assert offsets(upstream) == [("2", "2")]  # a full page, but the total says there is no more


@pytest.mark.asyncio
async def test_an_item_that_moved_to_the_next_page_is_listed_once() -> None:
    a, b, c = named("a", "b", "c")
    pages: list[Reply] = [reply(200, {"data": [a, b], "total": 3}), reply(200, {"data": [b, c], "total": 3}),
             reply(200, {"data": [], "total": 3})]  # fmt: skip
    upstream = ModelArts({"GET /notebooks/all": pages})
    listed = await client_over(upstream).list_all_notebooks({"limit": 2}, all_users=True)
    assert [n.name for n in listed] == ["a", "b", "c"]


@pytest.mark.asyncio
async def test_a_server_that_repeats_its_first_page_does_not_loop_forever() -> None:
    # Flavor pages may hold their items under "flavors"; this server ignores the offset.
    upstream = ModelArts({"GET /notebooks/flavors": [reply(200, {"flavors": named("x", "y"), "total": 100})]})
    flavors = await client_over(upstream).all_flavors({"limit": 2})
    assert [f.id for f in flavors] == [item["id"] for item in named("x", "y")]
    assert len(upstream.requests) == 2  # the second page held nothing new


@pytest.mark.asyncio
async def test_iter_notebooks_yields_while_it_pages() -> None:
    upstream = ModelArts({"GET /notebooks": [pager(named("a", "b", "c"))]})
    seen: list[tuple[str | None, int]] = []
    async for item in client_over(upstream).iter_notebooks({"limit": 1}):
        seen.append((item.name, len(upstream.requests)))
        if item.name == "b":
            break
    assert seen == [("a", 1), ("b", 2)]  # the third page was never asked for
