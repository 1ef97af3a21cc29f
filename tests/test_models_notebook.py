"""Create and update requests: every rule with a bad input and its boundary good input."""

from __future__ import annotations

import base64
import copy
from typing import Any

import pytest

from jupyter_modelarts.core.contract import (
    EndpointService,
    NotebookCreateRequest,
    NotebookUpdateRequest,
    Ownership,
    parse_request,
)
from jupyter_modelarts.core.contract.enums import HookType, LeaseType, VolumeCategory
from jupyter_modelarts.core.contract.validation import to_upstream_json
from jupyter_modelarts.core.errors import ContractError, FieldProblem

IMAGE = "e1a07296-22a8-4f05-8bc8-e936c8e54090"
VALID: dict[str, Any] = {
    "name": "nb-1",
    "image_id": IMAGE,
    "flavor": "modelarts.vm.cpu.2u",
    "volume": {"category": "EVS", "ownership": "MANAGED", "capacity": 5},
}


def with_(path: str, value: Any, base: dict[str, Any] | None = None) -> dict[str, Any]:
    """A copy of ``base`` (VALID by default) with the dotted ``path`` set; ``...`` removes it."""
    body = copy.deepcopy(VALID if base is None else base)
    *parents, leaf = path.split(".")
    node: Any = body
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
    if value is ...:
        del node[leaf]
    else:
        node[leaf] = value
    return body


def problems(body: Any, model: type = NotebookCreateRequest) -> list[FieldProblem]:
    with pytest.raises(ContractError) as caught:
        parse_request(model, body)
    return caught.value.problems


def locations(body: Any, model: type = NotebookCreateRequest) -> set[str]:
    return {p.location for p in problems(body, model)}


def test_valid_minimal_body_passes() -> None:
    request = parse_request(NotebookCreateRequest, VALID)
    assert request.volume.category is VolumeCategory.EVS
    assert request.volume.capacity == 5


# (path, bad value, boundary good value, expected location of the bad one)
RULES = [
    ("name", "", "a", "body.name"),
    ("name", "x" * 129, "x" * 128, "body.name"),
    ("name", "has space", "has-dash_under", "body.name"),
    ("name", "bad/slash", "中文名字", "body.name"),
    ("name", "trailing\n", "abc", "body.name"),
    ("description", "x" * 513, "x" * 512, "body.description"),
    ("description", "a<b", "a&b'\"/ ok", "body.description"),
    ("description", "a>b", "", "body.description"),
    ("image_id", "not-a-uuid", IMAGE.upper(), "body.image_id"),
    ("workspace_id", "1", "0", "body.workspace_id"),
    ("workspace_id", "A" * 32, "a1" * 16, "body.workspace_id"),
    ("workspace_id", "a" * 31, "a" * 32, "body.workspace_id"),
    ("feature", "PAID", "notebook", "body.feature"),
    ("volume.capacity", 4, 5, "body.volume.capacity"),
    ("volume.capacity", 4097, 4096, "body.volume.capacity"),
    ("volume.category", "NFS", "obsfs", "body.volume.category"),
    ("volume.ownership", "shared", "managed", "body.volume.ownership"),
    ("volume.mount_path", "/" + "a" * 256, "/" + "a" * 255, "body.volume.mount_path"),
    ("duration", 3_599_999, 3_600_000, "body.duration"),
    ("duration", 259_200_001, 259_200_000, "body.duration"),
    ("duration", 0, -1, "body.duration"),
    ("lease", {"duration": 3_599_999}, {"duration": 3_600_000}, "body.lease.duration"),
    (
        "lease",
        {"type": "idle", "duration": 899_999},
        {"type": "idle", "duration": 900_000},
        "body.lease.duration",
    ),
    (
        "lease",
        {"type": "IDLE", "duration": 259_200_001},
        {"type": "IDLE", "duration": -1},
        "body.lease.duration",
    ),
    ("lease", {"type": "later"}, {"type": "Timing"}, "body.lease.type"),
    (
        "custom_spec",
        {"cpu": 0.39, "memory": 513, "arch": "x86_64", "category": "CPU"},
        {"cpu": 0.4, "memory": 513, "arch": "x86_64", "category": "CPU"},
        "body.custom_spec.cpu",
    ),
    (
        "custom_spec",
        {"cpu": 1, "memory": 512, "arch": "AARCH64", "category": "gpu"},
        {"cpu": 1, "memory": 513, "arch": "AARCH64", "category": "gpu"},
        "body.custom_spec.memory",
    ),
    ("run_user", {"uid": -1}, {"uid": 0, "gid": 0}, "body.run_user.uid"),
    (
        "public_network_config",
        {"public_network_type": "open"},
        {"public_network_type": "shared"},
        "body.public_network_config.public_network_type",
    ),
    (
        "affinity",
        {
            "preferred_during_scheduling_ignored_during_execution": [
                {"key": "k", "operator": "in", "weight": 101}
            ]
        },
        {
            "preferred_during_scheduling_ignored_during_execution": [
                {"key": "k", "operator": "in", "weight": 100}
            ]
        },
        "body.affinity.preferred_during_scheduling_ignored_during_execution.0.weight",
    ),
]


