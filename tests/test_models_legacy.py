"""The legacy /demanager/instances API (seed 002, REFERENCE §4.12)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from jupyter_modelarts.core.contract import parse_request
from jupyter_modelarts.core.contract.validation import to_query, to_upstream_json
from jupyter_modelarts.core.errors import ContractError
from jupyter_modelarts.core.legacy.models import (
    LegacyAction,
    LegacyActionRequest,
    LegacyActionResult,
    LegacyCreateRequest,
    LegacyInstance,
    LegacyInstancePage,
    LegacyListQuery,
    LegacyStatus,
    LegacyStorageType,
    LegacyToken,
    LegacyUpdateRequest,
)

# Seed 002's sample request, verbatim.
SEED_REQUEST = json.loads(
    '{ "name": "notebook-instance", "description": "", "profile_id": "Multi-Engine 1.0 (python3)-gpu", '
    '"flavor": "modelarts.bm.gpu.v100NV32", "spec": { "storage": { "location": { "volume_size": 5 }, '
    '"type": "evs" }, "auto_stop": { "enable": true, "duration": 3600 } }, "workspace": { "id": "0" } }'
)
# Seed 002's sample response (same data as the page).
SEED_RESPONSE = {
    "ai_project": {"id": "default-ai-project"},
    "creation_timestamp": "1594887749962",
    "description": "",
    "flavor": "modelarts.bm.gpu.v100NV32",
    "flavor_details": {
        "name": "modelarts.bm.gpu.v100NV32",
        "params": {"CPU": 8, "GPU": 1, "gpu_type": "v100NV32", "memory": "64GiB"},
        "status": "onSale",
        "type": "GPU",
    },
    "id": "DE-7d558ef8-c73d-11ea-964c-0255ac100033",
    "latest_update_timestamp": "1594887749962",
    "name": "notebook-c6fd",
    "profile": {
        "de_type": "Notebook",
        "description": "multi engine, gpu, python 3.6 for notebook",
        "flavor_type": "GPU",
        "id": "Multi-Engine 1.0 (python3)-gpu",
        "name": "Multi-Engine 1.0 (python3)-gpu",
        "provision": {
            "spec": {
                "engine": "CCE",
                "params": {
                    "image_name": "mul-kernel-gpu-cuda-cp36",
                    "image_tag": "2.0.5-B003",
                    "namespace": "atelier",
                },
            },
            "type": "Docker",
        },
    },
    "spec": {
        "annotations": {"target_domain": "https://modelarts-notebook-2.xxxx.com", "url": ""},
        "auto_stop": {"duration": 3600, "enable": True, "prompt": True},
        "storage": {"location": {"path": "/home/ma-user/work", "volume_size": 5}, "type": "evs"},
    },
    "status": "CREATING",
    "user": {"id": "15dda26361214ca2a5953917d2f48ffb", "name": "ops_dev_env"},
    "workspace": {"id": "0"},
}


def with_(path: str, value: Any) -> dict[str, Any]:
    body: dict[str, Any] = copy.deepcopy(SEED_REQUEST)
    *parents, leaf = path.split(".")
    node = body
    for part in parents:
        node = node.setdefault(part, {})
    node[leaf] = value
    return body


def rejected(body: Any, model: type = LegacyCreateRequest) -> list[str]:
    with pytest.raises(ContractError) as caught:
        parse_request(model, body)
    return [p.location for p in caught.value.problems]


def test_seed_request_round_trips() -> None:
    request = parse_request(LegacyCreateRequest, SEED_REQUEST)
    assert request.spec.storage.type is LegacyStorageType.EVS
    assert json.loads(to_upstream_json(request)) == SEED_REQUEST


@pytest.mark.parametrize(
    ("path", "bad", "good", "where"),
    [
        ("name", "x" * 65, "x" * 64, "body.name"),
        ("name", "has space", "has-dash_1", "body.name"),
        ("description", "<script>", "plain & simple", "body.description"),
        ("spec.storage.location.volume_size", 4, 4096, "body.spec.storage.location.volume_size"),
        ("spec.storage.location.volume_size", 4097, 5, "body.spec.storage.location.volume_size"),
        ("spec.storage.type", "nfs", "EVS", "body.spec.storage.type"),
        ("spec.auto_stop", {"enable": True, "duration": 3599}, {"enable": True, "duration": 3600},
         "body.spec.auto_stop.duration"),
        ("spec.auto_stop", {"enable": True, "duration": 86401}, {"enable": True, "duration": 86400},
         "body.spec.auto_stop.duration"),
        ("spec.auto_stop", {"enable": True}, {"enable": False}, "body.spec.auto_stop.duration"),
        ("spec.extend_storage", [{"type": "obs", "location": {"path": "obs://b/d/"}}], [{"type": "obsfs"}],
         "body.spec.extend_storage.0.type"),
        ("spec.annotations", {"k": 1}, {"k": "v"}, "body.spec.annotations.k"),
        ("workspace.id", "W", "0", "body.workspace.id"),
        ("pool", {"name": "p"}, {"id": "pool-1", "type": "USER_DEFINED", "owner": {"project_id": "p"}},
         "body.pool.id"),
        ("profile_id", "", "Ascend-Power-Engine 1.0(python3)", "body.profile_id"),
    ],
)  # fmt: skip
def test_legacy_create_rules(path: str, bad: Any, good: Any, where: str) -> None:
    assert rejected(with_(path, bad)) == [where]
    parse_request(LegacyCreateRequest, with_(path, good))


@pytest.mark.parametrize(
    ("storage", "where"),
    [
        ({"type": "obs"}, "body.spec.storage.location"),
        ({"type": "obs", "location": {}}, "body.spec.storage.location.path"),
        ({"type": "obs", "location": {"path": "obs://bucket/"}}, "body.spec.storage.location.path"),
        ({"type": "obs", "location": {"path": "obs://bucket/dir"}}, "body.spec.storage.location.path"),
    ],
)
def test_obs_storage_needs_a_directory(storage: dict[str, Any], where: str) -> None:
    assert rejected(with_("spec.storage", storage)) == [where]


@pytest.mark.parametrize("path", ["obs://bucket/dir/", "/bucket/dir/sub/", "bucket/dir/"])
def test_obs_directory_accepted(path: str) -> None:
    parse_request(LegacyCreateRequest, with_("spec.storage", {"type": "OBS", "location": {"path": path}}))


def test_all_legacy_problems_at_once() -> None:
    body = with_("name", "x" * 70)
    body["spec"] = {"storage": {"type": "obs"}, "auto_stop": {"enable": True, "duration": 1}}
    body["bogus"] = 1
    del body["flavor"]
    assert set(rejected(body)) == {
        "body.name",
        "body.flavor",
        "body.spec.storage.location",
        "body.spec.auto_stop.duration",
        "body.bogus",
    }


def test_legacy_update() -> None:
    request = parse_request(
        LegacyUpdateRequest, {"description": "x", "spec": {"auto_stop": {"enable": False}}}
    )
    assert to_upstream_json(request) == b'{"description":"x","spec":{"auto_stop":{"enable":false}}}'
    assert rejected({}, LegacyUpdateRequest) == ["body"]
    assert rejected({"spec": {"storage": {"type": "evs"}}}, LegacyUpdateRequest) == ["body.spec.storage"]
    assert rejected({"spec": {"auto_stop": {"duration": 100}}}, LegacyUpdateRequest) == [
        "body.spec.auto_stop.duration"
    ]


def test_legacy_list_query() -> None:
    assert to_query(parse_request(LegacyListQuery, {})) == [("de_type", "Notebook")]
    query = parse_request(
        LegacyListQuery,
        {"de_type": "notebook", "status": "running", "sortby": "CREATION_TIMESTAMP", "order": "DESC",
         "limit": "0", "offset": "0", "show_self": "true", "ai_project_id": "default-ai-project",
         "provision_type": "docker", "workspace_id": "0", "pool_id": "pool-1"},
    )  # fmt: skip
    assert to_query(query) == [
        ("de_type", "Notebook"),
        ("provision_type", "Docker"),
        ("status", "RUNNING"),
        ("sortby", "creation_timestamp"),
        ("order", "desc"),
        ("offset", "0"),
        ("limit", "0"),
        ("workspace_id", "0"),
        ("pool_id", "pool-1"),
        ("show_self", "true"),
        ("ai_project", "default-ai-project"),
    ]
    for bad in ({"limit": "-1"}, {"de_type": "Lab"}, {"order": "random"}, {"show_self": "perhaps"}):
        assert rejected(bad, LegacyListQuery) == [f"query.{next(iter(bad))}"]
    assert rejected({"ai_project": "a", "ai_project_id": "a"}, LegacyListQuery) == ["query.ai_project_id"]


@pytest.mark.parametrize(("given", "expected"), [("START", LegacyAction.START), ("stop", LegacyAction.STOP)])
def test_legacy_action(given: str, expected: LegacyAction) -> None:
    request = parse_request(LegacyActionRequest, {"action": given})
    assert request.action is expected
    assert to_upstream_json(request) == f'{{"action":"{expected.value}"}}'.encode()


def test_legacy_action_rejects_unknown() -> None:
    assert rejected({"action": "restart"}, LegacyActionRequest) == ["body.action"]
    assert rejected({}, LegacyActionRequest) == ["body.action"]


def test_legacy_answers() -> None:
    instance = LegacyInstance.model_validate(SEED_RESPONSE)
    assert instance.status is LegacyStatus.CREATING
    assert instance.spec is not None and instance.spec.auto_stop is not None
    assert instance.spec.auto_stop.duration == 3600
    assert instance.model_dump(mode="json", exclude_unset=True) == SEED_RESPONSE
    page = LegacyInstancePage.model_validate({"total_count": 1, "instances": [SEED_RESPONSE]})
    assert page.instances[0].id == "DE-7d558ef8-c73d-11ea-964c-0255ac100033"
    result = LegacyActionResult.model_validate({"current_status": "STARTING", "previous_state": "STOPPED"})
    assert (result.current_status, result.previous_state) == (LegacyStatus.STARTING, LegacyStatus.STOPPED)


def test_legacy_token_not_in_repr() -> None:
    token = LegacyToken.model_validate({"token": "tok-very-secret"})
    assert token.token == "tok-very-secret"
    assert "tok-very-secret" not in repr(token)
