"""``notebooks`` and ``notebooks/{id}``: list, create, show, update, delete."""

from __future__ import annotations

import tornado.web
from jupyter_server.auth.decorator import authorized

from jupyter_modelarts.server.handlers.base import ModelArtsHandler


class NotebooksHandler(ModelArtsHandler):
    query_methods = frozenset({"GET"})

    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        await self.reply(await self.notebooks.list(self.query, may_list_all=self.may_list_all))

    @tornado.web.authenticated
    @authorized
    async def post(self) -> None:
        await self.reply(await self.notebooks.create(self.body), status=201)


class NotebookHandler(ModelArtsHandler):
    @tornado.web.authenticated
    @authorized
    async def get(self, notebook_id: str) -> None:
        await self.reply(await self.notebooks.show(notebook_id))

    @tornado.web.authenticated
    @authorized
    async def put(self, notebook_id: str) -> None:
        await self.reply(await self.notebooks.update(notebook_id, self.body))

    @tornado.web.authenticated
    @authorized
    async def delete(self, notebook_id: str) -> None:
        await self.reply(await self.notebooks.remove(notebook_id))