@pytest.mark.parametrize(("path", "bad", "good", "where"), RULES)
def test_each_rule_rejects_bad_and_accepts_boundary(path: str, bad: Any, good: Any, where: str) -> None:
    assert locations(with_(path, bad)) == {where}
    parse_request(NotebookCreateRequest, with_(path, good))


@pytest.mark.parametrize(
    ("volume", "where", "rule_part"),
    [
        (
            {"category": "EVS", "ownership": "DEDICATED", "uri": "x"},
            "body.volume.ownership",
            "not available for EVS",
        ),
        ({"category": "EFS", "ownership": "DEDICATED", "id": IMAGE}, "body.volume.uri", "uri is required"),
        ({"category": "OBSFS", "ownership": "DEDICATED"}, "body.volume.uri", "uri is required"),
        ({"category": "EFS", "ownership": "DEDICATED", "uri": "1.2.3.4:/x/"}, "body.volume.id", "SFS Turbo"),
        ({"category": "SFS", "ownership": "DEDICATED", "uri": "1.2.3.4:/x/"}, "body.volume.id", "SFS Turbo"),
        ({"category": "EFS", "ownership": "DEDICATED", "uri": "u", "id": "x"}, "body.volume.id", "UUID"),
        ({"category": "OBS", "ownership": "MANAGED"}, "body.volume.dew_secret_name", "required for OBS"),
        (
            {"category": "OBS", "ownership": "MANAGED", "dew_secret_name": "bad name"},
            "body.volume.dew_secret_name",
            "1–64",
        ),
        (
            {"category": "OBS", "ownership": "MANAGED", "dew_secret_name": "s" * 65},
            "body.volume.dew_secret_name",
            "1–64",
        ),
        (
            {"category": "EFS", "ownership": "DEDICATED", "uri": "u" * 1025, "id": IMAGE},
            "body.volume.uri",
            "1024",
        ),
        ({"category": "EFS", "ownership": "MANAGED", "capacity": 0}, "body.volume.capacity", "1–4096"),
    ],
)
def test_volume_cross_field_rules(volume: dict[str, Any], where: str, rule_part: str) -> None:
    found = problems(with_("volume", volume))
    assert [p.location for p in found] == [where]
    assert rule_part in found[0].rule


@pytest.mark.parametrize(
    "volume",
    [
        {"category": "EFS", "ownership": "DEDICATED", "uri": "192.168.0.1:/user-9sfd/mount/", "id": IMAGE},
        {"category": "OBSFS", "ownership": "DEDICATED", "uri": "obs://bucket/dir/"},
        {"category": "OBS", "ownership": "DEDICATED", "uri": "obs://b/d/", "dew_secret_name": "s" * 64},
        {"category": "EFS", "ownership": "MANAGED", "capacity": 4096},
        {"category": "EVS", "ownership": "MANAGED", "read_only": False, "mount_path": "/home/ma-user/work/"},
    ],
)
def test_valid_volumes(volume: dict[str, Any]) -> None:
    parse_request(NotebookCreateRequest, with_("volume", volume))


