"""Unit tests of core.client_base: answers decoded straight into models, endpoint kind from every answer.

The decoder takes pydantic's JSON mode and falls back to ``json.loads`` +
``model_validate``; the property tests hold it to that slower path, which is
what the client did before: same model for every body both accept, the same
error for every body either refuses.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, SecretStr, ValidationError

from jupyter_modelarts.core.auth.credentials import AkSkCredentials, ResolvedCredentials
from jupyter_modelarts.core.client import ModelArtsClient
from jupyter_modelarts.core.client_base import _model_decoder
from jupyter_modelarts.core.contract import FlavorPage, Lease, Notebook, NotebookPage
from jupyter_modelarts.core.error_body import NotJson
from jupyter_modelarts.core.errors import UpstreamError
from jupyter_modelarts.core.http import RetryPolicy

PROJECT = "0123456789abcdef0123456789abcdef"
NOTEBOOK_ID = "4e4d1ae3-2f3c-4a3c-9a40-000000000001"
CALL = "GET /notebooks/x"
# Answers shaped like the documented examples (REFERENCE.md §5, seeds 003/004, §4.9).
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


def reference(model: type[BaseModel], content: bytes) -> BaseModel | str:
    """What the client did before: json.loads, then model_validate; the error text when it refused."""
    try:
        data = json.loads(content)
    except ValueError:
        return "not JSON"
    try:
        return model.model_validate(data)
    except ValidationError as error:
        first = error.errors(include_url=False, include_input=False)[0]
        where = ".".join(str(part) for part in first["loc"]) or "(top level)"
        return str(
            UpstreamError(
                200, None,
                f"ModelArts sent an answer to {CALL} that does not match the documented shape "
                f"({error.error_count()} problem(s); {where}: {first['msg']})",
                "r-1",
            )
        )  # fmt: skip


def decoded(model: type[BaseModel], content: bytes) -> BaseModel | str:
    try:
        result: BaseModel = _model_decoder(model, CALL)(content, 200, "r-1")
    except NotJson:
        return "not JSON"
    except UpstreamError as error:
        return str(error)
    return result


def same(model: type[BaseModel], content: bytes) -> None:
    fast, slow = decoded(model, content), reference(model, content)
    if isinstance(slow, BaseModel):
        assert isinstance(fast, model) and fast == slow
        assert fast.model_dump() == slow.model_dump()
    else:
        assert fast == slow


@pytest.mark.parametrize(
    ("model", "example"),
    [
        (Notebook, NOTEBOOK),
        (Notebook, PARTIAL),
        (NotebookPage, PAGE),
        (FlavorPage, FLAVORS),
        (Notebook, {**NOTEBOOK, "status": "running", "image": {"type": "dedicated"}, "new": [1.5]}),
        (Lease, {"create_at": 1, "duration": "3600000", "enable": "true", "type": "timing"}),
    ],
)
def test_documented_answers_decode_as_before(model: type[BaseModel], example: dict[str, Any]) -> None:
    same(model, json.dumps(example).encode())


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"[]",
        b'"a string"',
        b'{"status": 5, "lease": {"duration": "long"}}',
        b'{"id": "x", "extra": NaN, "lease": {"duration": Infinity}}',  # only json.loads takes these
        b'{"create_at": 1e400}',
        b'{"name": "dup", "name": "last wins"}',
        b'\xef\xbb\xbf{"name": "bom"}',
        b'{"name": "\\ud800"}',  # a lone surrogate: only json.loads takes it
    ],
)
def test_unusual_bodies_decode_or_fail_as_before(content: bytes) -> None:
    same(Notebook, content)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
NOTEBOOK_KEYS = st.sampled_from(
    ["id", "name", "status", "create_at", "lease", "image", "endpoints", "volume", "action_progress",
     "flavor", "token", "url", "tags", "something_new"]
)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(NOTEBOOK_KEYS, JSON_VALUES, max_size=6) | JSON_VALUES)
def test_any_json_decodes_as_before(value: Any) -> None:
    same(Notebook, json.dumps(value).encode())


@settings(max_examples=150, deadline=None)
@given(
    st.fixed_dictionaries(
        {},
        optional={
            "current": JSON_VALUES, "total": st.integers() | st.text(max_size=3),
            "data": st.lists(st.dictionaries(NOTEBOOK_KEYS, JSON_VALUES, max_size=4), max_size=3),
        },
    )
)  # fmt: skip
def test_any_page_decodes_as_before(value: dict[str, Any]) -> None:
    same(NotebookPage, json.dumps(value).encode())


# -- through the client -------------------------------------------------------------------------


def client_over(handler: Any) -> ModelArtsClient:
    keys = AkSkCredentials(SecretStr("AKUNITTEST0001"), SecretStr("sk-unit-test"), project_id=PROJECT)
    credentials = ResolvedCredentials(keys, "unit test")
    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    return ModelArtsClient(
        "https://modelarts.example.com", credentials, retry=RetryPolicy(max_attempts=1), http_client=http
    )


@pytest.mark.asyncio
async def test_error_answers_tell_the_endpoint_kind_with_a_given_http_client() -> None:
    def not_found(request: httpx.Request) -> httpx.Response:
        body = {"error_code": "ModelArts.6309", "error_msg": "no such notebook"}
        return httpx.Response(400, json=body, headers={"X-ModelArts-Simulator": "0.1"})

    client = client_over(not_found)
    before = client.endpoint_kind
    with pytest.raises(UpstreamError):
        await client.show_notebook(NOTEBOOK_ID)
    assert (before, client.endpoint_kind) == ("unknown", "simulator")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "ModelArts sent an empty answer to GET /notebooks/"),
        (
            b"<html>maintenance</html>",
            "ModelArts sent a malformed response (HTTP 200, not JSON): maintenance",
        ),
        (
            b'{"lease": {"duration": "long"}}',
            "does not match the documented shape (1 problem(s); lease.duration",
        ),
    ],
)
@pytest.mark.asyncio
async def test_answers_that_are_no_notebook_are_upstream_errors(body: bytes, message: str) -> None:
    client = client_over(lambda request: httpx.Response(200, content=body, headers={"X-Request-Id": "r-7"}))
    with pytest.raises(UpstreamError, match=message.replace("(", r"\(").replace(")", r"\)")) as raised:
        await client.show_notebook(NOTEBOOK_ID)
    assert (raised.value.http_status, raised.value.request_id) == (200, "r-7")


@pytest.mark.asyncio
async def test_a_notebook_answer_becomes_the_model() -> None:
    answer = json.dumps({**NOTEBOOK, "id": NOTEBOOK_ID}).encode()
    client = client_over(lambda request: httpx.Response(200, content=answer))
    shown = await client.show_notebook(NOTEBOOK_ID)
    assert shown == Notebook.model_validate_json(answer) and shown.id == NOTEBOOK_ID
