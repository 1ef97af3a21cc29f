"""``GET status`` and ``GET openapi.json``: what the front end asks before anything else."""

from __future__ import annotations

import tornado.web
from jupyter_server.auth.decorator import authorized
from jupyter_server.utils import url_path_join

from jupyter_modelarts.server.handlers.base import ModelArtsHandler
from jupyter_modelarts.server.openapi import openapi_json


class StatusHandler(ModelArtsHandler):
    """Which version answers, whether ModelArts is usable and why not, and the polling hints.

    The front end calls it at start-up, so a missing or misconfigured server part
    is reported to the user instead of failing later on the first real call.
    Always 200, even when nothing is configured: the answer says what is wrong.
    """

    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        await self.reply(await self.service.status())


class OpenApiHandler(ModelArtsHandler):
    """The OpenAPI 3.1 document of this API, as this server serves it (base_url, legacy routes)."""

    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        base = url_path_join(self.base_url, "modelarts")
        await self.reply(openapi_json(base, legacy=self.service.settings.legacy_api))