def test_evs_capacity_rule_is_worded_for_people() -> None:
    (problem,) = problems(with_("volume.capacity", 9999))
    assert problem == FieldProblem("body.volume.capacity", "EVS capacity must be 5–4096 GB", "9999")


def test_flavor_is_required_unless_custom_spec() -> None:
    assert locations(with_("flavor", ...)) == {"body.flavor"}
    spec = {"cpu": 2, "memory": 4096, "arch": "X86_64", "category": "CPU"}
    request = parse_request(NotebookCreateRequest, with_("custom_spec", spec, with_("flavor", ...)))
    assert request.flavor is None and request.custom_spec is not None


def test_duration_and_lease_together_are_rejected() -> None:
    body = with_("lease", {"type": "TIMING", "duration": 3_600_000}, with_("duration", 7_200_000))
    (problem,) = problems(body)
    assert problem.location == "body.lease"
    assert "not both" in problem.rule


def test_top_level_duration_always_means_timing() -> None:
    # 15 min would be a valid IDLE timeout, but a top-level duration is a TIMING lease.
    assert locations(with_("duration", 900_000)) == {"body.duration"}


@pytest.mark.parametrize(
    ("ips", "where"),
    [
        (["10.0.0.1"], "body.endpoints.0.allowed_access_ips.0"),
        (["172.16.5.4"], "body.endpoints.0.allowed_access_ips.0"),
        (["192.168.1.1"], "body.endpoints.0.allowed_access_ips.0"),
        (["127.0.0.1"], "body.endpoints.0.allowed_access_ips.0"),
        (["169.254.169.254"], "body.endpoints.0.allowed_access_ips.0"),
        (["100.64.0.1"], "body.endpoints.0.allowed_access_ips.0"),
        (["224.0.0.1"], "body.endpoints.0.allowed_access_ips.0"),
        (["240.0.0.1"], "body.endpoints.0.allowed_access_ips.0"),
        (["255.255.255.255"], "body.endpoints.0.allowed_access_ips.0"),
        (["0.1.2.3"], "body.endpoints.0.allowed_access_ips.0"),
        (["1.2.3"], "body.endpoints.0.allowed_access_ips.0"),
        (["2001:db8::1"], "body.endpoints.0.allowed_access_ips.0"),
        (["1.1.1.1", "256.1.1.1"], "body.endpoints.0.allowed_access_ips.1"),
        (["1.1.1.1"] * 6, "body.endpoints.0.allowed_access_ips"),
    ],
)
def test_whitelist_takes_at_most_five_public_ipv4(ips: list[str], where: str) -> None:
    assert locations(with_("endpoints", [{"service": "SSH", "allowed_access_ips": ips}])) == {where}


@pytest.mark.parametrize(
    ("endpoint", "where", "rule"),
    [
        (
            {"service": "SSH", "allowed_access_ips": ["8.8.8.8", "1.1.1.1", "8.8.8.8"]},
            "body.endpoints.0.allowed_access_ips",
            "must not list the same IP address twice (repeated: 8.8.8.8)",
        ),
        (
            {"service": "SSH", "key_pair_names": ["k1", "k2", "k1", "k2", "k1"]},
            "body.endpoints.0.key_pair_names",
            "must not list the same key pair twice (repeated: k1, k2)",
        ),
        (
            {"dev_service": "SSH", "ssh_keys": ["k1", "k1"]},
            "body.endpoints.0.ssh_keys",
            "must not list the same key pair twice (repeated: k1)",
        ),
    ],
)
def test_a_key_pair_or_ip_given_twice_is_named_not_sent_twice(
    endpoint: dict[str, Any], where: str, rule: str
) -> None:
    (problem,) = problems(with_("endpoints", [endpoint]))
    assert (problem.location, problem.rule) == (where, rule)


