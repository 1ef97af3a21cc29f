"""Jupyter server started by Playwright (`jlpm start`) for the Galata tests.

It starts the bundled ModelArts simulator in this process, with credentials
generated for this run, real JupyterLab instances (so Open really loads one),
and points c.ModelArts at it. Test-only: the helper extension in helpers/ lets
the tests drive the simulator's control API (virtual clock, speed, sold-out
flavors) without the credentials ever reaching the browser.
"""

import atexit
import os
import secrets
import sys
from pathlib import Path

from jupyterlab.galata import configure_jupyter_server

from jupyter_modelarts.simulator import SimulatorThread
from jupyter_modelarts.simulator.testing import SimClient

# localhost, no token, XSRF off, a temporary root dir, the app exposed to the page.
configure_jupyter_server(c)  # type: ignore[name-defined]  # noqa: F821 - `c` is injected by Jupyter

# The build machines run as root; jupyter lab refuses to start as root without this.
c.ServerApp.allow_root = True  # type: ignore[name-defined]  # noqa: F821
# 8888 may be taken on a shared machine; playwright.config.js reads the same variable.
c.ServerApp.port = int(os.environ.get("JLAB_PORT", "8888"))  # type: ignore[name-defined]  # noqa: F821
c.ServerApp.port_retries = 0  # type: ignore[name-defined]  # noqa: F821

# Generated for this run; a fixed project id keeps the panel's screenshots stable.
ACCESS_KEY = "GALATA" + secrets.token_hex(7).upper()
SECRET_KEY = secrets.token_hex(20)
PROJECT_ID = "0123456789abcdef0123456789abcdef"

# Speed 1: each provisioning step takes about 2 s, long enough to see the progress.
simulator = SimulatorThread(ACCESS_KEY, SECRET_KEY, PROJECT_ID, speed=1.0, quota=10, max_running=4).start()
atexit.register(simulator.stop)

c.ModelArts.endpoint = simulator.endpoint  # type: ignore[name-defined]  # noqa: F821
c.ModelArts.credential_source = "config"  # type: ignore[name-defined]  # noqa: F821
c.ModelArts.access_key = ACCESS_KEY  # type: ignore[name-defined]  # noqa: F821
c.ModelArts.secret_key = SECRET_KEY  # type: ignore[name-defined]  # noqa: F821
c.ModelArts.project_id = PROJECT_ID  # type: ignore[name-defined]  # noqa: F821
# Quick refreshes while an instance changes state; the catalogue cache off so a
# sold-out flavor shows at once.
c.ModelArts.poll_interval_fast = 1.0  # type: ignore[name-defined]  # noqa: F821
c.ModelArts.poll_interval_slow = 5.0  # type: ignore[name-defined]  # noqa: F821
c.ModelArts.catalog_cache_ttl = 0.0  # type: ignore[name-defined]  # noqa: F821
c.ModelArts.presets = [  # type: ignore[name-defined]  # noqa: F821
    {
        "display_name": "Small CPU",
        "description": "2 vCPUs, 8 GB, Python 3 (multi-kernel), 5 GB disk, stops after 2 hours",
        "flavor": "modelarts.vm.cpu.2u",
        "image": "notebook2.0-mul-kernel-cpu-cp36",
        "storage": "evs:5",
        "lease": "2h",
        "default": True,
        "name_prefix": "small-cpu-",
    },
    {
        "display_name": "PyTorch on T4",
        "description": "One NVIDIA T4 GPU with PyTorch 1.8",
        "flavor": "modelarts.vm.gpu.t4",
        "image": "pytorch1.8-cuda10.2-cudnn7-ubuntu18.04:20220525",
        "storage": "evs:20",
        "lease": "1h",
    },
]

sys.path.insert(0, str(Path(__file__).parent / "helpers"))
import modelarts_sim_control  # noqa: E402 - importable once helpers/ is on the path

modelarts_sim_control.configure(SimClient(simulator.endpoint, ACCESS_KEY, SECRET_KEY, PROJECT_ID))
c.ServerApp.jpserver_extensions.update({"modelarts_sim_control": True})  # type: ignore[name-defined]  # noqa: F821
