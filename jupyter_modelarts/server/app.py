"""The Jupyter Server extension application: route table and shared services."""

from __future__ import annotations

from jupyter_server.extension.application import ExtensionApp

from .handlers import StatusHandler

# Route table. Patterns are relative: ExtensionApp prepends the server's base_url.
ROUTES: list[tuple[str, type]] = [
    (r"/modelarts/status", StatusHandler),
]


class ModelArtsExtension(ExtensionApp):
    """Serves the ``<base_url>/modelarts/...`` REST API to the JupyterLab front end.

    Deliberately not named ``ModelArts``: that traitlets config section
    (``c.ModelArts.*``) belongs to the core ``ModelArts`` Configurable, which the
    server, the magics and the CLI all share.
    """

    name = "jupyter_modelarts"

    def initialize_handlers(self) -> None:
        # Extend the `handlers` trait rather than shadowing it with a class attribute,
        # so handlers added through configuration are kept.
        self.handlers.extend(ROUTES)
