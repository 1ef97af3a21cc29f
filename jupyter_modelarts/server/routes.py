"""The route table of ``<base_url>/modelarts/`` (docs/rest-api.md).

Patterns are relative: ExtensionApp prepends the server's ``base_url``, so the
API moves with it (JupyterHub's ``/user/<name>/``). Path ids match any segment
(``[^/]+``): the contract then answers a malformed id with a 400 naming
``path.notebook_id`` rather than an unexplained 404.
"""

from __future__ import annotations

from jupyter_modelarts.server.handlers.base import ModelArtsHandler
from jupyter_modelarts.server.handlers.catalog import (
    FlavorsHandler,
    ImagesHandler,
    PresetLaunchHandler,
    PresetsHandler,
)
from jupyter_modelarts.server.handlers.fallback import NotFoundHandler
from jupyter_modelarts.server.handlers.lifecycle import (
    LeaseHandler,
    OpenHandler,
    StartHandler,
    StopHandler,
    SwitchableFlavorsHandler,
)
from jupyter_modelarts.server.handlers.notebooks import NotebookHandler, NotebooksHandler
from jupyter_modelarts.server.handlers.status import OpenApiHandler, StatusHandler
from jupyter_modelarts.server.legacy.handlers import (
    LegacyActionHandler,
    LegacyInstanceHandler,
    LegacyInstancesHandler,
    LegacyOpenHandler,
)

Route = tuple[str, type[ModelArtsHandler]]

NAMESPACE = "/modelarts"
NOTEBOOK = r"(?P<notebook_id>[^/]+)"
INSTANCE = r"(?P<instance_id>[^/]+)"
SLUG = r"(?P<slug>[^/]+)"

_API: list[Route] = [
    (f"{NAMESPACE}/status", StatusHandler),
    (f"{NAMESPACE}/openapi.json", OpenApiHandler),
    (f"{NAMESPACE}/presets", PresetsHandler),
    (f"{NAMESPACE}/presets/{SLUG}/launch", PresetLaunchHandler),
    (f"{NAMESPACE}/flavors", FlavorsHandler),
    (f"{NAMESPACE}/images", ImagesHandler),
    (f"{NAMESPACE}/notebooks", NotebooksHandler),
    (f"{NAMESPACE}/notebooks/{NOTEBOOK}", NotebookHandler),
    (f"{NAMESPACE}/notebooks/{NOTEBOOK}/start", StartHandler),
    (f"{NAMESPACE}/notebooks/{NOTEBOOK}/stop", StopHandler),
    (f"{NAMESPACE}/notebooks/{NOTEBOOK}/lease", LeaseHandler),
    (f"{NAMESPACE}/notebooks/{NOTEBOOK}/flavors", SwitchableFlavorsHandler),
    (f"{NAMESPACE}/notebooks/{NOTEBOOK}/open", OpenHandler),
]
_LEGACY: list[Route] = [
    (f"{NAMESPACE}/legacy/instances", LegacyInstancesHandler),
    (f"{NAMESPACE}/legacy/instances/{INSTANCE}", LegacyInstanceHandler),
    (f"{NAMESPACE}/legacy/instances/{INSTANCE}/action", LegacyActionHandler),
    (f"{NAMESPACE}/legacy/instances/{INSTANCE}/open", LegacyOpenHandler),
]
# Last: everything else under the namespace gets a JSON 404 (not part of the documented API).
FALLBACK: Route = (f"{NAMESPACE}/(?P<path>.*)", NotFoundHandler)


def routes(*, legacy: bool) -> list[Route]:
    """Every route this server serves; the legacy API only when ``c.ModelArts.legacy_api`` is on."""
    return [*_API, *(_LEGACY if legacy else []), FALLBACK]