@pytest.mark.parametrize(
    "ips",
    [
        [],
        ["203.0.113.7"],  # documentation range used by the official example: accepted on purpose
        ["198.51.100.1", "192.0.2.1", "1.1.1.1", "8.8.8.8", "100.63.255.255"],
        ["100.128.0.0", "172.32.0.1", "223.255.255.255"],
    ],
)
def test_whitelist_boundaries_accepted(ips: list[str]) -> None:
    parse_request(NotebookCreateRequest, with_("endpoints", [{"service": "SSH", "allowed_access_ips": ips}]))


def test_too_many_ips_and_a_bad_one_are_both_reported() -> None:
    ips = ["1.1.1.1", "10.0.0.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "5.5.5.5"]
    found = locations(with_("endpoints", [{"service": "SSH", "allowed_access_ips": ips}]))
    assert found == {"body.endpoints.0.allowed_access_ips", "body.endpoints.0.allowed_access_ips.1"}


@pytest.mark.parametrize(
    "endpoint",
    [
        {"dev_service": "ssh", "ssh_keys": ["KeyPair-demo"], "allowed_access_ips": ["203.0.113.7"]},
        {"service": "SSH", "key_pair_names": ["KeyPair-demo"], "allowed_access_ips": ["203.0.113.7"]},
        {"dev_service": "Ssh", "key_pair_names": ["KeyPair-demo"], "allowed_access_ips": ["203.0.113.7"]},
    ],
)
def test_both_endpoint_spellings_go_upstream_in_sdk_spelling(endpoint: dict[str, Any]) -> None:
    request = parse_request(NotebookCreateRequest, with_("endpoints", [endpoint]))
    assert request.endpoints is not None
    assert request.endpoints[0].service is EndpointService.SSH
    sent = to_upstream_json(request).decode()
    assert (
        '"endpoints":[{"service":"SSH","key_pair_names":["KeyPair-demo"],"allowed_access_ips":["203.0.113.7"]}]'
        in sent
    )
    assert "dev_service" not in sent and "ssh_keys" not in sent


@pytest.mark.parametrize(
    ("endpoint", "where"),
    [
        ({"service": "SSH", "dev_service": "SSH"}, {"body.endpoints.0.dev_service"}),
        ({"key_pair_names": ["a"], "ssh_keys": ["a"]}, {"body.endpoints.0.ssh_keys"}),
        (
            {"service": "SSH", "dev_service": "FTP", "key_pair_names": ["a"], "ssh_keys": ["b"]},
            {"body.endpoints.0.dev_service", "body.endpoints.0.ssh_keys"},
        ),
        ({"service": "telnet"}, {"body.endpoints.0.service"}),
        ({"key_pair_names": [""]}, {"body.endpoints.0.key_pair_names.0"}),
    ],
)
def test_endpoint_spelling_conflicts(endpoint: dict[str, Any], where: set[str]) -> None:
    assert locations(with_("endpoints", [endpoint])) == where


def test_null_spelling_does_not_conflict() -> None:
    parse_request(NotebookCreateRequest, with_("endpoints", [{"service": "SSH", "dev_service": None}]))


SCRIPT = base64.b64encode(b"pip install -r requirements.txt\n").decode()


@pytest.mark.parametrize(
    ("hook", "ok"),
    [
        ({"type": "COMMAND", "script": SCRIPT}, True),
        ({"type": "command", "script": SCRIPT, "mode": "block"}, True),
        ({"type": "COMMAND", "script": ""}, False),
        ({"type": "COMMAND", "script": "not base64!"}, False),
        ({"type": "COMMAND", "script": SCRIPT[:-1]}, False),  # padding broken
        ({"type": "COMMAND", "script": SCRIPT[:8] + "\n" + SCRIPT[8:]}, False),  # strict: no line breaks
        ({"type": "SCRIPT", "script": "/home/ma-user/init.sh"}, True),
        ({"script": "/home/ma-user/init.sh"}, True),  # SCRIPT is the default type
        ({"script": "init.sh"}, False),
        ({"type": "SCRIPT", "script": ""}, False),
        ({"type": "SCRIPT"}, False),
        ({"type": "SCRIPT", "script": "/x", "mode": "later"}, False),
    ],
)
def test_hook_scripts(hook: dict[str, Any], ok: bool) -> None:
    body = with_("hooks", {"container_hooks": {"pre_start": hook, "post_start": hook}})
    if ok:
        request = parse_request(NotebookCreateRequest, body)
        assert request.hooks is not None and request.hooks.container_hooks is not None
        assert request.hooks.container_hooks.pre_start is not None
        assert request.hooks.container_hooks.pre_start.type in (HookType.COMMAND, HookType.SCRIPT)
    else:
        found = locations(body)
        assert {w.rsplit(".", 1)[0] for w in found} == {
            "body.hooks.container_hooks.pre_start",
            "body.hooks.container_hooks.post_start",
        }


def test_hook_script_value_is_never_echoed() -> None:
    body = with_("hooks", {"container_hooks": {"pre_start": {"type": "COMMAND", "script": "AKIA secret!"}}})
    (problem,) = problems(body)
    assert problem.value == "(not shown)"
    assert "secret" not in str(ContractError([problem]))


def test_data_volumes_at_most_thirty_and_items_checked() -> None:
    volume = {"category": "OBSFS", "ownership": "MANAGED"}
    parse_request(NotebookCreateRequest, with_("data_volumes", [volume] * 30))
    bad = [volume] * 30 + [{"category": "OBS", "ownership": "MANAGED"}]
    assert locations(with_("data_volumes", bad)) == {
        "body.data_volumes",
        "body.data_volumes.30.dew_secret_name",
    }


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("volume.category", "efs", VolumeCategory.EFS),
        ("volume.category", "Obsfs", VolumeCategory.OBSFS),
        ("volume.ownership", "dedicated", Ownership.DEDICATED),
        ("lease", {"type": "idle", "duration": 900_000}, LeaseType.IDLE),
    ],
)
def test_enums_are_case_insensitive_and_normalised(field: str, value: Any, expected: object) -> None:
    body = with_(field, value)
    if field == "volume.ownership":
        body["volume"].update(category="EFS", uri="1.2.3.4:/a/", id=IMAGE)
    request = parse_request(NotebookCreateRequest, body)
    sent = to_upstream_json(request).decode()
    assert f'"{expected}"' in sent
    assert f'"{value}"' not in sent or value == expected


