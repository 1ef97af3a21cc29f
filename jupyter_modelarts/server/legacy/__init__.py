"""The deprecated DevEnviron API (``/demanager``) at ``legacy/instances``, on if ``c.ModelArts.legacy_api``.

Removable: only its registrations use it, the routes in routes.py and the documented operations
and path ids in openapi.py (an import-linter contract in pyproject.toml keeps it so). Its thin
handlers are here; what they do, without tornado, is in :mod:`.operations`.
"""

from __future__ import annotations

import tornado.web
from jupyter_server.auth.decorator import authorized

from jupyter_modelarts.server.handlers import NAMESPACE, ModelArtsHandler, Route
from jupyter_modelarts.server.legacy.operations import OPERATIONS, PATH_IDS, LegacyOperations

__all__ = ["OPERATIONS", "PATH_IDS", "ROUTES"]


class LegacyHandler(ModelArtsHandler):
    @property
    def legacy(self) -> LegacyOperations:
        return LegacyOperations(self.service)


class LegacyInstancesHandler(LegacyHandler):
    query_methods = frozenset({"GET"})

    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        await self.reply(await self.legacy.list(self.query))

    @tornado.web.authenticated
    @authorized
    async def post(self) -> None:
        await self.reply(await self.legacy.create(self.body), status=201)


class LegacyInstanceHandler(LegacyHandler):
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


class LegacyActionHandler(LegacyHandler):
    @tornado.web.authenticated
    @authorized
    async def post(self, instance_id: str) -> None:
        await self.reply(await self.legacy.action(instance_id, self.body))


class LegacyOpenHandler(LegacyHandler):
    body_methods = frozenset()

    @tornado.web.authenticated
    @authorized
    async def post(self, instance_id: str) -> None:
        await self.reply(await self.legacy.open(instance_id, self.who))


_INSTANCES = f"{NAMESPACE}/legacy/instances"
_INSTANCE = rf"{_INSTANCES}/(?P<instance_id>[^/]+)"
ROUTES: list[Route] = [
    (_INSTANCES, LegacyInstancesHandler),
    (_INSTANCE, LegacyInstanceHandler),
    (f"{_INSTANCE}/action", LegacyActionHandler),
    (f"{_INSTANCE}/open", LegacyOpenHandler),
]
