"""What happens to one notebook: start, stop, its lease, the flavors it may switch to, and open."""

from __future__ import annotations

import tornado.web
from jupyter_server.auth.decorator import authorized

from jupyter_modelarts.server.handlers.base import ModelArtsHandler


class StartHandler(ModelArtsHandler):
    @tornado.web.authenticated
    @authorized
    async def post(self, notebook_id: str) -> None:
        await self.reply(await self.notebooks.start(notebook_id, self.body))


class StopHandler(ModelArtsHandler):
    body_methods = frozenset()

    @tornado.web.authenticated
    @authorized
    async def post(self, notebook_id: str) -> None:
        await self.reply(await self.notebooks.stop(notebook_id))


class LeaseHandler(ModelArtsHandler):
    @tornado.web.authenticated
    @authorized
    async def get(self, notebook_id: str) -> None:
        await self.reply(await self.notebooks.lease(notebook_id))

    @tornado.web.authenticated
    @authorized
    async def patch(self, notebook_id: str) -> None:
        await self.reply(await self.notebooks.renew(notebook_id, self.body))


class SwitchableFlavorsHandler(ModelArtsHandler):
    @tornado.web.authenticated
    @authorized
    async def get(self, notebook_id: str) -> None:
        await self.reply(await self.notebooks.switchable_flavors(notebook_id))


class OpenHandler(ModelArtsHandler):
    """URL and instance token, just in time: POST, so it is never cached or prefetched."""

    body_methods = frozenset()

    @tornado.web.authenticated
    @authorized
    async def post(self, notebook_id: str) -> None:
        # The answer carries the token: no cache may keep it.
        self.set_header("Cache-Control", "no-store")
        await self.reply(await self.notebooks.open(notebook_id, self.who))
