"""Launch presets: normalisation, per-user callables, and conversion to create requests (core/presets.py)."""

from __future__ import annotations

import asyncio
import json
import logging
import re
from pathlib import Path
from typing import Any

import pytest
from jupyter_server.auth import User
from traitlets.config import Config

from jupyter_modelarts.core.contract import Flavor, Image
from jupyter_modelarts.core.contract.enums import LeaseType
from jupyter_modelarts.core.contract.validation import to_upstream_json
from jupyter_modelarts.core.errors import ConfigurationError, ContractError, PolicyError
from jupyter_modelarts.core.policy.preset_values import (
    KNOWN_KEYS,
    PresetLease,
    PresetStorage,
    derive_slug,
    parse_preset_lease,
    parse_storage,
)
from jupyter_modelarts.core.policy.presets import Preset, normalise_presets, resolve_presets
from jupyter_modelarts.core.policy.rules import Policy
from jupyter_modelarts.core.settings import ModelArts
from jupyter_modelarts.simulator import catalog as catalog_data

LOG = logging.getLogger("test_presets")
HOUR = 3_600_000
TORCH_ID = "278e88d1-5b71-4766-8502-b3ba72e824d9"
TORCH = "pytorch1.8-cuda10.2-cudnn7-ubuntu18.04"
FLAVORS = [Flavor.model_validate(f) for f in catalog_data.FLAVORS]
IMAGES = [Image.model_validate(i) for i in catalog_data.IMAGES]


def item(display_name: str = "Small CPU", **keys: Any) -> dict[str, Any]:
    return {"display_name": display_name, "flavor": "modelarts.vm.cpu.2u", "image": TORCH, **keys}


def normalise(raw: object, **kwargs: Any) -> list[Preset]:
    return normalise_presets(raw, log=LOG, **kwargs)


def config_error(raw: object, **kwargs: Any) -> str:
    with pytest.raises(ConfigurationError) as caught:
        normalise(raw, **kwargs)
    return str(caught.value)


# ---- normalisation -------------------------------------------------------------


def test_a_minimal_preset_is_completed() -> None:
    (preset,) = normalise([item()])
    assert preset.model_dump(mode="json") == {
        "slug": "small-cpu",
        "display_name": "Small CPU",
        "description": "",
        "default": True,
        "flavor": "modelarts.vm.cpu.2u",
        "image": TORCH,
        "storage": {"category": "EVS", "capacity": None},
        "lease": None,
        "feature": None,
        "notebook_description": None,
        "name_prefix": "small-cpu-",
    }


def test_every_key_is_read() -> None:
    raw = {
        "display_name": "  Big GPU  ",
        "description": "One V100 for training",
        "slug": "gpu-big",
        "default": True,
        "flavor": "modelarts.bm.gpu.v100NV32",
        "image": f"{TORCH}:20220525",
        "storage": {"category": "efs", "capacity": 100},
        "lease": "idle:45m",
        "feature": "notebook",
        "notebook_description": "launched from the GPU preset",
        "name_prefix": "train_",
    }
    assert set(raw) | {"duration"} == set(KNOWN_KEYS)
    (preset,) = normalise([raw])
    assert (preset.display_name, preset.slug, preset.name_prefix) == ("Big GPU", "gpu-big", "train_")
    assert preset.storage == PresetStorage(category="EFS", capacity=100)
    assert preset.lease == PresetLease(type=LeaseType.IDLE, duration_ms=2_700_000)
    assert preset.lease.label == "idle 45 min"
    assert preset.feature == "NOTEBOOK"


def test_presets_are_safe_json_for_the_browser() -> None:
    presets = normalise([item(lease="2h", storage="evs:20"), item("Other", default=True)])
    sent = json.loads(json.dumps([p.model_dump(mode="json") for p in presets]))
    assert [p["default"] for p in sent] == [False, True]
    assert [Preset.model_validate(p) for p in sent] == presets
    with pytest.raises(ValueError, match="frozen"):
        presets[0].flavor = "something else"  # type: ignore[misc]


@pytest.mark.parametrize("raw", [None, []])
def test_no_presets(raw: object) -> None:
    assert normalise(raw) == []


@pytest.mark.parametrize("raw", ["Small CPU", {"display_name": "x"}, 3, b"[]"])
def test_the_list_itself_must_be_a_list(raw: object) -> None:
    assert "c.ModelArts.presets must be a list of dicts" in config_error(raw)


