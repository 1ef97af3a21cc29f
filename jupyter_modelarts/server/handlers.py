"""Thin REST handlers of the server extension.

Every verb carries ``@tornado.web.authenticated`` (checked in CI by
``.github/scripts/check_auth.py``) and ``@authorized`` against the ``modelarts``
resource, so deployments with an authorizer can decide who may use ModelArts.
"""

from __future__ import annotations

import tornado.web
from jupyter_server.auth.decorator import authorized
from jupyter_server.base.handlers import APIHandler
from jupyter_server.extension.handler import ExtensionHandlerMixin
from pydantic import BaseModel, ConfigDict

from .. import __version__

# Resource name used by @authorized; jupyter_server maps GET to "read", POST to "write"...
AUTH_RESOURCE = "modelarts"


class StatusResponse(BaseModel):
    """Answer of ``GET modelarts/status`` (mirrored by ``IServerStatus`` in src/request.ts)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str
    configured: bool
    reason: str | None


class ModelArtsHandler(ExtensionHandlerMixin, APIHandler):
    """Base of every handler of this extension: JSON API, our auth resource."""

    auth_resource = AUTH_RESOURCE


class StatusHandler(ModelArtsHandler):
    """``GET modelarts/status``: which version answers, and whether ModelArts is usable.

    The front end calls it at start-up, so a missing or mismatched server part is
    reported to the user instead of failing later on the first real call.
    """

    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        status = StatusResponse(
            version=__version__,
            configured=False,
            reason=(
                "This server extension only reports its status so far; "
                "the ModelArts REST API is not available yet."
            ),
        )
        self.set_header("Content-Type", "application/json")
        await self.finish(status.model_dump_json())
