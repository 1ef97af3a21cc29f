"""``legacy/instances...``: the deprecated DevEnviron API, routed only when ``c.ModelArts.legacy_api``."""

from __future__ import annotations

import tornado.web
from jupyter_server.auth.decorator import authorized

from jupyter_modelarts.server.handlers.base import ModelArtsHandler


class LegacyInstancesHandler(ModelArtsHandler):
    query_methods = frozenset({"GET"})

    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        await self.reply(await self.legacy.list(self.query))

    @tornado.web.authenticated
    @authorized
    async def post(self) -> None:
        await self.reply(await self.legacy.create(self.body), status=201)


class LegacyInstanceHandler(ModelArtsHandler):
    @tornado.web.authenticated
    @authorized
    async def get(self, instance_id: str) -> None:
        await self.reply(await self.legacy.show(instance_id))

    @tornado.web.authenticated
    @authorized
    async def put(self, instance_id: str) -> None:
        await self.reply(await self.legacy.update(instance_id, self.body))

    @tornado.web.authenticated
    @authorized
    async def delete(self, instance_id: str) -> None:
        await self.reply(await self.legacy.remove(instance_id))


class LegacyActionHandler(ModelArtsHandler):
    @tornado.web.authenticated
    @authorized
    async def post(self, instance_id: str) -> None:
        await self.reply(await self.legacy.action(instance_id, self.body))


class LegacyOpenHandler(ModelArtsHandler):
    body_methods = frozenset()

    @tornado.web.authenticated
    @authorized
    async def post(self, instance_id: str) -> None:
        self.set_header("Cache-Control", "no-store")
        await self.reply(await self.legacy.open(instance_id, self.who))