@pytest.mark.parametrize(
    ("display_name", "slug"),
    [
        ("Small CPU", "small-cpu"),
        ("Small CPU (2 vCPU, 8 GB)", "small-cpu-2-vcpu-8-gb"),
        ("  --GPU__v100--  ", "gpu-v100"),
        ("Ünïcödé Ascend", "unicode-ascend"),
        ("深度学习", "preset"),
        ("GPU 深度学习", "gpu"),
        ("x" * 70, "x" * 63),
        ("a" * 62 + " b", "a" * 62),
    ],
)
def test_derived_slugs(display_name: str, slug: str) -> None:
    assert derive_slug(display_name) == slug
    assert normalise([item(display_name)])[0].slug == slug


def test_derived_slugs_are_made_unique_around_explicit_ones() -> None:
    presets = normalise([item("GPU"), item("GPU"), item("Other", slug="gpu-2"), item("gpu!"), item("x" * 70)])
    assert [p.slug for p in presets] == ["gpu", "gpu-3", "gpu-2", "gpu-4", "x" * 63]
    longer = normalise([item("y" * 70), item("y" * 70)])
    assert [p.slug for p in longer] == ["y" * 63, "y" * 61 + "-2"]


def test_explicit_slugs_must_be_valid_and_unique() -> None:
    message = config_error([item(slug="same"), item("B", slug="same"), item("C", slug="Not OK")])
    assert "presets[1] ('B') slug: 'same' is already used by presets[0]" in message
    assert "presets[2] ('C') slug: must be 1–63 of a-z, 0-9 and '-'" in message


@pytest.mark.parametrize(
    ("defaults", "chosen", "warned"),
    [
        ([None, None, None], 0, False),
        ([None, True, None], 1, False),
        ([False, None, True], 2, False),
        ([None, True, True], 1, True),
        ([True, True, True], 0, True),
    ],
)
def test_exactly_one_default(
    defaults: list[bool | None], chosen: int, warned: bool, caplog: pytest.LogCaptureFixture
) -> None:
    raw = [item(f"P{i}", **({} if d is None else {"default": d})) for i, d in enumerate(defaults)]
    with caplog.at_level(logging.WARNING, logger="test_presets"):
        presets = normalise(raw)
    assert [p.default for p in presets] == [i == chosen for i in range(len(raw))]
    assert bool(caplog.records) is warned
    if warned:
        assert f"using the first, 'p{chosen}'" in caplog.text


def test_unknown_keys_are_rejected_with_the_preset_and_key() -> None:
    message = config_error([item(), item("Big GPU", flavour="modelarts.vm.gpu.t4", gpus=2)])
    assert "presets[1] ('Big GPU'): unknown key 'flavour' (known keys: display_name, description" in message
    assert "presets[1] ('Big GPU'): unknown key 'gpus'" in message
    assert "presets[0]" not in message


