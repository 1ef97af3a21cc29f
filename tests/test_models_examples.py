"""Round trips of every example in REFERENCE.md and the seed pages (000, 001, 003, 004).

Requests: the documented example parses, is sent upstream in canonical form,
and that form parses again to the same model.  Answers: the documented example
parses and dumps back to the same JSON (enum case normalised).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from jupyter_modelarts.core.contract import (
    EndpointService,
    Lease,
    LeaseRenewRequest,
    Notebook,
    NotebookCreateRequest,
    NotebookPage,
    NotebookStatus,
    NotebookUpdateRequest,
    RequestModel,
    parse_request,
)
from jupyter_modelarts.core.contract.catalog import FlavorPage
from jupyter_modelarts.core.contract.enums import JobStatus, VolumeCategory
from jupyter_modelarts.core.contract.validation import to_upstream_json

REFERENCE_REQUEST = {
    "name": "notebooks_test",
    "feature": "NOTEBOOK",
    "workspace_id": "0",
    "description": "api-test",
    "flavor": "modelarts.vm.cpu.2u",
    "image_id": "e1a07296-22a8-4f05-8bc8-e936c8e54090",
    "volume": {"category": "EFS", "ownership": "MANAGED", "capacity": 50},
    "lease": {"type": "TIMING", "duration": 3600000},
    "endpoints": [
        {"service": "SSH", "key_pair_names": ["KeyPair-demo"], "allowed_access_ips": ["203.0.113.7"]}
    ],
}
REFERENCE_RESPONSE = {
    "id": "936bea3e-d3df-435e-8b58-d817283284ae",
    "name": "notebooks_test",
    "description": "api-test",
    "feature": "NOTEBOOK",
    "flavor": "modelarts.vm.cpu.2u",
    "status": "CREATING",
    "create_at": 1687656452472,
    "update_at": 1687656452588,
    "action_progress": [
        {"step": 1, "status": "WAITING", "description": "Prepare the storage."},
        {"step": 2, "status": "WAITING", "description": "Prepare the compute resource."},
        {"step": 3, "status": "WAITING", "description": "Configuring the network."},
        {"step": 4, "status": "WAITING", "description": "Initialize the notebook instance."},
    ],
    "image": {
        "id": "e1a07296-22a8-4f05-8bc8-e936c8e54090",
        "name": "notebook2.0-mul-kernel-cpu-cp36",
        "swr_path": "swr.cn-north-4.myhuaweicloud.com/atelier/"
        "notebook2.0-mul-kernel-cpu-cp36:5.0.1-release-v2-20220505",
        "tag": "5.0.1-release-v2-20220505",
        "type": "BUILD_IN",
        "description": "",
    },
    "lease": {
        "create_at": 1687656452470,
        "duration": 3600000,
        "enable": True,
        "type": "TIMING",
        "update_at": 1687656452470,
    },
    "endpoints": [],
    "token": "3452e0d5-15fe-a20d-18a2-010a574aeaaf",
    "user_id": "99250e439b33431081xxxxxxxxxxa885",
    "workspace_id": "0",
    "tags": [],
    "billing_items": [],
}

# Seed 000 (category "efs") and seed 001 (category "evs") example requests: lower-case enums.
SEED_REQUEST: dict[str, Any] = {
    "name": "notebooks_test",
    "feature": "NOTEBOOK",
    "workspace_id": "0",
    "description": "api-test",
    "flavor": "modelarts.vm.cpu.2u",
    "image_id": "e1a07296-22a8-4f05-8bc8-e936c8e54090",
    "volume": {"category": "efs", "ownership": "managed", "capacity": 50},
}
# Seeds 000/001 example response, verbatim.
SEED_RESPONSE = {
    "description": "api-test",
    "feature": "NOTEBOOK",
    "flavor": "modelarts.vm.cpu.2u",
    "id": "f9937afa-4451-42db-a76b-72d624749f66",
    "image": {
        "description": "description",
        "id": "e1a07296-22a8-4f05-8bc8-e936c8e54090",
        "name": "notebook2.0-mul-kernel-cpu-cp36",
        "swr_path": "swr.xxxxx.com/atelier/notebook2.0-mul-kernel-cpu-cp36:3.3.2-release_v1",
        "tag": "3.3.2-release_v1",
        "type": "BUILD_IN",
    },
    "lease": {
        "create_at": 1638841744515,
        "duration": 3600000,
        "enable": True,
        "type": "TIMING",
        "update_at": 1638841744515,
    },
    "name": "notebooks_test",
    "status": "CREATING",
    "token": "3eff13f2-3d70-5456-6dc7-e3f99f562022",
    "workspace_id": "0",
}
# Seed 003 list example, same data as the page (its leases carry no "type").
SEED_LIST = {
    "current": 0,
    "data": [
        {
            "description": "api-test",
            "feature": "DEFAULT",
            "flavor": "modelarts.vm.cpu.free",
            "id": "f9937afa-ca78-45b6-bc12-7ecf42553c48",
            "image": {
                "id": "e1a07296-22a8-4f05-8bc8-e936c8e54090",
                "name": "notebook2.0-mul-kernel-cpu-cp36",
                "swr_path": "swr.xxxxx.com/atelier/notebook2.0-mul-kernel-cpu-cp36:3.3.2-release_v1",
                "type": "BUILD_IN",
            },
            "lease": {
                "create_at": 1638841805439,
                "duration": 3600000,
                "enable": True,
                "update_at": 1638841805439,
            },
            "name": "notebook_5ee4bf0e",
            "status": "CREATING",
            "token": "58ba50c6-e8ff-245c-4840-49e51aa70737",
            "volume": {
                "category": "EVS",
                "ownership": "MANAGED",
                "mount_path": "/home/ma-user/work/",
                "capacity": 50,
            },
            "workspace_id": "0",
        },
        {
            "description": "api-test",
            "feature": "NOTEBOOK",
            "flavor": "modelarts.vm.cpu.2u",
            "id": "f9937afa-4451-42db-a76b-72d624749f66",
            "image": {
                "id": "e1a07296-22a8-4f05-8bc8-e936c8e54090",
                "name": "notebook2.0-mul-kernel-cpu-cp36",
                "swr_path": "swr.xxxxx.com/atelier/notebook2.0-mul-kernel-cpu-cp36:3.3.2-release_v1",
                "type": "BUILD_IN",
            },
            "lease": {
                "create_at": 1638841744515,
                "duration": 3600000,
                "enable": True,
                "update_at": 1638841744515,
            },
            "name": "notebooks_test",
            "status": "CREATING",
            "token": "3eff13f2-3d70-5456-6dc7-e3f99f562022",
            "volume": {
                "category": "EVS",
                "ownership": "MANAGED",
                "mount_path": "/home/ma-user/work/",
                "capacity": 50,
            },
            "workspace_id": "0",
        },
    ],
    "pages": 1,
    "size": 10,
    "total": 2,
}
# Seed 004: request and its partial answer, verbatim.
SEED_UPDATE_REQUEST = {"description": "update"}
SEED_UPDATE_RESPONSE = {
    "description": "test",
    "flavor": "modelarts.vm.cpu.8u",
    "name": "notebook-1111",
    "endpoints": [{"allowed_access_ips": ["1.1.1.1"]}],
}
# REFERENCE §4.9 flavor list example.
FLAVOR_LIST = json.loads("""{"current":1,"pages":1,"size":1,"total":1,
 "data":[{"arch":"x86_64","billing":{"code":"modelarts.vm.cpu.2u","unit_num":1},"category":"CPU",
          "description":"General-purpose Intel CPU flavor","feature":"NOTEBOOK","free":false,
          "id":"modelarts.vm.cpu.2u","memory":8388608,"name":"CPU: 2 vCPUs 8 GB","sold_out":false,
          "storages":["EVS","OBSFS","EFS","OBS"],"vcpus":2}]}""")


def request_round_trip(model: type[RequestModel], example: dict[str, Any]) -> bytes:
    first = parse_request(model, example)
    sent = to_upstream_json(first)
    assert parse_request(model, sent) == first
    return sent


def test_reference_create_request() -> None:
    sent = request_round_trip(NotebookCreateRequest, REFERENCE_REQUEST)
    assert json.loads(sent) == REFERENCE_REQUEST


def test_seed_create_requests_are_sent_upper_case() -> None:
    for category in ("efs", "evs"):
        example = {**SEED_REQUEST, "volume": {**SEED_REQUEST["volume"], "category": category}}
        sent = json.loads(request_round_trip(NotebookCreateRequest, example))
        assert sent["volume"] == {"category": category.upper(), "ownership": "MANAGED", "capacity": 50}
        assert {k: v for k, v in sent.items() if k != "volume"} == {
            k: v for k, v in SEED_REQUEST.items() if k != "volume"
        }


def test_seed_update_request() -> None:
    assert json.loads(request_round_trip(NotebookUpdateRequest, SEED_UPDATE_REQUEST)) == SEED_UPDATE_REQUEST


def test_reference_renew_body_lower_case() -> None:
    sent = request_round_trip(LeaseRenewRequest, {"duration": 3600000, "type": "timing"})
    assert json.loads(sent) == {"duration": 3600000, "type": "TIMING"}


@pytest.mark.parametrize("example", [REFERENCE_RESPONSE, SEED_RESPONSE, SEED_UPDATE_RESPONSE])
def test_notebook_answers_round_trip(example: dict[str, Any]) -> None:
    notebook = Notebook.model_validate(example)
    assert notebook.model_dump(mode="json", exclude_unset=True) == example


def test_reference_answer_details() -> None:
    notebook = Notebook.model_validate(REFERENCE_RESPONSE)
    assert notebook.status is NotebookStatus.CREATING
    assert notebook.action_progress is not None
    assert [(p.step, p.status, p.text) for p in notebook.action_progress][0] == (
        1,
        JobStatus.WAITING,
        "Prepare the storage.",
    )
    assert notebook.lease is not None and notebook.lease.deadline_ms == 1687656452470 + 3600000
    assert notebook.create_at == 1687656452472
    # The instance token never shows in repr().
    assert "3452e0d5" not in repr(notebook)


def test_job_progress_both_spellings() -> None:
    notebook = Notebook.model_validate(
        {
            "action_progress": [
                {"step": 2, "status": "processing", "step_description": "compute", "notebook_id": "n"}
            ]
        }
    )
    assert notebook.action_progress is not None
    (step,) = notebook.action_progress
    assert (step.status, step.text, step.notebook_id) == (JobStatus.PROCESSING, "compute", "n")


def test_endpoint_answers_both_spellings() -> None:
    notebook = Notebook.model_validate(
        {
            "endpoints": [
                {"service": "NOTEBOOK", "uri": "https://authoring.example/nb/lab"},
                {"dev_service": "SSH", "uri": "ssh://ma-user@dev-modelarts:30480", "ssh_keys": ["k"]},
            ]
        }
    )
    ssh = notebook.endpoint(EndpointService.SSH)
    assert ssh is not None and ssh.uri == "ssh://ma-user@dev-modelarts:30480" and ssh.keys == ["k"]
    web = notebook.endpoint(EndpointService.NOTEBOOK)
    assert web is not None and web.keys == []


def test_seed_list_round_trips() -> None:
    page = NotebookPage.model_validate(SEED_LIST)
    assert page.model_dump(mode="json", exclude_unset=True) == SEED_LIST
    assert [n.volume.category for n in page.data if n.volume] == [VolumeCategory.EVS, VolumeCategory.EVS]
    assert all(isinstance(n.lease, Lease) and n.lease.type is None for n in page.data)


def test_flavor_list_round_trips_with_arch_normalised() -> None:
    page = FlavorPage.model_validate(FLAVOR_LIST)
    expected = json.loads(json.dumps(FLAVOR_LIST).replace('"x86_64"', '"X86_64"'))
    assert page.model_dump(mode="json", exclude_unset=True) == expected


def test_unknown_answer_fields_and_values_are_kept() -> None:
    example = {**SEED_RESPONSE, "status": "HIBERNATING", "new_top_level": {"a": 1}}
    notebook = Notebook.model_validate(example)
    assert notebook.status == "HIBERNATING"
    assert notebook.model_dump(mode="json", exclude_unset=True) == example
