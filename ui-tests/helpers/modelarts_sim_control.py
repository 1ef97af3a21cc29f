"""Test-only Jupyter server extension: lets the Galata tests drive the simulator.

The simulator's control API (``/_sim/...``: virtual clock, speed, sold-out
flavors, forced failures) is signed with the AK/SK that
``jupyter_server_test_config.py`` generated for this run; those credentials
stay in this process. The browser calls ``<base_url>/modelarts-test/sim/<path>``
with its Jupyter login, and this handler forwards the call, signed, to
``/_sim/<path>``. Only the control API is reachable this way, and only on the
test server, which is the only place this module is enabled.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import tornado.web
from jupyter_server.base.handlers import APIHandler
from jupyter_server.serverapp import ServerApp
from jupyter_server.utils import url_path_join

from jupyter_modelarts.simulator.testing import SimClient

_client: SimClient | None = None


def configure(client: SimClient) -> None:
    """Called by the test config with a client signed for the simulator it started."""
    global _client
    _client = client


class SimControlHandler(APIHandler):
    async def _forward(self, method: str, path: str) -> None:
        if _client is None:
            raise tornado.web.HTTPError(503, "the simulator is not configured")
        body: Any = json.loads(self.request.body) if self.request.body else None
        response = await asyncio.to_thread(
            _client.request, method, f"/_sim/{path}", json=body, project_header=False
        )
        self.set_status(response.status_code)
        self.set_header("Content-Type", "application/json")
        await self.finish(response.content)

    @tornado.web.authenticated
    async def get(self, path: str) -> None:
        await self._forward("GET", path)

    @tornado.web.authenticated
    async def post(self, path: str) -> None:
        await self._forward("POST", path)

    @tornado.web.authenticated
    async def put(self, path: str) -> None:
        await self._forward("PUT", path)

    @tornado.web.authenticated
    async def delete(self, path: str) -> None:
        await self._forward("DELETE", path)


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": __name__}]


def _load_jupyter_server_extension(serverapp: ServerApp) -> None:
    pattern = url_path_join(serverapp.base_url, r"modelarts-test/sim/([A-Za-z0-9_.\-/]+)")
    serverapp.web_app.add_handlers(".*$", [(pattern, SimControlHandler)])  # type: ignore[no-untyped-call]
