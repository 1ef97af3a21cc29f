"""The shared c.ModelArts configuration section (core/settings.py)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from traitlets import TraitError
from traitlets.config import Config, Configurable

from jupyter_modelarts.core.auth.secrets import AkSkCredentials, IamTokenCredentials
from jupyter_modelarts.core.errors import ConfigurationError
from jupyter_modelarts.core.settings import ModelArts

AK, SK = "AKSETTINGS000000AAAA", "SKsettingsSecretValue00000000000000000001"
STS, TOKEN = "STSsettingsToken0000", "MIIsettingsIamToken000000000000000000002"
ENV_AK, ENV_SK = "AKSETTINGSENV000BBBB", "SKsettingsEnvSecret0000000000000000000003"
PROJECT = "0123456789abcdef0123456789abcdef"
SECRETS = [AK, SK, STS, TOKEN, ENV_AK, ENV_SK]


def configured(**traits: Any) -> ModelArts:
    config = Config()
    for name, value in traits.items():
        setattr(config.ModelArts, name, value)
    return ModelArts(config=config)


def test_every_trait_is_configurable_and_documented() -> None:
    own = {
        name: trait
        for name, trait in ModelArts.class_traits().items()
        if name not in Configurable.class_traits()
    }
    for name, trait in own.items():
        assert trait.metadata.get("config") is True, name
        assert len(trait.help) > 30, f"{name} needs help text that explains it"
    expected = {
        "region", "endpoint", "project_id", "credential_source", "access_key", "secret_key", "security_token",
        "iam_token", "credentials_file", "request_timeout", "connect_timeout", "max_retries", "retry_backoff",
        "poll_interval_fast", "poll_interval_slow", "allowed_flavors", "blocked_flavors", "allowed_images",
        "blocked_images", "max_lease_hours", "presets", "legacy_api", "catalog_cache_ttl",
    }  # fmt: skip
    assert set(own) == expected
    assert "--ModelArts.region" in ModelArts.class_get_help()


def test_defaults() -> None:
    m = ModelArts()
    assert (m.region, m.endpoint, m.project_id, m.credential_source) == (None, None, None, "auto")
    assert (m.request_timeout, m.max_retries, m.catalog_cache_ttl) == (30.0, 3, 60.0)
    assert m.connect_timeout > 0 and m.retry_backoff > 0 and 0 < m.poll_interval_fast < m.poll_interval_slow
    assert (m.allowed_flavors, m.blocked_flavors, m.allowed_images, m.blocked_images) == (
        None,
        None,
        None,
        None,
    )
    assert (m.max_lease_hours, m.presets, m.legacy_api) == (None, [], False)


def test_values_come_from_config_and_from_a_parent() -> None:
    m = configured(region="cn-north-4", request_timeout=12.5, allowed_flavors=["modelarts.vm.cpu.2u"])
    assert (m.region, m.request_timeout, m.allowed_flavors) == ("cn-north-4", 12.5, ["modelarts.vm.cpu.2u"])
    config = Config()
    config.ModelArts.endpoint = "http://127.0.0.1:8900/"
    parent = Configurable(config=config)  # stands in for the ServerApp or the IPython shell
    assert ModelArts(parent=parent).endpoint == "http://127.0.0.1:8900"


def test_presets_accept_a_list_of_dicts_or_a_callable() -> None:
    presets = [{"display_name": "Small", "flavor": "modelarts.vm.cpu.2u", "default": True}]
    assert configured(presets=presets).presets == presets

    def per_user(user: str) -> list[dict[str, Any]]:
        return presets

    assert configured(presets=per_user).presets is per_user
    with pytest.raises(TraitError):
        configured(presets="not a list")


@pytest.mark.parametrize(
    ("trait", "value", "message"),
    [
        ("request_timeout", 0, "request_timeout must be more than 0"),
        ("connect_timeout", -1.0, "connect_timeout must be more than 0"),
        ("poll_interval_fast", 0.0, "poll_interval_fast must be more than 0"),
        ("poll_interval_slow", -5, "poll_interval_slow must be more than 0"),
        ("retry_backoff", -0.1, "retry_backoff must be 0 or more"),
        ("catalog_cache_ttl", -1, "catalog_cache_ttl must be 0 or more"),
        ("max_retries", 11, "max_retries must be from 0 to 10"),
        ("max_retries", -1, "max_retries must be from 0 to 10"),
        ("max_lease_hours", 0, "max_lease_hours must be more than 0 and at most 72"),
        ("max_lease_hours", 100, "max_lease_hours must be more than 0 and at most 72"),
        ("region", "CN-NORTH-4", "not a valid region id"),
        ("endpoint", "https://modelarts.example.com/v1", "must not have a path"),
        ("project_id", "my-project", "32 lower-case hexadecimal"),
        ("credential_source", "magic", "credential_source"),
    ],
)
def test_bad_values_are_refused_with_the_rule(trait: str, value: Any, message: str) -> None:
    with pytest.raises(TraitError, match=message):
        configured(**{trait: value})


def test_cheap_values_are_normalised() -> None:
    m = configured(region=" cn-north-4 ", endpoint="HTTPS://Host.Example.com/", project_id=f" {PROJECT} ")
    assert (m.region, m.endpoint, m.project_id) == ("cn-north-4", "https://host.example.com", PROJECT)
    assert configured(region="", endpoint="  ").region is None


def test_endpoint_with_password_is_refused_without_echo() -> None:
    with pytest.raises(TraitError) as caught:
        configured(endpoint=f"https://user:{SK}@modelarts.example.com")
    assert SK not in str(caught.value)


def test_resolution_uses_the_traits(tmp_path: Path) -> None:
    m = configured(
        access_key=AK, secret_key=SK, security_token=STS, project_id=PROJECT, region="ap-southeast-1"
    )
    creds = m.resolved_credentials(env={}, home=tmp_path)
    assert creds.credentials == AkSkCredentials(AK, SK, STS, PROJECT)  # type: ignore[arg-type]
    assert m.resolved_endpoint(env={}).url == "https://modelarts.ap-southeast-1.myhuaweicloud.cn"
    token = configured(iam_token=TOKEN, credential_source="iam-token").resolved_credentials(
        env={}, home=tmp_path
    )
    assert isinstance(token.credentials, IamTokenCredentials)


def test_resolution_reads_the_environment_and_profile_given(tmp_path: Path) -> None:
    profile = tmp_path / "creds.ini"
    profile.write_text(f"[basic]\nak = {AK}\nsk = {SK}\nproject_id = {PROJECT}\n")
    m = configured(credentials_file=str(profile), credential_source="profile")
    env = {
        "HUAWEICLOUD_SDK_AK": ENV_AK,
        "HUAWEICLOUD_SDK_SK": ENV_SK,
        "MODELARTS_ENDPOINT": "http://127.0.0.1:1",
    }
    assert m.resolved_credentials(env=env, home=tmp_path).source == f"profile file {profile} [basic]"
    assert m.resolved_endpoint(env=env).source == "environment (MODELARTS_ENDPOINT)"


def test_describe_reports_sources_and_no_secret(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    m = configured(access_key=AK, secret_key=SK, security_token=STS, iam_token=TOKEN, region="cn-north-4")
    env = {"HUAWEICLOUD_SDK_AK": ENV_AK, "HUAWEICLOUD_SDK_SK": ENV_SK, "HUAWEICLOUD_SDK_PROJECT_ID": PROJECT}
    info = m.describe(env=env, home=tmp_path)
    assert info == {
        "credential_source_setting": "auto",
        "problems": [],
        "region": "cn-north-4",
        "region_source": "c.ModelArts.region",
        "endpoint": "https://modelarts.cn-north-4.myhuaweicloud.com",
        "endpoint_source": "default pattern for region cn-north-4",
        "credential_source": "c.ModelArts config",
        "credential_kind": "AK/SK",
        "project_id": None,
        "project_source": None,
    }
    env_info = configured(region="cn-north-4").describe(env=env, home=tmp_path)
    assert env_info["credential_source"] == "environment (HUAWEICLOUD_SDK_AK)"
    assert (env_info["project_id"], env_info["project_source"]) == (
        PROJECT,
        "environment (HUAWEICLOUD_SDK_PROJECT_ID)",
    )
    shown = [repr(info), repr(env_info), repr(m), str(m), caplog.text]
    for text in shown:
        for secret in SECRETS:
            assert secret not in text


def test_describe_lists_problems_instead_of_raising(tmp_path: Path) -> None:
    info = configured(access_key=AK).describe(env={}, home=tmp_path)
    assert "region" not in info and "credential_source" not in info
    assert len(info["problems"]) == 2
    assert "No ModelArts region or endpoint" in info["problems"][0]
    assert "c.ModelArts.secret_key missing" in info["problems"][1]
    assert AK not in repr(info)


def test_resolution_errors_are_configuration_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError):
        ModelArts().resolved_endpoint(env={})
    with pytest.raises(ConfigurationError):
        ModelArts().resolved_credentials(env={}, home=tmp_path)
