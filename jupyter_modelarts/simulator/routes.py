"""The URL map: ModelArts paths, the legacy API, the control API and the lab stand-in page."""

from __future__ import annotations

from typing import Any

from tornado.web import RequestHandler

from jupyter_modelarts.simulator.handlers import catalog, control, notebooks
from jupyter_modelarts.simulator.handlers.labpage import LabPageHandler
from jupyter_modelarts.simulator.legacy import handlers as legacy

_PROJECT = r"/v1/(?P<project_id>[^/]+)"
_NOTEBOOK = _PROJECT + r"/notebooks/(?P<notebook_id>[^/]+)"
_LEGACY = _PROJECT + r"/demanager/instances/(?P<instance_id>[^/]+)"

ROUTES: list[tuple[str, type[RequestHandler]]] = [
    # Fixed segments before the {id} pattern, which would swallow "all" and "flavors".
    (_PROJECT + r"/notebooks", notebooks.NotebooksHandler),
    (_PROJECT + r"/notebooks/all", notebooks.AllNotebooksHandler),
    (_PROJECT + r"/notebooks/flavors", catalog.FlavorsHandler),
    (_NOTEBOOK, notebooks.NotebookHandler),
    (_NOTEBOOK + r"/start", notebooks.StartHandler),
    (_NOTEBOOK + r"/stop", notebooks.StopHandler),
    (_NOTEBOOK + r"/lease", notebooks.LeaseHandler),
    (_NOTEBOOK + r"/flavors", catalog.SwitchableFlavorsHandler),
    (_PROJECT + r"/images", catalog.ImagesHandler),
    (_PROJECT + r"/images/(?P<image_id>[^/]+)", catalog.ImageHandler),
    (_PROJECT + r"/authoring/features/(?P<feature>[^/]+)", catalog.FeatureHandler),
    (_PROJECT + r"/demanager/instances", legacy.LegacyInstancesHandler),
    (_LEGACY, legacy.LegacyInstanceHandler),
    (_LEGACY + r"/action", legacy.LegacyActionHandler),
    (_LEGACY + r"/token", legacy.LegacyTokenHandler),
    (r"/_sim/info", control.InfoHandler),
    (r"/_sim/clock", control.ClockHandler),
    (r"/_sim/speed", control.SpeedHandler),
    (r"/_sim/faults", control.FaultsHandler),
    (r"/_sim/faults/(?P<rule_id>[^/]+)", control.FaultHandler),
    (r"/_sim/flavors/(?P<flavor_id>[^/]+)", control.FlavorControlHandler),
    (r"/_sim/fail-next", control.FailNextHandler),
    (r"/_sim/instances/(?P<instance_id>[^/]+)/history", control.HistoryHandler),
    (r"/_lab/(?P<instance_id>[^/]+)/lab(?:/.*)?", LabPageHandler),
]


def with_arguments(arguments: dict[str, Any]) -> list[tuple[str, type[RequestHandler], dict[str, Any]]]:
    return [(pattern, handler, arguments) for pattern, handler in ROUTES]
