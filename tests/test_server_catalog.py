"""Flavors, images and presets through the server extension: policy applied, cache, launching a preset."""

from __future__ import annotations

from typing import Any

import pytest

HOUR = 3_600_000
CPU_IMAGE_NAME = "notebook2.0-mul-kernel-cpu-cp36"
PRESETS = [
    {
        "display_name": "Small CPU",
        "flavor": "modelarts.vm.cpu.2u",
        "image": CPU_IMAGE_NAME,
        "storage": "evs:10",
        "lease": "2h",
    },
    {
        "display_name": "Spark",
        "flavor": "modelarts.vm.cpu.8u",
        "image": "spark2.4.5-ubuntu18.04:20220525",
        "lease": "idle:30m",
        "name_prefix": "spark-",
        "default": True,
    },
]


@pytest.fixture
def modelarts_config(sim_modelarts_config: dict[str, Any]) -> dict[str, Any]:
    return {
        **sim_modelarts_config,
        "allowed_flavors": ["modelarts.vm.cpu.*"],
        "blocked_images": ["*cuda10.1*"],
        "max_lease_hours": 4,
        "presets": PRESETS,
    }


def names(answer: dict[str, Any]) -> list[str]:
    return sorted(item["name"] for item in answer["items"])


async def test_flavors_are_those_the_policy_allows(api: Any) -> None:
    flavors = await api.get("flavors")

    assert sorted(f["id"] for f in flavors["items"]) == [
        "modelarts.vm.cpu.2u", "modelarts.vm.cpu.8u", "modelarts.vm.cpu.free",
    ]  # fmt: skip
    small = next(f for f in flavors["items"] if f["id"] == "modelarts.vm.cpu.2u")
    assert small["category"] == "CPU" and small["arch"] == "X86_64" and small["vcpus"] == 2
    assert small["memory_gib"] == 8 and small["accelerator"] is None and small["sold_out"] is False
    assert next(f for f in flavors["items"] if f["id"] == "modelarts.vm.cpu.free")["free"] is True
    assert (await api.get("flavors", params={"category": "gpu"}))["items"] == []


async def test_images_for_a_flavor_are_compatible_allowed_and_searchable(api: Any) -> None:
    for_cpu = await api.get("images", params={"flavor": "modelarts.vm.cpu.2u"})

    # CPU images of x86_64; the CUDA 10.1 one is blocked; aarch64 and GPU-only images do not run here.
    assert names(for_cpu) == [
        "mindspore1.7.0-py3.7-ubuntu18.04", CPU_IMAGE_NAME, "pytorch1.8-cuda10.2-cudnn7-ubuntu18.04",
        "spark2.4.5-ubuntu18.04",
    ]  # fmt: skip
    # Without a flavor: the images that run on some flavor this user may launch. Every allowed
    # flavor is an x86_64 CPU one here, so GPU-only, Ascend and aarch64 images are not offered.
    every = await api.get("images")
    assert names(every) == names(for_cpu)
    assert names(await api.get("images", params={"name": "SPARK"})) == ["spark2.4.5-ubuntu18.04"]
    spark = (await api.get("images", params={"name": "spark"}))["items"][0]
    assert (
        spark["categories"] == ["CPU"]
        and spark["dev_services"] == ["NOTEBOOK"]
        and spark["tag"] == "20220525"
    )


async def test_images_for_a_flavor_not_offered_are_refused(api: Any) -> None:
    blocked = await api.fails(400, "GET", "images", params={"flavor": "modelarts.vm.gpu.t4"})
    slip = await api.fails(400, "GET", "images", params={"flavor": "MODELARTS.vm.cpu.2u"})

    assert blocked["problems"][0]["location"] == "query.flavor"
    assert "did you mean modelarts.vm.cpu.2u?" in slip["problems"][0]["rule"]