def test_every_problem_of_every_preset_is_reported_at_once() -> None:
    raw = [
        {"display_name": "", "storage": "obs", "lease": "5m", "default": "yes"},
        "not a dict",
        item("Fine"),
        item(
            "Bad image", image="Not An Image!", feature="gpu", notebook_description="<b>", name_prefix="a b"
        ),
    ]
    message = config_error(raw)
    expected = [
        "presets[0] display_name: must be a non-empty string (got '')",
        "presets[0] storage: category must be EVS or EFS (got 'OBS')",
        "presets[0] lease: '5m' is 5 min, but the TIMING lease duration must be -1",
        "presets[0] default: must be True or False (got 'yes')",
        "presets[0] flavor: is required",
        "presets[0] image: is required",
        "presets[1] must be a dict (got 'not a dict')",
        "presets[3] ('Bad image') image: must be an image id (UUID), an image name, or name:tag",
        "presets[3] ('Bad image') feature: must be one of NOTEBOOK, DEFAULT",
        "presets[3] ('Bad image') notebook_description: must be at most 512 characters",
        "presets[3] ('Bad image') name_prefix: must be at most 120 characters",
    ]
    for part in expected:
        assert part in message
    assert "Fine" not in message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("evs", PresetStorage(category="EVS")),
        ("EVS:50", PresetStorage(category="EVS", capacity=50)),
        ("evs: 4096 GB", PresetStorage(category="EVS", capacity=4096)),
        ("efs", PresetStorage(category="EFS")),
        ("efs:1g", PresetStorage(category="EFS", capacity=1)),
        ("sfs:100", PresetStorage(category="SFS", capacity=100)),
        ({"category": "EFS", "capacity": 500}, PresetStorage(category="EFS", capacity=500)),
        ({"capacity": 10}, PresetStorage(category="EVS", capacity=10)),
    ],
)
def test_storage_forms(value: object, expected: PresetStorage) -> None:
    assert parse_storage(value) == expected
    assert normalise([item(storage=value)])[0].storage == expected


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("evs:4", "EVS capacity must be 5–4096 GB"),
        ("evs:4097", "EVS capacity must be 5–4096 GB"),
        ("efs:0", "capacity must be 1–4096 GB"),
        ("evs:big", "cannot read 'evs:big'"),
        ("obs:10", "category must be EVS or EFS (got 'OBS')"),
        ({"category": "EVS", "capacity": "50"}, "capacity must be a whole number of GB"),
        ({"category": "EVS", "capacity": True}, "capacity must be a whole number of GB"),
        ({"category": "EVS", "size": 50}, "unknown storage key(s) size"),
        (50, "must be 'evs', 'evs:50'"),
    ],
)
def test_bad_storage_names_the_preset_and_field(value: object, says: str) -> None:
    message = config_error([item("Disk", storage=value)])
    assert message.startswith("c.ModelArts.presets: presets[0] ('Disk') storage: ")
    assert says in message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2h", PresetLease(duration_ms=2 * HOUR)),
        ("idle:30m", PresetLease(type=LeaseType.IDLE, duration_ms=1_800_000)),
        ("off", PresetLease(duration_ms=-1)),
        (-1, PresetLease(duration_ms=-1)),
        (HOUR, PresetLease(duration_ms=HOUR)),
        ("72h", PresetLease(duration_ms=72 * HOUR)),
    ],
)
def test_lease_forms(value: object, expected: PresetLease) -> None:
    assert parse_preset_lease(value) == expected
    assert normalise([item(lease=value)])[0].lease == expected
    assert normalise([item(duration=value)])[0].lease == expected  # the other accepted name


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("30m", "'30m' is 30 min, but the TIMING lease duration must be"),
        ("idle:10m", "IDLE lease duration must be -1 (auto-stop off) or 900000–259200000 ms"),
        (0, "TIMING lease duration must be -1"),
        (1_800_000, "TIMING lease duration must be -1"),
        ("forever", "cannot read 'forever' as a duration"),
        (True, "must be a duration such as '2h'"),
        (2.5, "must be a duration such as '2h'"),
    ],
)
def test_bad_leases_name_the_preset_and_field(value: object, says: str) -> None:
    message = config_error([item("Timed", lease=value)])
    assert "presets[0] ('Timed') lease: " in message and says in message


def test_lease_and_duration_together_are_ambiguous() -> None:
    assert "give 'lease' or 'duration' (the same setting), not both" in config_error(
        [item(lease="2h", duration="3h")]
    )


def test_policy_conflicts_are_found_at_start_up() -> None:
    policy = Policy(
        allowed_flavors=["modelarts.vm.cpu.*"], blocked_images=["pytorch*"], max_lease_ms=8 * HOUR
    )
    raw = [
        item("GPU", flavor="modelarts.vm.gpu.t4", image="spark2.4.5-ubuntu18.04"),
        item("Torch", image=f"{TORCH}:20220525"),
        item("Long", image="spark2.4.5-ubuntu18.04", lease="10h"),
        item("Forever", image="spark2.4.5-ubuntu18.04", lease="off"),
        item("Fine", image="spark2.4.5-ubuntu18.04", lease="8h"),
    ]
    message = config_error(raw, policy=policy)
    assert "presets[0] ('GPU') flavor: modelarts.vm.gpu.t4 is not allowed by allowed_flavors" in message
    assert f"presets[1] ('Torch') image: {TORCH}:20220525 is blocked by blocked_images" in message
    assert (
        "presets[2] ('Long') lease: at most 8 h is allowed by the administrator (asked for 10 h)" in message
    )
    assert "presets[3] ('Forever') lease: auto-stop cannot be turned off" in message
    assert "Fine" not in message
    assert len(normalise(raw[4:], policy=policy)) == 1


def test_default_lease_longer_than_the_policy_is_found_at_start_up() -> None:
    message = config_error([item("Short")], policy=Policy(max_lease_ms=1_800_000))
    assert "presets[0] ('Short') lease: without a duration ModelArts applies 1 h" in message
    assert normalise([item("Short", lease="idle:30m")], policy=Policy(max_lease_ms=1_800_000))


# ---- callables -------------------------------------------------------------------


