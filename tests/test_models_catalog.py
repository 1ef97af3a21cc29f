"""Flavors, images and the notebook quota: queries and answers (REFERENCE §4.9, §4.10, §5.2)."""

from __future__ import annotations

from typing import Any

import pytest

from jupyter_modelarts.core.contract import (
    Flavor,
    FlavorCategory,
    Image,
    ImageListQuery,
    ImageStatus,
    parse_request,
)
from jupyter_modelarts.core.contract.catalog import (
    FlavorListQuery,
    FlavorPage,
    ImagePage,
    Quota,
    SwitchableFlavorsQuery,
)
from jupyter_modelarts.core.contract.enums import Arch
from jupyter_modelarts.core.contract.validation import to_query
from jupyter_modelarts.core.errors import ContractError

CPU_FLAVOR = {
    "arch": "x86_64",
    "billing": {"code": "modelarts.vm.cpu.2u", "unit_num": 1},
    "category": "CPU",
    "description": "General-purpose Intel CPU flavor",
    "feature": "NOTEBOOK",
    "free": False,
    "id": "modelarts.vm.cpu.2u",
    "memory": 8388608,
    "name": "CPU: 2 vCPUs 8 GB",
    "sold_out": False,
    "storages": ["EVS", "OBSFS", "EFS", "OBS"],
    "vcpus": 2,
}
ASCEND_FLAVOR = {
    "arch": "aarch64",
    "ascend": {"npu": 2, "npu_memory": "32GB", "type": "snt9", "chip": 2},
    "billing": {"code": "modelarts.kat1.xlarge", "unit_num": 2},
    "category": "ASCEND",
    "id": "modelarts.bm.snt9.xlarge.2",
    "memory": 201326592,
    "storages": ["EFS"],
    "vcpus": 48,
    "grow_support_type": "COMMON",
}


def rejected(model: type, query: dict[str, Any]) -> list[str]:
    with pytest.raises(ContractError) as caught:
        parse_request(model, query)
    return [p.location for p in caught.value.problems]


@pytest.mark.parametrize(
    ("name", "bad", "good"),
    [
        ("category", "TPU", "ascend"),
        ("type", "PUBLIC", "dedicated"),
        ("limit", "0", "1"),
        ("offset", "-1", "0"),
        ("sort_dir", "sideways", "ASC"),
        ("sort_key", "a b", "id"),
        ("flavor_type", "ASCEND_SNT10", "ascend_snt9b"),
        ("feature", "TRAIN", "notebook"),
    ],
)
def test_flavor_query_filters(name: str, bad: str, good: str) -> None:
    assert rejected(FlavorListQuery, {name: bad}) == [f"query.{name}"]
    parse_request(FlavorListQuery, {name: good})


def test_switchable_flavor_query() -> None:
    query = parse_request(SwitchableFlavorsQuery, {"limit": "10", "offset": "0", "sort_dir": "desc"})
    assert to_query(query) == [("limit", "10"), ("offset", "0"), ("sort_dir", "DESC")]
    assert rejected(SwitchableFlavorsQuery, {"category": "CPU"}) == ["query.category"]


def test_flavor_answer_normalises_and_converts() -> None:
    flavor = Flavor.model_validate(CPU_FLAVOR)
    assert flavor.arch is Arch.X86_64
    assert flavor.category is FlavorCategory.CPU
    assert flavor.memory_gib == 8.0
    assert flavor.billing is not None and flavor.billing.unit_num == 1
    ascend = Flavor.model_validate(ASCEND_FLAVOR)
    assert ascend.ascend is not None and (ascend.ascend.npu, ascend.ascend.chip) == (2, 2)
    assert ascend.memory_gib == 192.0


def test_flavor_memory_as_pool_string() -> None:
    flavor = Flavor.model_validate(
        {"memory": "64GiB", "gpu": {"gpu": 1, "gpu_memory": "32GB", "type": "v100"}}
    )
    assert flavor.memory_gib is None
    assert flavor.gpu is not None and flavor.gpu.gpu == 1


def test_flavor_page_reads_data_or_flavors() -> None:
    listed = FlavorPage.model_validate(
        {"current": 1, "pages": 1, "size": 1, "total": 1, "data": [CPU_FLAVOR]}
    )
    assert [f.id for f in listed.items] == ["modelarts.vm.cpu.2u"]
    switchable = FlavorPage.model_validate({"flavors": [ASCEND_FLAVOR], "data": [ASCEND_FLAVOR], "total": 1})
    assert [f.id for f in switchable.items] == ["modelarts.bm.snt9.xlarge.2"]
    only_flavors = FlavorPage.model_validate({"flavors": [CPU_FLAVOR]})
    assert [f.vcpus for f in only_flavors.items] == [2]


@pytest.mark.parametrize(
    ("name", "bad", "good"),
    [
        ("limit", "0", "1"),
        ("limit", "1001", "1000"),
        ("offset", "-1", "0"),
        ("name", "Upper", "pytorch1.8-cuda10.2"),
        ("name_fuzzy_match", "maybe", "false"),
        ("namespace", "1atelier", "atelier"),
        ("namespace", "a" * 65, "a" * 64),
        ("service_type", "GAMES", "dev"),
        ("type", "PUBLIC", "build_in"),
        ("workspace_id", "abc", "0"),
        ("sort_dir", "x", "asc"),
        ("show_name", "", "PyTorch"),
    ],
)
def test_image_query_filters(name: str, bad: str, good: str) -> None:
    assert rejected(ImageListQuery, {name: bad}) == [f"query.{name}"]
    parse_request(ImageListQuery, {name: good})


def test_image_query_booleans_lower_case() -> None:
    query = parse_request(ImageListQuery, {"name_fuzzy_match": "False", "type": "dedicated"})
    assert to_query(query) == [("name_fuzzy_match", "false"), ("type", "DEDICATED")]


def test_image_answer() -> None:
    image = Image.model_validate(
        {
            "id": "e1a07296-22a8-4f05-8bc8-e936c8e54090",
            "name": "notebook2.0-mul-kernel-cpu-cp36",
            "arch": "x86_64",
            "dev_services": ["NOTEBOOK", "SSH"],
            "resource_categories": ["CPU"],
            "support_res_categories": ["cpu", "NPU_LATER"],
            "status": "active",
            "origin": "IMAGE_SAVE",
            "visibility": "PRIVATE",
            "type": "DEDICATED",
            "service_type": "UNKNOWN",
            "size": 1234,
            "tags": [{"key": "k", "value": "v"}],
            "brand_new_field": "kept",
        }
    )
    assert image.arch is Arch.X86_64
    assert image.status is ImageStatus.ACTIVE
    assert image.support_res_categories == [FlavorCategory.CPU, "NPU_LATER"]
    assert image.model_extra == {"brand_new_field": "kept"}
    page = ImagePage.model_validate({"data": [{"id": "x"}], "total": 1})
    assert isinstance(page.data[0], Image)


def test_quota() -> None:
    quota = Quota.model_validate({"id": "f", "name": "NOTEBOOK", "enabled": True, "quota": 10, "used": 3})
    assert quota.remaining == 7
    assert Quota.model_validate({"quota": 2, "used": 5}).remaining == 0
    assert Quota.model_validate({"enabled": False}).remaining is None
