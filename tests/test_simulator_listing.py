"""List filters, sorting and pagination (REFERENCE §4.2, §12.4) for notebooks, flavors and images."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from jupyter_modelarts.simulator.testing import (
    GPU_IMAGE_ID,
    SimClient,
    create_running,
    notebook_request,
    running_simulator,
)


@pytest.fixture(scope="module")
def populated() -> Iterator[tuple[SimClient, list[dict[str, Any]]]]:
    """Twelve notebooks: names alpha-00..alpha-05 and beta-00..beta-05, created one virtual minute apart."""
    with running_simulator(lab=False, speed=1000, quota=20, max_running=20) as (_, client):
        created = []
        for group in ("alpha", "beta"):
            for n in range(6):
                body = notebook_request(f"{group}-{n:02d}", description=f"{group} team notebook")
                if n == 0:
                    body.update(flavor="modelarts.vm.gpu.t4", image_id=GPU_IMAGE_ID)
                created.append(client.api("POST", "/notebooks", json=body).json())
                client.advance_clock(60_000)
        for notebook in created:
            client.wait_for_status(notebook["id"], "RUNNING")
        client.api("POST", f"/notebooks/{created[1]['id']}/stop")
        client.wait_for_status(created[1]["id"], "STOPPED")
        yield client, created


def names(page: dict[str, Any]) -> list[str]:
    return [item["name"] for item in page["data"]]


def test_default_page_is_ten_newest_first(populated: tuple[SimClient, list[dict[str, Any]]]) -> None:
    client, _ = populated
    page = client.api("GET", "/notebooks").json()
    assert (page["current"], page["pages"], page["size"], page["total"]) == (0, 2, 10, 12)
    assert names(page)[:2] == ["beta-05", "beta-04"]


def test_offset_and_limit(populated: tuple[SimClient, list[dict[str, Any]]]) -> None:
    client, _ = populated
    page = client.api("GET", "/notebooks", query={"offset": 10, "limit": 5, "sort_dir": "ASC"}).json()
    assert (page["current"], page["pages"], page["size"], page["total"]) == (2, 3, 2, 12)
    assert names(page) == ["beta-04", "beta-05"]
    past_the_end = client.api("GET", "/notebooks", query={"offset": 50}).json()
    assert (past_the_end["size"], past_the_end["total"], past_the_end["data"]) == (0, 12, [])


def test_sort_by_name_ascending(populated: tuple[SimClient, list[dict[str, Any]]]) -> None:
    client, _ = populated
    page = client.api("GET", "/notebooks", query={"sort_key": "name", "sort_dir": "ASC", "limit": 50}).json()
    assert names(page) == sorted(names(page))
    by_status = client.api("GET", "/notebooks", query={"sort_key": "status,name", "sort_dir": "DESC"}).json()
    assert by_status["data"][0]["status"] == "STOPPED"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"name": "ALPHA-0"}, 6),  # fuzzy, case-insensitive
        ({"name": "beta-03"}, 1),
        ({"status": "STOPPED"}, 1),
        ({"status": "running"}, 11),
        ({"flavor": "gpu"}, 2),
        ({"description": "beta team"}, 6),
        ({"image_id": GPU_IMAGE_ID}, 2),
        ({"workspace_id": "0"}, 12),
        ({"workspaceId": "0"}, 12),
        ({"workspace_id": "f" * 32}, 0),
        ({"feature": "DEFAULT"}, 0),
        ({"feature": "notebook"}, 12),
        ({"pool_id": "pool41664192"}, 0),
        ({"name": "alpha", "status": "STOPPED"}, 1),
    ],
)
def test_filters(
    populated: tuple[SimClient, list[dict[str, Any]]], query: dict[str, str], expected: int
) -> None:
    client, _ = populated
    assert client.api("GET", "/notebooks", query={**query, "limit": 50}).json()["total"] == expected


def test_id_and_owner_filters(populated: tuple[SimClient, list[dict[str, Any]]]) -> None:
    client, created = populated
    assert names(client.api("GET", "/notebooks", query={"id": created[3]["id"]}).json()) == ["alpha-03"]
    owner = created[0]["user_id"]
    assert client.api("GET", "/notebooks/all", query={"owner": owner}).json()["total"] == 12
    assert client.api("GET", "/notebooks/all", query={"owner": "someone-else"}).json()["total"] == 0


def test_flavor_filters_and_paging() -> None:
    with running_simulator(lab=False, speed=1000) as (_, client):
        gpu = client.api("GET", "/notebooks/flavors", query={"category": "gpu"}).json()
        assert {flavor["category"] for flavor in gpu["data"]} == {"GPU"}
        free = client.api("GET", "/notebooks/flavors", query={"feature": "DEFAULT"}).json()
        assert [flavor["id"] for flavor in free["data"]] == ["modelarts.vm.cpu.free"]
        ascend = client.api("GET", "/notebooks/flavors", query={"flavor_type": "ASCEND_SNT9"}).json()
        assert {flavor["arch"] for flavor in ascend["data"]} == {"aarch64"}
        dedicated = client.api("GET", "/notebooks/flavors", query={"type": "DEDICATED"}).json()
        assert dedicated["total"] == 0
        paged = client.api("GET", "/notebooks/flavors", query={"limit": 2, "offset": 2}).json()
        assert (paged["current"], paged["size"], len(paged["flavors"])) == (1, 2, 2)
        by_vcpus = client.api(
            "GET", "/notebooks/flavors", query={"sort_key": "vcpus", "sort_dir": "DESC"}
        ).json()
        assert by_vcpus["data"][0]["id"] == "modelarts.bm.snt9.xlarge.8"
        notebook = create_running(client, flavor="modelarts.vm.gpu.t4", image_id=GPU_IMAGE_ID)
        switchable = client.api("GET", f"/notebooks/{notebook['id']}/flavors").json()
        # Same category and arch, on sale, not itself: the A100 is sold out.
        assert [flavor["id"] for flavor in switchable["data"]] == ["modelarts.bm.gpu.v100NV32"]
        client.set_sold_out("modelarts.vm.gpu.a100", False)
        switchable = client.api("GET", f"/notebooks/{notebook['id']}/flavors").json()
        assert [f["id"] for f in switchable["data"]] == ["modelarts.bm.gpu.v100NV32", "modelarts.vm.gpu.a100"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"name": "mindspore"}, 3),
        ({"name": "mindspore1.7.0-py3.7-ubuntu18.04", "name_fuzzy_match": "false"}, 1),
        ({"name": "mindspore", "name_fuzzy_match": "false"}, 0),
        ({"type": "BUILD_IN"}, 9),
        ({"type": "DEDICATED"}, 0),
        ({"service_type": "COMMON"}, 1),
        ({"namespace": "atelier"}, 9),
        ({"namespace": "someone"}, 0),
        ({"workspace_id": "0"}, 9),
    ],
)
def test_image_filters(query: dict[str, str], expected: int) -> None:
    with running_simulator(lab=False) as (_, client):
        assert client.api("GET", "/images", query=query).json()["total"] == expected


def test_image_sort_and_paging() -> None:
    with running_simulator(lab=False) as (_, client):
        page = client.api("GET", "/images", query={"sort_key": "name", "sort_dir": "ASC", "limit": 4}).json()
        assert (page["current"], page["pages"], page["size"], page["total"]) == (0, 3, 4, 9)
        assert names(page) == sorted(names(page))
        second = client.api(
            "GET", "/images", query={"sort_key": "name", "sort_dir": "ASC", "limit": 4, "offset": 4}
        )
        assert names(page)[-1] < names(second.json())[0]
