"""Any other path under ``modelarts/``: a JSON 404 instead of Jupyter's HTML page."""

from __future__ import annotations

import tornado.web
from jupyter_server.auth.decorator import authorized

from jupyter_modelarts.core.errors import LookupProblem
from jupyter_modelarts.server.handlers.base import ModelArtsHandler


class NotFoundHandler(ModelArtsHandler):
    """Says which API exists, and that the legacy one must be switched on, rather than a bare 404."""

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
