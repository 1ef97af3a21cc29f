"""Jupyter server started by Playwright (`jlpm start`) for the Galata tests."""

import os

from jupyterlab.galata import configure_jupyter_server

# localhost, no token, XSRF off, a temporary root dir, the app exposed to the page.
configure_jupyter_server(c)  # type: ignore[name-defined]  # noqa: F821 - `c` is injected by Jupyter

# The build machines run as root; jupyter lab refuses to start as root without this.
c.ServerApp.allow_root = True  # type: ignore[name-defined]  # noqa: F821
# 8888 may be taken on a shared machine; playwright.config.js reads the same variable.
c.ServerApp.port = int(os.environ.get("JLAB_PORT", "8888"))  # type: ignore[name-defined]  # noqa: F821
c.ServerApp.port_retries = 0  # type: ignore[name-defined]  # noqa: F821