@pytest.mark.parametrize("where", ["", "volume.", "lease."])
def test_unknown_fields_rejected_at_every_level(where: str) -> None:
    body = with_("lease", {"duration": 3_600_000})
    target = body if not where else body[where[:-1]]
    target["surprise"] = 1
    (problem,) = problems(body)
    assert problem.location == f"body.{where}surprise"
    assert problem.rule == "is not a field of this request"


def test_every_problem_is_reported_at_once() -> None:
    body = {
        "name": "bad name!",
        "image_id": IMAGE,
        "flavor": "modelarts.vm.cpu.2u",
        "volume": {"category": "EFS", "ownership": "DEDICATED", "capacity": 9999, "id": IMAGE},
        "endpoints": [{"service": "SSH", "allowed_access_ips": [f"{n}.1.1.1" for n in range(1, 7)]}],
        "lease": {"type": "timing", "duration": 60_000},
        "unexpected": True,
    }
    with pytest.raises(ContractError) as caught:
        parse_request(NotebookCreateRequest, body)
    found = {p.location: p for p in caught.value.problems}
    assert set(found) == {
        "body.name",
        "body.volume.capacity",
        "body.volume.uri",
        "body.endpoints.0.allowed_access_ips",
        "body.lease.duration",
        "body.unexpected",
    }
    assert found["body.volume.capacity"].rule == "capacity must be 1–4096 GB"
    assert found["body.volume.uri"].rule == "uri is required when ownership is DEDICATED"
    assert found["body.endpoints.0.allowed_access_ips"].rule == "at most 5 IP addresses"
    assert "1 h–72 h" in found["body.lease.duration"].rule
    assert found["body.name"].value == "'bad name!'"
    message = str(caught.value)
    assert message.startswith("Invalid request: ") and all(location in message for location in found)


