"""A second Jupyter server for the Galata tests: the extension is installed but not configured.

No endpoint, no credentials: the panel must say what is missing and how to fix it.
"""

import os

from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)  # type: ignore[name-defined]  # noqa: F821 - `c` is injected by Jupyter
c.ServerApp.allow_root = True  # type: ignore[name-defined]  # noqa: F821
c.ServerApp.port = int(os.environ.get("JLAB_PORT_UNCONFIGURED", "8889"))  # type: ignore[name-defined]  # noqa: F821
c.ServerApp.port_retries = 0  # type: ignore[name-defined]  # noqa: F821

# Only explicit settings count, and there are none (the machine's environment and
# profile file cannot make this server configured by accident).
c.ModelArts.credential_source = "config"  # type: ignore[name-defined]  # noqa: F821
c.ModelArts.credentials_file = os.devnull  # type: ignore[name-defined]  # noqa: F821