async def test_the_catalogue_is_cached_and_refresh_bypasses_it(api: Any, sim: Any) -> None:
    counter = sim.count_requests(r"/notebooks/flavors$", "GET")

    await api.get("flavors")
    await api.get("flavors", params={"category": "CPU"})
    await api.get("images", params={"flavor": "modelarts.vm.cpu.8u"})
    assert sim.fired(counter) == 1
    await api.get("flavors", params={"refresh": "1"})
    assert sim.fired(counter) == 2


async def test_a_flavor_that_sells_out_shows_after_a_refresh(api: Any, sim: Any) -> None:
    await api.get("flavors")
    sim.control.set_sold_out("modelarts.vm.cpu.8u", True)

    cached = await api.get("flavors")
    fresh = await api.get("flavors", params={"refresh": "true"})

    def sold_out(answer: dict[str, Any]) -> bool:
        return next(f for f in answer["items"] if f["id"] == "modelarts.vm.cpu.8u")["sold_out"] is True

    assert not sold_out(cached) and sold_out(fresh)


async def test_presets_are_normalised(api: Any) -> None:
    presets = (await api.get("presets"))["items"]

    assert [(p["slug"], p["default"]) for p in presets] == [("small-cpu", False), ("spark", True)]
    small = presets[0]
    assert small["storage"] == {"category": "EVS", "capacity": 10}
    assert small["lease"] == {"type": "TIMING", "duration_ms": 2 * HOUR}
    assert small["name_prefix"] == "small-cpu-" and presets[1]["name_prefix"] == "spark-"


async def test_launching_a_preset_creates_what_it_describes(api: Any, sim: Any) -> None:
    code, first = await api.call("POST", "presets/small-cpu/launch")
    second = await api.ok("POST", "presets/small-cpu/launch", {})
    named = await api.ok("POST", "presets/spark/launch", {"name": "my-spark"})

    assert code == 201
    assert (first["name"], second["name"], named["name"]) == ("small-cpu-1", "small-cpu-2", "my-spark")
    assert first["flavor"] == "modelarts.vm.cpu.2u" and first["image"]["name"] == CPU_IMAGE_NAME
    assert first["volume"]["capacity"] == 10 and first["lease"]["duration"] == 2 * HOUR
    assert named["lease"]["type"] == "IDLE" and named["flavor"] == "modelarts.vm.cpu.8u"
    assert "token" not in first


async def test_launching_an_unknown_preset_is_404(api: Any) -> None:
    error = await api.fails(404, "POST", "presets/gpu/launch")

    assert "small-cpu, spark" in error["message"]


async def test_a_launch_with_a_bad_name_is_refused(api: Any) -> None:
    error = await api.fails(400, "POST", "presets/spark/launch", {"name": "no spaces", "extra": 1})

    assert {p["location"] for p in error["problems"]} == {"body.name", "body.extra"}


class TestPresetsForEachUser:
    @pytest.fixture
    def modelarts_config(self, sim_modelarts_config: dict[str, Any]) -> dict[str, Any]:
        async def presets_for(user: Any) -> list[dict[str, Any]]:
            # An async callable, as docs/policy.md allows; the user is jupyter_server's User.
            return [{"display_name": f"CPU for {user.username[:8]}", "slug": "cpu", **_CPU}]

        return {**sim_modelarts_config, "presets": presets_for}

    async def test_a_callable_is_called_per_request_with_the_user(self, api: Any) -> None:
        [preset] = (await api.get("presets"))["items"]

        assert preset["slug"] == "cpu" and preset["display_name"].startswith("CPU for ")
        launched = await api.ok("POST", "presets/cpu/launch")
        assert launched["name"] == "cpu-1"


_CPU = {"flavor": "modelarts.vm.cpu.2u", "image": CPU_IMAGE_NAME}


async def test_jupyterlab_cache_buster_is_ignored_but_unknown_parameters_are_refused(api: Any) -> None:
    # ServerConnection.makeRequest appends a bare "?<milliseconds>" unless told otherwise.
    busted = await api.get("flavors", params={"1700000000000": ""})
    assert len(busted["items"]) == 3

    code, answer = await api.call("GET", "flavors", params={"colour": "blue"})
    assert code == 400
    assert [p["location"] for p in answer["problems"]] == ["query.colour"]
