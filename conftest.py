"""Root pytest configuration: the pytest-jupyter server fixtures for every test.

``pytest_plugins`` must live in the root conftest (pytest refuses it in nested ones).

Server tests configure ``c.ModelArts`` through the ``modelarts_config`` fixture
(empty by default: an unconfigured server). ``sim_modelarts_config`` points it at
the ``sim`` simulator of tests/conftest.py; a test module opts in with::

    @pytest.fixture
    def modelarts_config(sim_modelarts_config):
        return sim_modelarts_config

``api`` wraps ``jp_fetch`` for JSON calls to ``<base_url>/modelarts/...``
(test modules cannot import helpers: ``--import-mode=importlib``).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from tornado.httpclient import HTTPClientError, HTTPResponse

pytest_plugins = ("pytest_jupyter.jupyter_server",)

Fetch = Callable[..., Awaitable[HTTPResponse]]


@pytest.fixture
def modelarts_config() -> dict[str, Any]:
    """The ``c.ModelArts`` section of the test server; empty means "not configured"."""
    return {}


@pytest.fixture
def jp_server_config(jp_server_config: dict[str, Any], modelarts_config: dict[str, Any]) -> dict[str, Any]:
    """A test server with only our extension, which refuses unauthenticated requests.

    ``allow_unauthenticated_access=False`` makes jupyter_server reject any handler that
    forgot ``@tornado.web.authenticated``, the same rule production servers can turn on.
    """
    config: dict[str, Any] = {
        "ServerApp": {
            "jpserver_extensions": {"jupyter_modelarts": True},
            "allow_unauthenticated_access": False,
        }
    }
    if modelarts_config:
        config["ModelArts"] = dict(modelarts_config)
    return config


@pytest.fixture
def sim_modelarts_config(sim: Any) -> dict[str, Any]:
    """``c.ModelArts`` for the ``sim`` simulator: explicit credentials, no waiting between retries."""
    return {
        "endpoint": sim.endpoint,
        "credential_source": "config",
        "access_key": sim.ACCESS_KEY,
        "secret_key": sim.SECRET_KEY,
        "project_id": sim.PROJECT_ID,
        "max_retries": 1,
        "retry_backoff": 0.0,
        "request_timeout": 10.0,
        "catalog_cache_ttl": 60.0,
    }


class Api:
    """JSON calls to ``<base_url>/modelarts/<path>`` through the test server, with its token."""

    def __init__(self, fetch: Fetch) -> None:
        self._fetch = fetch

    async def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        raw: bytes | None = None,
    ) -> tuple[int, Any]:
        """(status, parsed JSON body) for any answer, success or error."""
        content = raw if raw is not None else (None if body is None else json.dumps(body).encode())
        if content is None and method in ("POST", "PUT", "PATCH"):
            content = b""
        kwargs: dict[str, Any] = {"method": method, "params": params, "body": content}
        if headers is not None:
            kwargs["headers"] = headers
        try:
            response = await self._fetch("modelarts", *path.split("/"), **kwargs)
        except HTTPClientError as error:
            if error.response is None:  # no HTTP answer at all (e.g. the client's own timeout)
                raise
            response = error.response
        assert response.headers["Content-Type"].startswith("application/json"), response.headers
        return response.code, json.loads(response.body) if response.body else None

    async def ok(self, method: str, path: str, body: Any = None, **kwargs: Any) -> Any:
        code, answer = await self.call(method, path, body, **kwargs)
        assert 200 <= code < 300, (code, answer)
        return answer

    async def get(self, path: str, **kwargs: Any) -> Any:
        return await self.ok("GET", path, **kwargs)

    async def wait_for(self, notebook_id: str, *statuses: str) -> Any:
        """Poll ``GET notebooks/{id}`` until one of ``statuses``; the deadline only stops a broken run."""
        give_up = time.monotonic() + 60.0
        while True:
            notebook = await self.get(f"notebooks/{notebook_id}")
            if notebook["status"] in statuses:
                return notebook
            assert time.monotonic() < give_up, f"{notebook_id} stayed {notebook['status']}, not {statuses}"
            await asyncio.sleep(0.01)

    async def fails(self, expected: int, method: str, path: str, body: Any = None, **kwargs: Any) -> Any:
        """The error body of a call that must answer ``expected``."""
        code, answer = await self.call(method, path, body, **kwargs)
        assert code == expected, (code, answer)
        assert set(answer) >= {"message", "reason", "code", "request_id", "problems"}, answer
        return answer


@pytest.fixture
def api(jp_fetch: Fetch) -> Api:
    return Api(jp_fetch)
