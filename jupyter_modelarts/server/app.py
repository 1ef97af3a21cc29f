"""The Jupyter Server extension application: configuration, shared services, routes.

Shaped like jupyter-scheduler's ``extension.py``: ``initialize_settings`` only
assembles services and stores them in the tornado settings, where handlers find
them; ``stop_extension`` closes what they opened. Nothing here can fail the
server: a bad configuration is logged and reported by ``GET modelarts/status``.
"""

from __future__ import annotations

from typing import Any

from jupyter_server.extension.application import ExtensionApp
from jupyter_server.serverapp import ServerApp

from jupyter_modelarts.core.settings import ModelArts
from jupyter_modelarts.core.settings_load import load_settings
from jupyter_modelarts.server.choices import ChoiceOperations
from jupyter_modelarts.server.handlers.base import CHOICES, LEGACY, NOTEBOOKS, SERVICE
from jupyter_modelarts.server.legacy.operations import LegacyOperations
from jupyter_modelarts.server.notebooks import NotebookOperations
from jupyter_modelarts.server.routes import routes
from jupyter_modelarts.server.service import ModelArtsService
from jupyter_modelarts.server.startup import check_setup, guard_logs, log_setup


class ModelArtsExtension(ExtensionApp):
    """Serves the ``<base_url>/modelarts/...`` REST API to the JupyterLab front end.

    Deliberately not named ``ModelArts``: that traitlets config section
    (``c.ModelArts.*``) belongs to the core ``ModelArts`` Configurable, which the
    server, the magics and the CLI all share. Listing it in ``classes`` puts it
    in ``--help-all``.
    """

    name = "jupyter_modelarts"
    description = "Huawei Cloud ModelArts notebook instances, through a validating, signing REST proxy."
    classes: list[Any] = [*ExtensionApp.classes, ModelArts]

    service: ModelArtsService

    def _link_jupyter_server_extension(self, serverapp: ServerApp) -> None:
        # Linking logs the whole configuration at DEBUG level: scrub credentials from it first.
        guard_logs(serverapp.config)
        super()._link_jupyter_server_extension(serverapp)

    def initialize_settings(self) -> None:
        settings, problems = load_settings(self)
        setup = check_setup(settings, problems, self.log)
        log_setup(setup, self.log)
        self.service = ModelArtsService(setup, self.log)
        self.settings.update(
            {
                SERVICE: self.service,
                NOTEBOOKS: NotebookOperations(self.service, self.log),
                CHOICES: ChoiceOperations(self.service, self.log),
                LEGACY: LegacyOperations(self.service, self.log),
            }
        )

    def initialize_handlers(self) -> None:
        # Extend the `handlers` trait rather than shadowing it, so handlers added by configuration stay.
        self.handlers.extend(routes(legacy=self.service.settings.legacy_api))

    async def stop_extension(self) -> None:
        await self.service.aclose()
