"""``GET flavors``, ``GET images``, ``GET presets`` and ``POST presets/{slug}/launch``."""

from __future__ import annotations

import tornado.web
from jupyter_server.auth.decorator import authorized

from jupyter_modelarts.server.handlers.base import ModelArtsHandler


class FlavorsHandler(ModelArtsHandler):
    query_methods = frozenset({"GET"})

    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        await self.reply(await self.choices.flavors(self.query))


class ImagesHandler(ModelArtsHandler):
    query_methods = frozenset({"GET"})

    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        await self.reply(await self.choices.images(self.query))


class PresetsHandler(ModelArtsHandler):
    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        await self.reply(await self.choices.presets(self.current_user))


class PresetLaunchHandler(ModelArtsHandler):
    @tornado.web.authenticated
    @authorized
    async def post(self, slug: str) -> None:
        await self.reply(await self.choices.launch(slug, self.body, self.current_user), status=201)
