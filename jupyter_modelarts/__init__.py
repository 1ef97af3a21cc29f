"""jupyter-modelarts: Huawei Cloud ModelArts notebook instances in JupyterLab.

This module is imported by Jupyter Server (extension points), JupyterLab (labextension path) and IPython
(``%load_ext jupyter_modelarts``). Everything heavy is imported lazily inside the hooks, so
``import jupyter_modelarts.core`` stays free of tornado and jupyter_server.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from jupyter_modelarts._version import __version__

if TYPE_CHECKING:
    from IPython.core.interactiveshell import InteractiveShell

__all__ = ["__version__"]


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    """Where the prebuilt labextension lives (installed to share/jupyter/labextensions)."""
    return [{"src": "labextension", "dest": "jupyter-modelarts"}]


def _jupyter_server_extension_points() -> list[dict[str, Any]]:
    """Jupyter Server loads :class:`~jupyter_modelarts.server.app.ModelArtsExtension`."""
    from jupyter_modelarts.server.app import ModelArtsExtension

    return [{"module": "jupyter_modelarts", "app": ModelArtsExtension}]


def load_ipython_extension(ip: InteractiveShell) -> None:
    """``%load_ext jupyter_modelarts``: register the ``%modelarts`` magics (imported only now)."""
    # import_module rather than a `from .magics import` statement: the magics module
    # is written separately and must not be a static import cycle of this package.
    magics = importlib.import_module("jupyter_modelarts.magics")
    magics.load_ipython_extension(ip)


def unload_ipython_extension(ip: InteractiveShell) -> None:
    """``%unload_ext jupyter_modelarts``: remove the magics and their settings again."""
    magics = importlib.import_module("jupyter_modelarts.magics")
    magics.unload_ipython_extension(ip)
