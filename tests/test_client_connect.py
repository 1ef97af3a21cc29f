"""core.connect: one client per configuration, built from explicit arguments or ``c.ModelArts`` settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jupyter_modelarts.core import connect as connect_module
from jupyter_modelarts.core.connect import (
    aclose_clients,
    client_from_settings,
    connect,
    retry_policy,
)
from jupyter_modelarts.core.errors import ConfigurationError, UpstreamError
from jupyter_modelarts.core.settings import ModelArts


def settings_for(sim: Any, **extra: Any) -> ModelArts:
    return ModelArts(
        endpoint=sim.endpoint, access_key=sim.ACCESS_KEY, secret_key=sim.SECRET_KEY,
        project_id=sim.PROJECT_ID, **extra,
    )  # fmt: skip


@pytest.mark.asyncio
async def test_connect_returns_one_client_per_configuration(sim: Any) -> None:
    first = connect(sim.endpoint, sim.credentials)
    assert connect(sim.endpoint + "/", sim.aksk_credentials()) is first  # equal credentials, same client
    assert connect(sim.endpoint, sim.aksk_credentials(secret_key="another-secret-key-000000")) is not first
    assert connect(sim.endpoint, sim.credentials, timeout=5.0) is not first
    assert (await first.notebook_quota()).quota == 10
    assert all(sim.SECRET_KEY not in repr(key) for key in connect_module._clients)
    await first.aclose()
    replacement = connect(sim.endpoint, sim.credentials)
    assert replacement is not first and not replacement.closed
    await aclose_clients()
    assert replacement.closed


@pytest.mark.asyncio
async def test_settings_build_the_client_and_share_it(sim: Any) -> None:
    settings = settings_for(sim, request_timeout=12.0)
    client = client_from_settings(settings)
    assert client_from_settings(settings_for(sim, request_timeout=12.0)) is client
    assert client.endpoint == sim.endpoint and client.project_id == sim.PROJECT_ID
    assert "c.ModelArts" in client.credential_source
    assert (await client.list_notebooks()).total == 0
    await aclose_clients()


@pytest.mark.asyncio
async def test_max_retries_from_settings_is_obeyed(sim: Any) -> None:
    policy = retry_policy(ModelArts(max_retries=2, retry_backoff=0.5))
    assert (policy.max_attempts, policy.base_delay) == (3, 0.5)
    sim.control.add_fault(action="error", status=503, path=r"/notebooks$", method="GET", count=1)
    no_retries = client_from_settings(settings_for(sim, max_retries=0))
    with pytest.raises(UpstreamError) as caught:
        await no_retries.list_notebooks()
    assert caught.value.http_status == 503
    await aclose_clients()


@pytest.mark.asyncio
async def test_settings_fall_back_to_the_environment(sim: Any, tmp_path: Path) -> None:
    env = {
        "MODELARTS_ENDPOINT": sim.endpoint, "HUAWEICLOUD_SDK_AK": sim.ACCESS_KEY,
        "HUAWEICLOUD_SDK_SK": sim.SECRET_KEY, "HUAWEICLOUD_SDK_PROJECT_ID": sim.PROJECT_ID,
    }  # fmt: skip
    client = client_from_settings(ModelArts(), env=env, home=tmp_path)
    assert client.credential_source == "environment (HUAWEICLOUD_SDK_AK)"
    assert (await client.notebook_quota()).used == 0
    await aclose_clients()


def test_missing_configuration_says_what_to_set(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError) as no_endpoint:
        client_from_settings(ModelArts(), env={}, home=tmp_path)
    assert "region or endpoint" in str(no_endpoint.value)
    with pytest.raises(ConfigurationError) as no_credentials:
        client_from_settings(ModelArts(endpoint="http://127.0.0.1:9"), env={}, home=tmp_path)
    assert "No ModelArts credentials found" in str(no_credentials.value)
    no_project = ModelArts(endpoint="http://127.0.0.1:9", access_key="AKNOPROJECT000001", secret_key="s" * 30)
    with pytest.raises(ConfigurationError) as caught:
        client_from_settings(no_project, env={}, home=tmp_path)
    assert "project ID" in str(caught.value)
