"""A third Jupyter server for the Galata tests: the front end without its server extension.

This is what users get when they install the labextension but the server part is
not enabled: the panel must say how to install and enable it.
"""

import os

from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)  # type: ignore[name-defined]  # noqa: F821 - `c` is injected by Jupyter
c.ServerApp.allow_root = True  # type: ignore[name-defined]  # noqa: F821
c.ServerApp.port = int(os.environ.get("JLAB_PORT_NO_EXTENSION", "8890"))  # type: ignore[name-defined]  # noqa: F821
c.ServerApp.port_retries = 0  # type: ignore[name-defined]  # noqa: F821
c.ServerApp.jpserver_extensions.update({"jupyter_modelarts": False})  # type: ignore[name-defined]  # noqa: F821