def per_user(user: Any) -> list[dict[str, Any]]:
    presets = [item("Everyone")]
    if user == "alice":
        presets.append(item("GPU for Alice", flavor="modelarts.vm.gpu.t4", default=True))
    return presets


async def per_user_async(user: Any) -> list[dict[str, Any]]:
    await asyncio.sleep(0)
    return per_user(user)


@pytest.mark.asyncio
async def test_a_callable_is_called_per_request_with_the_user() -> None:
    alice = await resolve_presets(per_user, "alice", log=LOG)
    bob = await resolve_presets(per_user_async, "bob", log=LOG)
    assert [(p.slug, p.default) for p in alice] == [("everyone", False), ("gpu-for-alice", True)]
    assert [(p.slug, p.default) for p in bob] == [("everyone", True)]
    assert await resolve_presets([item()], "anyone", log=LOG) == normalise([item()])


@pytest.mark.asyncio
async def test_a_callable_result_is_normalised_the_same_way() -> None:
    with pytest.raises(ConfigurationError, match="unknown key 'flavour'"):
        await resolve_presets(lambda user: [{"display_name": "x", "flavour": "y"}], None, log=LOG)

    def not_a_list(user: Any) -> Any:
        return "nope"

    with pytest.raises(ConfigurationError, match="must be a list of dicts"):
        await resolve_presets(not_a_list, None, log=LOG)


def broken(user: Any) -> list[dict[str, Any]]:
    raise KeyError(f"no group for {user}")


async def broken_async(user: Any) -> list[dict[str, Any]]:
    raise RuntimeError("directory down")


@pytest.mark.asyncio
async def test_a_failing_callable_is_a_configuration_error(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="test_presets"), pytest.raises(ConfigurationError) as caught:
        await resolve_presets(broken, "carol", log=LOG)
    # Users get the kind of failure; its text, which may describe internal systems, stays in the log.
    assert str(caught.value) == (
        "The c.ModelArts.presets callable failed (KeyError); the server log has the details. "
        "Fix the function configured as c.ModelArts.presets."
    )
    assert "KeyError: 'no group for carol'" in caplog.text
    with pytest.raises(ConfigurationError, match=r"failed \(RuntimeError\)") as caught:
        await resolve_presets(broken_async, "carol", log=LOG)
    assert "directory down" not in str(caught.value) and "directory down" in caplog.text


# ---- preset -> create request -------------------------------------------------------


def test_to_create_request_resolves_the_image_name() -> None:
    (preset,) = normalise([item(storage="evs:20", lease="idle:30m", notebook_description="from a preset")])
    request = preset.to_create_request("small-cpu-1", IMAGES)
    assert json.loads(to_upstream_json(request)) == {
        "name": "small-cpu-1",
        "description": "from a preset",
        "flavor": "modelarts.vm.cpu.2u",
        "image_id": TORCH_ID,
        "volume": {"category": "EVS", "ownership": "MANAGED", "capacity": 20},
        "lease": {"type": "IDLE", "duration": 1_800_000},
    }
    Policy().check_create(request, flavors=FLAVORS, images=IMAGES)  # the simulator's catalogue accepts it


def test_to_create_request_leaves_unset_values_to_modelarts() -> None:
    (preset,) = normalise([item(image=TORCH_ID.upper(), feature="DEFAULT", flavor="modelarts.vm.cpu.free")])
    body = json.loads(to_upstream_json(preset.to_create_request("free-1", IMAGES)))
    assert body == {
        "name": "free-1",
        "feature": "DEFAULT",
        "flavor": "modelarts.vm.cpu.free",
        "image_id": TORCH_ID,
        "volume": {"category": "EVS", "ownership": "MANAGED"},
    }


def versions(*tags_and_times: tuple[str, int, str]) -> list[Image]:
    return [
        Image.model_validate(
            {"id": f"00000000-0000-4000-8000-00000000000{n}", "name": "team-image", "tag": tag,
             "create_at": created, "status": status}
        )
        for n, (tag, created, status) in enumerate(tags_and_times)
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("reference", "images", "tag"),
    [
        ("team-image", versions(("v1", 1, "ACTIVE"), ("v2", 2, "ACTIVE")), "v2"),  # newest
        ("team-image", versions(("v1", 1, "ACTIVE"), ("v2", 2, "CREATING")), "v1"),  # newest ACTIVE
        ("team-image:v1", versions(("v1", 1, "ACTIVE"), ("v2", 2, "ACTIVE")), "v1"),
        ("team-image:v2", versions(("v1", 1, "ACTIVE"), ("v2", 2, "CREATING")), "v2"),  # named: kept
    ],
)
def test_image_resolution(reference: str, images: list[Image], tag: str) -> None:
    (preset,) = normalise([item(image=reference)])
    assert preset.resolve_image(images).tag == tag


