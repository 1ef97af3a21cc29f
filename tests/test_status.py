"""GET <base_url>/modelarts/status against a real Jupyter server (pytest-jupyter)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from tornado.httpclient import HTTPClientError, HTTPResponse

import jupyter_modelarts

Fetch = Callable[..., Awaitable[HTTPResponse]]


async def test_status_reports_version_and_unconfigured_state(jp_fetch: Fetch) -> None:
    response = await jp_fetch("modelarts", "status")

    assert response.code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    body = json.loads(response.body)
    assert body["version"] == jupyter_modelarts.__version__
    assert body["configured"] is False
    assert any("region or endpoint" in problem for problem in body["problems"])
    assert any("credentials" in problem for problem in body["problems"])
    assert body["hint"] and body["endpoint_kind"] == "unknown" and body["quota"] is None


async def test_status_refuses_requests_without_a_token(jp_fetch: Fetch) -> None:
    with pytest.raises(HTTPClientError) as error:
        await jp_fetch("modelarts", "status", headers={"Authorization": ""})

    assert error.value.code == 403


async def test_status_refuses_a_wrong_token(jp_fetch: Fetch) -> None:
    with pytest.raises(HTTPClientError) as error:
        await jp_fetch("modelarts", "status", headers={"Authorization": "token not-the-token"})

    assert error.value.code == 403


async def test_status_only_answers_get(jp_fetch: Fetch) -> None:
    with pytest.raises(HTTPClientError) as error:
        await jp_fetch("modelarts", "status", method="POST", body="{}")

    assert error.value.code == 405


class TestUnderNonRootBaseUrl:
    """A JupyterHub-style prefix: routes must move with base_url."""

    @pytest.fixture
    def jp_base_url(self) -> str:
        return "/user/alice/"

    async def test_status_is_served_below_base_url(
        self, jp_fetch: Fetch, jp_serverapp: Any, jp_base_url: str
    ) -> None:
        assert jp_serverapp.base_url == jp_base_url

        response = await jp_fetch("modelarts", "status")

        assert response.code == 200
        assert urlsplit(response.effective_url).path == "/user/alice/modelarts/status"
        assert json.loads(response.body)["version"] == jupyter_modelarts.__version__

    async def test_status_is_not_served_at_the_root(
        self, http_server_client: Any, jp_auth_header: dict[str, str]
    ) -> None:
        with pytest.raises(HTTPClientError) as error:
            await http_server_client.fetch("/modelarts/status", headers=jp_auth_header)

        assert error.value.code == 404
