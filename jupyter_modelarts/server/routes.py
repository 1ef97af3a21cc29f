"""The route table of ``<base_url>/modelarts/`` and its thin handlers (docs/rest-api.md).

Patterns are relative: ExtensionApp prepends the server's ``base_url``, so the
API moves with it (JupyterHub's ``/user/<name>/``). Path ids match any segment
(``[^/]+``): the contract then answers a malformed id with a 400 naming
``path.notebook_id`` rather than an unexplained 404.
"""

from __future__ import annotations

import tornado.web
from jupyter_server.auth.decorator import authorized
from jupyter_server.utils import url_path_join

from jupyter_modelarts.core.errors import LookupProblem
from jupyter_modelarts.server import legacy
from jupyter_modelarts.server.handlers import NAMESPACE, ModelArtsHandler, Route
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
        await self.reply(await self.notebooks.open(notebook_id, self.who))


class NotFoundHandler(ModelArtsHandler):
    """Any other path under ``modelarts/``: a JSON 404 saying which API exists, not Jupyter's HTML page."""

    def _missing(self, path: str) -> LookupProblem:
        hint = (
            " The legacy API is off: an administrator can enable it with c.ModelArts.legacy_api = True."
            if path.startswith("legacy/") and not self.service.settings.legacy_api
            else " GET modelarts/openapi.json lists every endpoint."
        )
        return LookupProblem(f"There is no ModelArts endpoint {self.request.method} modelarts/{path}.{hint}")

    @tornado.web.authenticated
    @authorized
    async def get(self, path: str) -> None:
        raise self._missing(path)

    @tornado.web.authenticated
    @authorized
    async def post(self, path: str) -> None:
        raise self._missing(path)

    @tornado.web.authenticated
    @authorized
    async def put(self, path: str) -> None:
        raise self._missing(path)

    @tornado.web.authenticated
    @authorized
    async def patch(self, path: str) -> None:
        raise self._missing(path)

    @tornado.web.authenticated
    @authorized
    async def delete(self, path: str) -> None:
        raise self._missing(path)


_NOTEBOOK = rf"{NAMESPACE}/notebooks/(?P<notebook_id>[^/]+)"
_API: list[Route] = [
    (f"{NAMESPACE}/status", StatusHandler),
    (f"{NAMESPACE}/openapi.json", OpenApiHandler),
    (f"{NAMESPACE}/presets", PresetsHandler),
    (rf"{NAMESPACE}/presets/(?P<slug>[^/]+)/launch", PresetLaunchHandler),
    (f"{NAMESPACE}/flavors", FlavorsHandler),
    (f"{NAMESPACE}/images", ImagesHandler),
    (f"{NAMESPACE}/notebooks", NotebooksHandler),
    (_NOTEBOOK, NotebookHandler),
    (f"{_NOTEBOOK}/start", StartHandler),
    (f"{_NOTEBOOK}/stop", StopHandler),
    (f"{_NOTEBOOK}/lease", LeaseHandler),
    (f"{_NOTEBOOK}/flavors", SwitchableFlavorsHandler),
    (f"{_NOTEBOOK}/open", OpenHandler),
]
# Last: everything else under the namespace gets a JSON 404 (not part of the documented API).
_FALLBACK: Route = (f"{NAMESPACE}/(?P<path>.*)", NotFoundHandler)


def routes(*, legacy_api: bool) -> list[Route]:
    """Every route this server serves; the legacy API only when ``c.ModelArts.legacy_api`` is on."""
    return [*_API, *(legacy.ROUTES if legacy_api else []), _FALLBACK]
