"""The administrator's policy and the catalogue facts checked before ModelArts (core/policy.py)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from traitlets.config import Config

from jupyter_modelarts.core.contract import (
    Flavor,
    Image,
    LeaseRenewRequest,
    Notebook,
    NotebookCreateRequest,
    NotebookUpdateRequest,
    StartQuery,
    parse_request,
)
from jupyter_modelarts.core.contract.enums import LeaseType
from jupyter_modelarts.core.contract.lease import RenewQuery
from jupyter_modelarts.core.contract.validation import to_query
from jupyter_modelarts.core.errors import ConfigurationError, ContractError, PolicyError
from jupyter_modelarts.core.policy.catalog import incompatibility
from jupyter_modelarts.core.policy.rules import Policy
from jupyter_modelarts.core.settings import ModelArts
from jupyter_modelarts.simulator import catalog as catalog_data
from jupyter_modelarts.simulator.catalog import Catalog

HOUR = 3_600_000


def flavor(fid: str, category: str, arch: str = "x86_64", **extra: Any) -> Flavor:
    data: dict[str, Any] = {
        "id": fid,
        "category": category,
        "arch": arch,
        "feature": "NOTEBOOK",
        "sold_out": False,
    }
    data["storages"] = ["EVS", "OBSFS", "EFS", "OBS"]
    return Flavor.model_validate({**data, **extra})


def image(iid: str, name: str, categories: list[str], arch: str | None = "x86_64", **extra: Any) -> Image:
    data: dict[str, Any] = {"id": iid, "name": name, "tag": "20220525", "arch": arch, "status": "ACTIVE"}
    data.update(support_res_categories=categories, resource_categories=categories)
    data["dev_services"] = ["NOTEBOOK", "SSH"]
    return Image.model_validate({**data, **extra})


CPU = flavor("modelarts.vm.cpu.2u", "CPU")
CPU8 = flavor("modelarts.vm.cpu.8u", "CPU")
FREE = flavor("modelarts.vm.cpu.free", "CPU", feature="DEFAULT", storages=["EVS"])
T4 = flavor("modelarts.vm.gpu.t4", "GPU")
V100 = flavor("modelarts.bm.gpu.v100NV32", "GPU")
A100 = flavor("modelarts.vm.gpu.a100", "GPU", sold_out=True)
SNT9 = flavor("modelarts.bm.snt9.xlarge.1", "ASCEND", "aarch64", storages=["EFS"])
FLAVORS = [CPU, CPU8, FREE, T4, V100, A100, SNT9]

CPU_ONLY = image("e1a07296-22a8-4f05-8bc8-e936c8e54090", "notebook2.0-mul-kernel-cpu-cp36", ["CPU"])
TORCH = image(
    "278e88d1-5b71-4766-8502-b3ba72e824d9", "pytorch1.8-cuda10.2-cudnn7-ubuntu18.04", ["CPU", "GPU"]
)
MS_GPU = image("e1a07296-22a8-4f05-8bc8-e936c8e54202", "mindspore1.7.0-cuda10.1-py3.7-ubuntu18.04", ["GPU"])
ASCEND = image(
    "59a6e9f5-93c0-44dd-85b0-82f390c5d53a", "tensorflow1.15-cann5.1.0-aarch64", ["ASCEND"], "aarch64"
)
STUDIO = image(
    "e1a07296-22a8-4f05-8bc8-e936c8e54088", "mindstudio5.0.rc1-aarch64", [], "aarch64", dev_services=["SSH"]
)
SPARK = image(
    "0b2d0728-4c01-11ec-994f-001a7dda7112", "spark2.4.5-ubuntu18.04", ["CPU"], dev_services=["NOTEBOOK"]
)
SAVING = image("11111111-2222-4333-8444-555555555555", "my-saved-image", ["CPU"], status="CREATING")
IMAGES = [CPU_ONLY, TORCH, MS_GPU, ASCEND, STUDIO, SPARK, SAVING]


def create(**fields: Any) -> NotebookCreateRequest:
    body = {
        "name": "nb",
        "flavor": CPU.id,
        "image_id": TORCH.id,
        "volume": {"category": "EVS", "ownership": "MANAGED", "capacity": 50},
    }
    body.update(fields)
    return parse_request(NotebookCreateRequest, {k: v for k, v in body.items() if v is not None})


def locations(error: ContractError | PolicyError) -> list[str]:
    return [p.location for p in error.problems]


# ---- construction -------------------------------------------------------------


def test_every_bad_setting_is_named_in_one_error() -> None:
    with pytest.raises(ConfigurationError) as caught:
        Policy(allowed_flavors=[""], blocked_images=["ok", 3], max_lease_ms=0)
    text = str(caught.value)
    assert "allowed_flavors[0]" in text and "blocked_images[1]" in text and "longest lease" in text


@pytest.mark.parametrize(
    ("kwargs", "says"),
    [
        ({"allowed_flavors": "modelarts.vm.cpu.2u"}, "c.ModelArts.allowed_flavors must be a list of strings"),
        ({"blocked_images": ["ok", ""]}, "c.ModelArts.blocked_images[1] must be a non-empty string"),
        (
            {"allowed_images": [3, "  "]},
            "allowed_images[0] must be a non-empty string (got 3); c.ModelArts.allowed_images[1]",
        ),
        ({"max_lease_ms": 0}, "more than 0 and at most 259200000 ms"),
        ({"max_lease_ms": 259_200_001}, "got 259200001"),
    ],
)
def test_bad_settings_are_configuration_errors(kwargs: dict[str, Any], says: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        Policy(**kwargs)
    assert says in str(caught.value)


def test_from_settings_reads_the_configurable() -> None:
    config = Config()
    config.ModelArts.allowed_flavors = ["modelarts.vm.*"]
    config.ModelArts.blocked_flavors = None
    config.ModelArts.blocked_images = ["*cuda*"]
    config.ModelArts.max_lease_hours = 1.5
    policy = Policy.from_settings(ModelArts(config=config))
    assert policy.allowed_flavors == ("modelarts.vm.*",)
    assert policy.blocked_flavors == ()
    assert policy.allowed_images is None
    assert policy.max_lease_ms == 5_400_000
    assert policy.flavor_allowed(CPU.id or "") and not policy.flavor_allowed(V100.id or "")
    assert not policy.image_allowed(TORCH) and policy.image_allowed(CPU_ONLY)
    assert "5400000" in repr(policy)


def test_defaults_allow_everything() -> None:
    policy = Policy()
    assert all(policy.flavor_allowed(f.id or "") for f in FLAVORS)
    assert all(policy.image_allowed(i) for i in IMAGES)
    assert policy.lease_problems(-1, "body.duration") == []
    assert policy.lease_problems(72 * HOUR, "body.duration") == []


# ---- allow and block lists ------------------------------------------------------


@pytest.mark.parametrize(
    ("allowed", "blocked", "flavor_id", "expected"),
    [
        (None, (), "modelarts.bm.gpu.v100NV32", True),
        ([], (), "modelarts.vm.cpu.2u", False),  # an empty allow list allows nothing
        (["modelarts.vm.cpu.2u"], (), "modelarts.vm.cpu.2u", True),
        (["modelarts.vm.cpu.2u"], (), "modelarts.vm.cpu.8u", False),
        (["modelarts.vm.cpu.*"], (), "modelarts.vm.cpu.8u", True),
        (["modelarts.vm.cpu.*"], (), "modelarts.vm.gpu.t4", False),
        (["modelarts.*"], ["*.gpu.*"], "modelarts.vm.gpu.t4", False),  # blocked wins
        (["modelarts.vm.gpu.t4"], ["modelarts.vm.gpu.t4"], "modelarts.vm.gpu.t4", False),
        (None, ["*v100*"], "modelarts.bm.gpu.v100NV32", False),
        (None, ["*V100nv32"], "modelarts.bm.gpu.v100NV32", False),  # letter case cannot sidestep a block
        (None, ["modelarts.bm.gpu.v100nv32"], "MODELARTS.BM.GPU.V100NV32", False),
        (["MODELARTS.VM.CPU.2U"], (), "modelarts.vm.cpu.2u", True),
        (["modelarts.vm.cpu.?u"], (), "modelarts.vm.cpu.2u", True),
        (["modelarts.vm.cpu.?u"], (), "modelarts.vm.cpu.16u", False),
        (["modelarts.vm.cpu.[28]u"], (), "modelarts.vm.cpu.8u", True),
        (["modelarts.vm.cpu"], (), "modelarts.vm.cpu.2u", False),  # whole ids, not prefixes
        (["  modelarts.vm.cpu.2u  "], (), "modelarts.vm.cpu.2u", True),
        (None, None, "modelarts.vm.cpu.2u", True),  # blocked=None (the trait default) blocks nothing
    ],
)
def test_flavor_matrix(
    allowed: list[str] | None, blocked: list[str] | None, flavor_id: str, expected: bool
) -> None:
    assert Policy(allowed_flavors=allowed, blocked_flavors=blocked).flavor_allowed(flavor_id) is expected


@pytest.mark.parametrize(
    ("allowed", "blocked", "expected"),
    [
        (None, (), True),
        ([], (), False),
        (["278e88d1-5b71-4766-8502-b3ba72e824d9"], (), True),  # by id
        (["278E88D1-5B71-4766-8502-B3BA72E824D9"], (), True),
        (["pytorch1.8-cuda10.2-cudnn7-ubuntu18.04"], (), True),  # by name: every tag
        (["pytorch1.8-cuda10.2-cudnn7-ubuntu18.04:20220525"], (), True),  # by name:tag
        (["pytorch1.8-cuda10.2-cudnn7-ubuntu18.04:20230101"], (), False),
        (["pytorch*"], (), True),
        (["*:2022*"], (), True),
        (["tensorflow*"], (), False),
        (["pytorch*"], ["*cuda10.2*"], False),  # blocked wins
        (None, ["pytorch1.8-cuda10.2-cudnn7-ubuntu18.04:20220525"], False),
        (None, ["278e88d1-*"], False),
        (None, ["PyTorch*"], False),
        (None, ["pytorch1.8"], True),  # patterns match whole names, not prefixes
    ],
)
def test_image_matrix(allowed: list[str] | None, blocked: list[str], expected: bool) -> None:
    assert Policy(allowed_images=allowed, blocked_images=blocked).image_allowed(TORCH) is expected


def test_image_reference_blocked_for_presets() -> None:
    policy = Policy(blocked_images=["pytorch*", "spark2.4.5-ubuntu18.04:old"])
    assert policy.image_reference_blocked("pytorch1.8-cuda10.2-cudnn7-ubuntu18.04")
    assert policy.image_reference_blocked("pytorch1.8-cuda10.2-cudnn7-ubuntu18.04:20220525")
    assert policy.image_reference_blocked("spark2.4.5-ubuntu18.04:old")
    assert not policy.image_reference_blocked("spark2.4.5-ubuntu18.04")  # only one tag is blocked
    assert not policy.image_reference_blocked("notebook2.0-mul-kernel-cpu-cp36")


def test_filters_keep_order_and_sold_out_flavors() -> None:
    policy = Policy(allowed_flavors=["*.gpu.*", "*.cpu.2u"], blocked_images=["*aarch64"], allowed_images=None)
    assert [f.id for f in policy.filter_flavors(FLAVORS)] == [CPU.id, T4.id, V100.id, A100.id]
    assert policy.filter_images(IMAGES) == [CPU_ONLY, TORCH, MS_GPU, SPARK, SAVING]


# ---- compatibility ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("img", "flv", "expected"),
    [
        (CPU_ONLY, CPU, True),
        (CPU_ONLY, T4, False),  # a CPU-only image is refused on a GPU flavor
        (TORCH, CPU, True),  # CPU+GPU images run on both
        (TORCH, T4, True),
        (MS_GPU, CPU, False),
        (MS_GPU, V100, True),
        (ASCEND, SNT9, True),
        (ASCEND, CPU, False),  # aarch64 Ascend images never on x86 flavors
        (ASCEND, flavor("x86.ascend", "ASCEND"), False),  # not even an x86 flavor of category ASCEND
        (CPU_ONLY, SNT9, False),
        (STUDIO, SNT9, True),  # no categories: any flavor of its architecture
        (STUDIO, CPU, False),
        (image("a", "b", ["CPU"], "X86_64"), flavor("c", "cpu", "x86_64"), True),  # case-insensitive
        (
            image("a", "b", ["CPU"], arch=None),
            flavor("c", "CPU", "aarch64"),
            True,
        ),  # unknown arch: ModelArts decides
        (image("a", "b", [], support_res_categories=None, resource_categories=["GPU"]), T4, True),
        (image("a", "b", [], support_res_categories=["GPU"], resource_categories=None), CPU, False),
    ],
)
def test_compatibility(img: Image, flv: Flavor, expected: bool) -> None:
    assert Policy.compatible(img, flv) is expected
    assert (incompatibility(img, flv) is None) is expected


def test_incompatibility_explains_itself() -> None:
    assert incompatibility(CPU_ONLY, T4) == (
        "image notebook2.0-mul-kernel-cpu-cp36:20220525 runs on CPU flavors, "
        "flavor modelarts.vm.gpu.t4 is GPU"
    )
    assert incompatibility(ASCEND, CPU) == (
        "image tensorflow1.15-cann5.1.0-aarch64:20220525 is built for AARCH64, "
        "flavor modelarts.vm.cpu.2u is X86_64"
    )


def test_compatibility_agrees_with_the_simulator() -> None:
    """The proxy refuses exactly the pairs the bundled simulator (our model of ModelArts) refuses."""
    catalog = Catalog("sim-local-1")
    flavors = [Flavor.model_validate(f) for f in catalog_data.FLAVORS]
    images = [Image.model_validate(i) for i in catalog_data.IMAGES]
    for img, flv in itertools.product(images, flavors):
        expected = catalog.incompatibility(img.id or "", flv.id or "") is None
        assert Policy.compatible(img, flv) is expected, (img.name, flv.id)


def test_images_for_a_flavor_are_allowed_and_compatible() -> None:
    policy = Policy(blocked_images=["mindspore*"])
    assert policy.images_for(T4, IMAGES) == [TORCH]
    assert policy.images_for(SNT9, IMAGES) == [ASCEND, STUDIO]
    assert Policy().images_for(CPU, IMAGES) == [CPU_ONLY, TORCH, SPARK, SAVING]


def test_without_a_flavor_only_images_some_allowed_flavor_runs_are_launchable() -> None:
    assert Policy(allowed_flavors=["modelarts.vm.cpu.*"]).launchable_images(IMAGES, FLAVORS) == [
        CPU_ONLY, TORCH, SPARK, SAVING,
    ]  # fmt: skip
    gpu_or_ascend = Policy(allowed_flavors=["*gpu*", "*snt9*"], blocked_images=["mindstudio*"])
    assert gpu_or_ascend.launchable_images(IMAGES, FLAVORS) == [TORCH, MS_GPU, ASCEND]
    assert Policy().launchable_images(IMAGES, FLAVORS) == IMAGES  # every image runs on some flavor


# ---- leases -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("max_ms", "asked", "rule"),
    [
        (8 * HOUR, 2 * HOUR, None),
        (8 * HOUR, 8 * HOUR, None),
        (8 * HOUR, None, None),  # ModelArts' default (1 h) fits
        (8 * HOUR, 8 * HOUR + 1, "at most 8 h is allowed by the administrator (asked for 28800001 ms)"),
        (8 * HOUR, 10 * HOUR, "at most 8 h is allowed by the administrator (asked for 10 h)"),
        (8 * HOUR, -1, "auto-stop cannot be turned off: at most 8 h is allowed by the administrator"),
        (5_400_000, 2 * HOUR, "at most 1 h 30 min is allowed by the administrator (asked for 2 h)"),
        (1_800_000, None, "without a duration ModelArts applies 1 h, but at most 30 min is allowed"),
        (1_800_000, 1_800_000, None),
    ],
)
def test_lease_rules(max_ms: int, asked: int | None, rule: str | None) -> None:
    problems = Policy(max_lease_ms=max_ms).lease_problems(asked, "body.lease.duration")
    if rule is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problems[0].location == "body.lease.duration"
        assert problems[0].rule.startswith(rule)


def test_start_and_renew_are_checked_where_the_duration_was_given() -> None:
    policy = Policy(max_lease_ms=4 * HOUR)
    policy.check_start(StartQuery(duration=4 * HOUR))
    policy.check_start(StartQuery())  # the default 1 h fits
    with pytest.raises(PolicyError) as caught:
        policy.check_start(parse_request(StartQuery, {"duration": "18000000", "type": "timing"}))
    assert str(caught.value) == (
        "Not allowed by the administrator's policy: query.duration: at most 4 h is allowed by the "
        "administrator (asked for 5 h) (got 18000000)"
    )
    with pytest.raises(PolicyError) as caught:
        policy.check_renew(LeaseRenewRequest(duration=-1))
    assert locations(caught.value) == ["body.duration"]
    with pytest.raises(PolicyError) as caught:
        policy.check_renew(RenewQuery(duration=5 * HOUR))
    assert locations(caught.value) == ["query.duration"]
    policy.check_renew(LeaseRenewRequest(duration=HOUR, type=LeaseType.IDLE))


def test_with_a_limit_a_start_without_duration_is_sent_with_the_default_hour_spelt_out() -> None:
    sent = Policy(max_lease_ms=4 * HOUR).check_start(parse_request(StartQuery, {}))
    assert to_query(sent) == [("duration", str(HOUR))]
    asked = parse_request(StartQuery, {"duration": str(2 * HOUR)})
    assert Policy(max_lease_ms=4 * HOUR).check_start(asked) is asked
    unlimited = parse_request(StartQuery, {})
    assert to_query(Policy().check_start(unlimited)) == []  # no limit: ModelArts' own default applies


# ---- create -------------------------------------------------------------------------


def test_a_good_create_passes_and_is_left_untouched() -> None:
    policy = Policy(allowed_flavors=["modelarts.vm.*"], blocked_images=["*aarch64"], max_lease_ms=8 * HOUR)
    request = create(lease={"type": "TIMING", "duration": 2 * HOUR})
    before = request.model_dump()
    policy.check_create(request, flavors=FLAVORS, images=IMAGES)
    assert request.model_dump() == before


def test_every_policy_problem_of_a_create_is_reported_at_once() -> None:
    policy = Policy(allowed_flavors=["modelarts.vm.*"], blocked_images=["pytorch*"], max_lease_ms=8 * HOUR)
    request = create(flavor=V100.id, lease={"type": "TIMING", "duration": 10 * HOUR})
    with pytest.raises(PolicyError) as caught:
        policy.check_create(request, flavors=FLAVORS, images=IMAGES)
    assert [p.describe() for p in caught.value.problems] == [
        "body.flavor: flavor modelarts.bm.gpu.v100NV32 is not allowed by the administrator "
        "(got 'modelarts.bm.gpu.v100NV32')",
        "body.image_id: image pytorch1.8-cuda10.2-cudnn7-ubuntu18.04:20220525 is not allowed by the "
        "administrator (got '278e88d1-5b71-4766-8502-b3ba72e824d9')",
        "body.lease.duration: at most 8 h is allowed by the administrator (asked for 10 h) (got 36000000)",
    ]


def test_catalogue_facts_win_and_still_list_the_policy_problems() -> None:
    policy = Policy(allowed_flavors=["modelarts.vm.*"], max_lease_ms=8 * HOUR)
    request = create(flavor=SNT9.id, image_id=CPU_ONLY.id, duration=-1)
    with pytest.raises(ContractError) as caught:
        policy.check_create(request, flavors=FLAVORS, images=IMAGES)
    assert locations(caught.value) == [
        "body.image_id",  # x86 image on an aarch64 flavor
        "body.volume.category",  # the Ascend flavor offers only EFS
        "body.flavor",  # not allowed (policy, listed after the facts)
        "body.duration",  # auto-stop off is not allowed
    ]
    assert "supports only EFS storage" in str(caught.value)
    assert "auto-stop cannot be turned off" in str(caught.value)


@pytest.mark.parametrize(
    ("fields", "location", "says"),
    [
        ({"flavor": "modelarts.vm.cpu.64u"}, "body.flavor", "flavor modelarts.vm.cpu.64u does not exist"),
        ({"flavor": "modelarts.bm.gpu.v100nv32"}, "body.flavor", "did you mean modelarts.bm.gpu.v100NV32?"),
        ({"flavor": A100.id}, "body.flavor", "flavor modelarts.vm.gpu.a100 is sold out"),
        ({"flavor": FREE.id}, "body.feature", "flavor modelarts.vm.cpu.free is for feature DEFAULT"),
        ({"flavor": CPU.id, "feature": "DEFAULT"}, "body.feature", "is for feature NOTEBOOK"),
        ({"image_id": "00000000-0000-4000-8000-000000000000"}, "body.image_id", "does not exist in this"),
        ({"image_id": SAVING.id}, "body.image_id", "my-saved-image:20220525 is CREATING: only ACTIVE images"),
        ({"flavor": T4.id, "image_id": CPU_ONLY.id}, "body.image_id", "runs on CPU flavors"),
        ({"image_id": SPARK.id, "endpoints": [{"service": "SSH", "key_pair_names": ["k"]}]}, "body.endpoints",
         "does not support SSH access"),
        ({"flavor": SNT9.id, "image_id": STUDIO.id, "volume": {"category": "EFS", "ownership": "MANAGED"}},
         "body.endpoints", "offers only SSH access: add an SSH endpoint"),
        ({"flavor": FREE.id, "feature": "DEFAULT", "volume": {"category": "EFS", "ownership": "MANAGED"}},
         "body.volume.category", "flavor modelarts.vm.cpu.free supports only EVS storage"),
    ],
)  # fmt: skip
def test_catalogue_facts_are_contract_errors(fields: dict[str, Any], location: str, says: str) -> None:
    with pytest.raises(ContractError) as caught:
        Policy().check_create(create(**fields), flavors=FLAVORS, images=IMAGES)
    assert locations(caught.value) == [location]
    assert says in str(caught.value)


@pytest.mark.parametrize(
    "fields",
    [
        {"flavor": SNT9.id, "image_id": ASCEND.id, "volume": {"category": "SFS", "ownership": "MANAGED"}},
        {"flavor": SNT9.id, "image_id": STUDIO.id, "volume": {"category": "EFS", "ownership": "MANAGED"},
         "endpoints": [{"dev_service": "ssh", "ssh_keys": ["KeyPair-demo"]}]},
        {"flavor": FREE.id, "feature": "default", "image_id": CPU_ONLY.id},
        {"flavor": "pool.flavor.x", "pool_id": "pool41664192"},  # dedicated pool flavors are not listed
        {"flavor": None, "custom_spec": {"cpu": 2, "memory": 8192, "arch": "x86_64", "category": "GPU"}},
    ],
)  # fmt: skip
def test_valid_creates_pass(fields: dict[str, Any]) -> None:
    Policy().check_create(create(**fields), flavors=FLAVORS, images=IMAGES)


def test_custom_spec_bypasses_no_allow_list_and_must_fit_the_image() -> None:
    spec = {"cpu": 2, "memory": 8192, "arch": "aarch64", "category": "CPU"}
    with pytest.raises(ContractError) as caught:
        Policy(allowed_flavors=["modelarts.vm.cpu.*"]).check_create(
            create(flavor=None, custom_spec=spec, pool_id="pool1"), flavors=FLAVORS, images=IMAGES
        )
    assert [p.rule for p in caught.value.problems] == [
        "image pytorch1.8-cuda10.2-cudnn7-ubuntu18.04:20220525 is built for X86_64, "
        "the custom_spec is AARCH64",
        "custom_spec is not allowed: the administrator limits instances to listed flavors",
    ]
    # A block list alone does not forbid custom specs.
    spec["arch"] = "X86_64"
    Policy(blocked_flavors=["*.gpu.*"]).check_create(
        create(flavor=None, custom_spec=spec, pool_id="pool1"), flavors=FLAVORS, images=IMAGES
    )


@pytest.mark.parametrize(
    ("fields", "location"),
    [
        ({"duration": 9 * HOUR}, "body.duration"),
        ({"lease": {"type": "IDLE", "duration": 9 * HOUR}}, "body.lease.duration"),
        ({"lease": {"type": "IDLE"}}, "body.lease"),
        ({}, "body.lease"),
    ],
)
def test_lease_problems_point_at_the_field_used(fields: dict[str, Any], location: str) -> None:
    policy = Policy(max_lease_ms=1_800_000 if location == "body.lease" else 8 * HOUR)
    with pytest.raises(PolicyError) as caught:
        policy.check_create(create(**fields), flavors=FLAVORS, images=IMAGES)
    assert locations(caught.value) == [location]


# ---- update -------------------------------------------------------------------------


def notebook(**fields: Any) -> Notebook:
    data: dict[str, Any] = {
        "id": "936bea3e-d3df-435e-8b58-d817283284ae",
        "status": "STOPPED",
        "flavor": CPU.id,
        "image": {"id": CPU_ONLY.id, "name": CPU_ONLY.name, "arch": "x86_64"},
        "volume": {"category": "EVS", "capacity": 50},
    }
    return Notebook.model_validate({**data, **fields})


def update(**fields: Any) -> NotebookUpdateRequest:
    return parse_request(NotebookUpdateRequest, fields)


SWITCHABLE = [CPU8, flavor("modelarts.vm.cpu.4u", "CPU", sold_out=True)]


def test_a_good_update_passes() -> None:
    policy = Policy(allowed_flavors=["modelarts.vm.cpu.*"])
    policy.check_update(
        update(flavor=CPU8.id, image_id=TORCH.id, storage_new_size=60, name="renamed"),
        notebook(), switchable=SWITCHABLE, images=IMAGES, flavors=FLAVORS,
    )  # fmt: skip


def test_unchanged_values_are_not_choices() -> None:
    # The current flavor is blocked now, but re-sending it changes nothing.
    policy = Policy(blocked_flavors=[CPU.id or ""], blocked_images=["notebook2.0*"])
    policy.check_update(
        update(flavor=CPU.id, image_id=CPU_ONLY.id.upper() if CPU_ONLY.id else None, description="d"),
        notebook(image={"id": CPU_ONLY.id.upper() if CPU_ONLY.id else None}),
        switchable=SWITCHABLE, images=IMAGES,
    )  # fmt: skip


def test_every_problem_of_an_update_is_reported_at_once() -> None:
    policy = Policy(
        allowed_flavors=["modelarts.vm.cpu.2u", "modelarts.vm.cpu.4u"], blocked_images=["mindspore*"]
    )
    request = update(
        flavor="modelarts.vm.cpu.4u",
        image_id=MS_GPU.id,
        storage_new_size=40,
        custom_spec={"cpu": 1, "memory": 1024, "arch": "X86_64", "category": "CPU"},
    )
    with pytest.raises(ContractError) as caught:
        policy.check_update(request, notebook(), switchable=SWITCHABLE, images=IMAGES, flavors=FLAVORS)
    assert [p.describe() for p in caught.value.problems] == [
        "body.flavor: flavor modelarts.vm.cpu.4u is sold out: choose another flavor or try again later "
        "(got 'modelarts.vm.cpu.4u')",
        "body.image_id: image mindspore1.7.0-cuda10.1-py3.7-ubuntu18.04:20220525 runs on GPU flavors, "
        "flavor modelarts.vm.cpu.4u is CPU",
        "body.storage_new_size: storage can only grow: give more than the current 50 GB (got 40)",
        "body.custom_spec: custom_spec is not allowed: the administrator limits instances to listed flavors",
        "body.image_id: image mindspore1.7.0-cuda10.1-py3.7-ubuntu18.04:20220525 is not allowed by the "
        "administrator (got 'e1a07296-22a8-4f05-8bc8-e936c8e54202')",
    ]


def test_switching_to_a_flavor_outside_the_switchable_list() -> None:
    with pytest.raises(ContractError) as caught:
        Policy().check_update(update(flavor=T4.id), notebook(), switchable=SWITCHABLE, images=IMAGES)
    assert caught.value.problems[0].rule == (
        "this instance cannot switch to flavor modelarts.vm.gpu.t4 (it can switch to: modelarts.vm.cpu.8u)"
    )


def test_a_new_flavor_must_run_the_current_image() -> None:
    gpu_switch = [T4]
    with pytest.raises(ContractError) as caught:
        Policy().check_update(update(flavor=T4.id), notebook(), switchable=gpu_switch, images=IMAGES)
    assert locations(caught.value) == ["body.flavor"]
    assert "runs on CPU flavors, flavor modelarts.vm.gpu.t4 is GPU" in str(caught.value)


def test_a_new_image_must_run_on_the_current_flavor_when_it_is_known() -> None:
    request = update(image_id=ASCEND.id)
    with pytest.raises(ContractError) as caught:
        Policy().check_update(request, notebook(), switchable=SWITCHABLE, images=IMAGES, flavors=FLAVORS)
    assert locations(caught.value) == ["body.image_id"]
    # Without the catalogue the current flavor is unknown: ModelArts decides.
    Policy().check_update(request, notebook(), switchable=SWITCHABLE, images=IMAGES)


def test_only_evs_grows() -> None:
    with pytest.raises(ContractError) as caught:
        Policy().check_update(
            update(storage_new_size=100),
            notebook(volume={"category": "EFS", "capacity": 50}),
            switchable=[], images=IMAGES,
        )  # fmt: skip
    assert caught.value.problems[0].rule == "only EVS storage can grow, not EFS"


def test_policy_alone_gives_a_policy_error_on_update() -> None:
    with pytest.raises(PolicyError) as caught:
        Policy(blocked_flavors=["*.8u"]).check_update(
            update(flavor=CPU8.id), notebook(), switchable=SWITCHABLE, images=IMAGES
        )
    assert locations(caught.value) == ["body.flavor"]