def test_a_preset_naming_a_saving_image_is_refused_by_the_catalogue_check() -> None:
    images = versions(("v1", 1, "CREATING"))
    (preset,) = normalise([item(image="team-image")])
    request = preset.to_create_request("t-1", images)
    with pytest.raises(ContractError, match="team-image:v1 is CREATING: only ACTIVE images can be used"):
        Policy().check_create(request, flavors=FLAVORS, images=images)


@pytest.mark.parametrize(
    ("reference", "images", "says"),
    [
        ("team-image", versions(("v1", 5, "ACTIVE"), ("v2", 5, "ACTIVE")),
         "matches several images (team-image:v1, team-image:v2): name one as name:tag"),
        ("team-image:v3", versions(("v1", 1, "ACTIVE")), "is not in the ModelArts image list"),
        ("other", versions(("v1", 1, "ACTIVE")), "is not in the ModelArts image list"),
        ("00000000-0000-4000-8000-0000000000ff", versions(("v1", 1, "ACTIVE")), "is not in the ModelArts"),
    ],
)  # fmt: skip
def test_unresolvable_images_are_configuration_errors(reference: str, images: list[Image], says: str) -> None:
    (preset,) = normalise([item("Team", image=reference)])
    with pytest.raises(ConfigurationError) as caught:
        preset.to_create_request("t-1", images)
    assert f"Preset 'team': image {reference!r} {says}" in str(caught.value)
    assert caught.value.hint == "Fix c.ModelArts.presets."


def test_the_request_is_validated_like_any_other() -> None:
    (preset,) = normalise([item()])
    with pytest.raises(ContractError) as caught:
        preset.to_create_request("no spaces allowed", IMAGES)
    assert [p.location for p in caught.value.problems] == ["body.name"]


def test_a_preset_gets_no_exemption_from_the_policy() -> None:
    (preset,) = normalise([item(flavor="modelarts.vm.gpu.t4", lease="10h")])
    request = preset.to_create_request("gpu-1", IMAGES)
    with pytest.raises(PolicyError) as caught:
        Policy(blocked_flavors=["*.gpu.*"], max_lease_ms=8 * HOUR).check_create(
            request, flavors=FLAVORS, images=IMAGES
        )
    assert [p.location for p in caught.value.problems] == ["body.flavor", "body.lease.duration"]


@pytest.mark.parametrize(
    ("taken", "expected"),
    [
        ([], "small-cpu-1"),
        (["small-cpu-1", "other"], "small-cpu-2"),
        (["small-cpu-2", "small-cpu-1", "small-cpu-3"], "small-cpu-4"),
        (["small-cpu-2"], "small-cpu-1"),
    ],
)
def test_suggested_names_do_not_collide(taken: list[str], expected: str) -> None:
    (preset,) = normalise([item()])
    assert preset.suggest_name(taken) == expected


# ---- the administrator's guide --------------------------------------------------------

DOCS = Path(__file__).resolve().parent.parent / "docs" / "policy.md"


def documented_configs() -> list[str]:
    blocks = re.findall(r"```python\n(.*?)```", DOCS.read_text(encoding="utf-8"), flags=re.DOTALL)
    return [block for block in blocks if block.startswith("# jupyter_server_config.py")]


def test_the_guide_has_worked_examples() -> None:
    assert len(documented_configs()) == 3


@pytest.mark.parametrize("source", documented_configs())
@pytest.mark.parametrize("user", [User(username="alice"), User(username="zoe"), None])
def test_documented_examples_are_valid(source: str, user: User | None) -> None:
    """Each example of docs/policy.md loads, and every preset of it launches on the simulator catalogue."""
    namespace: dict[str, Any] = {"c": Config()}
    exec(compile(source, str(DOCS), "exec"), namespace)
    settings = ModelArts(config=namespace["c"])
    policy = Policy.from_settings(settings)
    presets = asyncio.run(resolve_presets(settings.presets, user, log=LOG, policy=policy))
    assert presets and sum(p.default for p in presets) == 1
    for preset in presets:
        request = preset.to_create_request(preset.suggest_name(), IMAGES)
        policy.check_create(request, flavors=FLAVORS, images=IMAGES)
    if callable(settings.presets):
        assert len(presets) == (2 if user is not None and user.username == "alice" else 1)
