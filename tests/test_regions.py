"""Region and endpoint resolution (core/regions.py, REFERENCE.md §9.4)."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jupyter_modelarts.core.errors import ConfigurationError
from jupyter_modelarts.core.regions import (
    SDK_REGIONS,
    ResolvedEndpoint,
    resolve_endpoint,
    sdk_region_env_name,
    validate_endpoint,
)

CN4 = "https://modelarts.cn-north-4.myhuaweicloud.com"


def test_default_pattern_from_explicit_region() -> None:
    got = resolve_endpoint("cn-north-4", None, {})
    assert got == ResolvedEndpoint(
        CN4, "cn-north-4", "default pattern for region cn-north-4", "c.ModelArts.region"
    )


def test_sdk_table_exception_for_ap_southeast_1() -> None:
    got = resolve_endpoint("ap-southeast-1", None, {})
    assert got.url == "https://modelarts.ap-southeast-1.myhuaweicloud.cn"
    assert got.source == "SDK region table (ap-southeast-1)"


def test_every_sdk_region_resolves_like_the_sdk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The SDK package may import its credentials module, which writes to $HOME.
    monkeypatch.setenv("HOME", str(tmp_path))
    sdk = importlib.import_module("huaweicloudsdkmodelarts.v1.region.modelarts_region").ModelArtsRegion
    assert set(sdk.static_fields) == SDK_REGIONS
    for region_id, region in sdk.static_fields.items():
        assert resolve_endpoint(region_id, None, {}).url == region.endpoints[0], region_id


def test_region_not_in_sdk_list_uses_pattern_and_says_so() -> None:
    got = resolve_endpoint("cn-north-44", None, {})
    assert got.url == "https://modelarts.cn-north-44.myhuaweicloud.com"
    assert "not in the SDK's region list" in got.source


def test_region_from_environment_and_explicit_wins() -> None:
    env = {"MODELARTS_REGION": "cn-east-3"}
    from_env = resolve_endpoint(None, None, env)
    assert (from_env.region, from_env.region_source) == ("cn-east-3", "environment (MODELARTS_REGION)")
    assert from_env.url == "https://modelarts.cn-east-3.myhuaweicloud.com"
    explicit = resolve_endpoint("cn-north-4", "", env)
    assert (explicit.region, explicit.url) == ("cn-north-4", CN4)


def test_endpoint_precedence_explicit_then_env_then_sdk_env_then_default() -> None:
    env = {
        "MODELARTS_ENDPOINT": "http://127.0.0.1:8900",
        "HUAWEICLOUD_SDK_REGION_MODELARTS_CN_NORTH_4": "https://sdk-1.example.com,https://sdk-2.example.com",
    }
    explicit = resolve_endpoint("cn-north-4", "https://private.example.com", env)
    assert (explicit.url, explicit.source) == ("https://private.example.com", "c.ModelArts.endpoint")
    from_env = resolve_endpoint("cn-north-4", None, env)
    assert (from_env.url, from_env.source) == ("http://127.0.0.1:8900", "environment (MODELARTS_ENDPOINT)")
    del env["MODELARTS_ENDPOINT"]
    sdk_env = resolve_endpoint("cn-north-4", None, env)
    assert sdk_env.url == "https://sdk-1.example.com"
    assert sdk_env.source == "environment (HUAWEICLOUD_SDK_REGION_MODELARTS_CN_NORTH_4)"
    assert resolve_endpoint("cn-north-4", None, {}).url == CN4


def test_sdk_region_env_name_and_first_non_empty_entry() -> None:
    assert sdk_region_env_name("ap-southeast-1") == "HUAWEICLOUD_SDK_REGION_MODELARTS_AP_SOUTHEAST_1"
    env = {"HUAWEICLOUD_SDK_REGION_MODELARTS_AP_SOUTHEAST_1": " , https://b.example.com "}
    assert resolve_endpoint("ap-southeast-1", None, env).url == "https://b.example.com"


def test_sdk_region_env_beats_the_sdk_table() -> None:
    env = {"HUAWEICLOUD_SDK_REGION_MODELARTS_AP_SOUTHEAST_1": "https://own.example.com"}
    assert resolve_endpoint("ap-southeast-1", None, env).url == "https://own.example.com"


def test_endpoint_alone_is_enough() -> None:
    got = resolve_endpoint(None, "http://127.0.0.1:8900/", {})
    assert got == ResolvedEndpoint("http://127.0.0.1:8900", None, "c.ModelArts.endpoint", None)


def test_neither_region_nor_endpoint_is_a_clear_error() -> None:
    with pytest.raises(ConfigurationError) as caught:
        resolve_endpoint(None, None, {"MODELARTS_REGION": "  "})
    assert "No ModelArts region or endpoint" in str(caught.value)
    assert "MODELARTS_REGION" in caught.value.hint
    assert "cn-north-4" in caught.value.hint


@pytest.mark.parametrize(
    "region", ["CN-NORTH-4", "cn_north_4", "cn", "cn-north-4/x", "cn north 4", "-cn-4", "a-" * 40]
)
def test_invalid_region_ids_name_the_source(region: str) -> None:
    with pytest.raises(ConfigurationError, match=r"c\.ModelArts\.region.*not a valid region id"):
        resolve_endpoint(region, None, {})
    with pytest.raises(ConfigurationError, match=r"environment \(MODELARTS_REGION\)"):
        resolve_endpoint(None, None, {"MODELARTS_REGION": region})


def test_region_is_trimmed() -> None:
    assert resolve_endpoint(" cn-north-4 ", None, {}).region == "cn-north-4"


@pytest.mark.parametrize(
    ("endpoint", "problem"),
    [
        ("modelarts.cn-north-4.myhuaweicloud.com", "must start with https://"),
        ("ftp://modelarts.example.com", "must start with https://"),
        ("https://", "no host name"),
        ("https://modelarts.example.com/v1", "must not have a path"),
        ("https://modelarts.example.com?x=1", "query string or fragment"),
        ("https://modelarts.example.com/#top", "query string or fragment"),
        ("https://modelarts.example.com:99999", "not a valid URL"),
        ("https://modelarts.example.com:abc", "not a valid URL"),
        ("https://modelarts.example.com:0", "port must be a number"),
        ("https://model arts.example.com", "may only contain letters"),
        ("https://modelarts_example.com", "may only contain letters"),
        ("https://[not-ipv6]:8080", "not a valid URL"),
        ("https://[::1:8080", "not a valid URL"),
    ],
)
def test_invalid_endpoints_say_which_rule(endpoint: str, problem: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        validate_endpoint(endpoint, "c.ModelArts.endpoint")
    assert problem in str(caught.value)
    assert "c.ModelArts.endpoint" in str(caught.value)


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://AKUSER:hunter2secret@modelarts.example.com",
        "https://AKUSER:hunter2secret@modelarts.example.com:badport",
        "https://AKUSER:hunter2secret@[::1",
        "ftp://AKUSER:hunter2secret@modelarts.example.com/path",
    ],
)
def test_endpoint_with_user_info_is_refused_without_echoing_it(endpoint: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        resolve_endpoint(None, endpoint, {})
    assert "user info" in str(caught.value)
    assert "hunter2secret" not in str(caught.value)
    assert "AKUSER" not in str(caught.value)


def test_endpoint_from_environment_is_validated_with_its_name() -> None:
    with pytest.raises(ConfigurationError, match=r"environment \(MODELARTS_ENDPOINT\)"):
        resolve_endpoint(None, None, {"MODELARTS_ENDPOINT": "modelarts.example.com"})
    bad_sdk = {"HUAWEICLOUD_SDK_REGION_MODELARTS_CN_NORTH_4": "nohttps.example.com"}
    with pytest.raises(ConfigurationError, match="HUAWEICLOUD_SDK_REGION_MODELARTS_CN_NORTH_4"):
        resolve_endpoint("cn-north-4", None, bad_sdk)


def test_endpoint_normalisation() -> None:
    assert (
        validate_endpoint(" HTTPS://ModelArts.Example.COM:8443/ ", "x")
        == "https://modelarts.example.com:8443"
    )
    got = resolve_endpoint(None, "http://[::1]:8080", {})
    assert got.url == "http://[::1]:8080"


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    st.one_of(st.text(), st.from_regex(r"[a-z]{1,4}(-[a-z0-9]{1,6}){0,3}", fullmatch=True)),
    st.one_of(
        st.text(),
        st.from_regex(
            r"(https?|ftp|)(://)?[a-zA-Z0-9.\-\[\]:@_ %]{0,24}(:[0-9a-z]{0,6})?([/?#][a-z]{0,3})?",
            fullmatch=True,
        ),
    ),
)
def test_any_text_gives_an_endpoint_or_a_configuration_error(region: str, endpoint: str) -> None:
    try:
        got = resolve_endpoint(region, endpoint, {})
    except ConfigurationError:
        return
    assert got.url.startswith(("http://", "https://"))
    assert validate_endpoint(got.url, "again") == got.url