def test_cross_field_rules_still_run_when_other_fields_fail() -> None:
    # Presence rules (flavor, duration+lease) and volume rules next to broken fields.
    body = {
        "name": "",
        "image_id": "nope",
        "duration": 7_200_000,
        "lease": {"duration": 1},
        "volume": {"category": "EVS", "ownership": "DEDICATED", "capacity": 1},
        "endpoints": [{"service": "SSH", "dev_service": "SSH", "allowed_access_ips": ["10.1.1.1"]}],
    }
    assert locations(body) == {
        "body.name",
        "body.image_id",
        "body.flavor",
        "body.lease",
        "body.lease.duration",
        "body.volume.ownership",
        "body.volume.capacity",
        "body.endpoints.0.dev_service",
        "body.endpoints.0.allowed_access_ips.0",
    }


def test_missing_required_fields() -> None:
    found = {p.location: p for p in problems({})}
    assert set(found) == {"body.name", "body.image_id", "body.volume", "body.flavor"}
    assert found["body.name"].rule == "is required" and found["body.name"].value is None


# --- update -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"storage_new_size": 4}, "body.storage_new_size"),
        ({"storage_new_size": 4097}, "body.storage_new_size"),
        ({"name": "x" * 129}, "body.name"),
        ({"description": "<b>"}, "body.description"),
        ({"image_id": "1234"}, "body.image_id"),
        ({"dew_secret_name": "a b"}, "body.dew_secret_name"),
        (
            {"endpoints": [{"dev_service": "SSH", "allowed_access_ips": ["192.168.0.1"]}]},
            "body.endpoints.0.allowed_access_ips.0",
        ),
        ({"flavor": ""}, "body.flavor"),
        (
            {"hooks": {"container_hooks": {"post_start": {"script": "relative"}}}},
            "body.hooks.container_hooks.post_start.script",
        ),
        (
            {"public_network_config": {"public_network_type": "x"}},
            "body.public_network_config.public_network_type",
        ),
        (
            {"data_volumes": [{"category": "EVS", "ownership": "MANAGED", "capacity": 4}]},
            "body.data_volumes.0.capacity",
        ),
        ({"description": "ok", "lease": {"duration": 3_600_000}}, "body.lease"),  # not updatable
    ],
)
def test_update_rules(body: dict[str, Any], where: str) -> None:
    assert locations(body, NotebookUpdateRequest) == {where}


@pytest.mark.parametrize(
    "body",
    [
        {"description": "update"},  # seed 004's example
        {"storage_new_size": 5},
        {"storage_new_size": 4096},
        {"name": "renamed", "flavor": "modelarts.vm.cpu.8u", "image_id": IMAGE},
        {"endpoints": [{"dev_service": "SSH", "ssh_keys": ["k"], "allowed_access_ips": ["1.1.1.1"]}]},
        {"dew_secret_name": "my-secret_1"},
        {"custom_spec": {"cpu": 0.4, "memory": 513, "arch": "x86_64", "category": "cpu"}},
    ],
)
def test_update_valid_bodies(body: dict[str, Any]) -> None:
    parse_request(NotebookUpdateRequest, body)


@pytest.mark.parametrize("body", [{}, {"name": None}, {"unknown": 1}])
def test_update_needs_at_least_one_field(body: dict[str, Any]) -> None:
    found = problems(body, NotebookUpdateRequest)
    assert "body" in {p.location for p in found}
    assert any("at least one field" in p.rule for p in found)


def test_update_serialises_only_what_was_given() -> None:
    request = parse_request(NotebookUpdateRequest, {"description": "update", "name": None})
    assert to_upstream_json(request) == b'{"description":"update"}'
