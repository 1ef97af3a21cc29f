"""D3: with credentials in a Jupyter config file and ``--debug``, no log line of the whole server shows them.

Every Jupyter application (ServerApp, LabApp, TerminalsExtensionApp...) logs
through a logger and handlers of its own and dumps its whole configuration at
DEBUG level; a real ``jupyter lab`` is started to see all of them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ACCESS_KEY = "AKDEBUGLOGTEST000001"
SECRET_KEY = "SKDEBUGLOGTESTSECRET0000000000000001"
SECURITY_TOKEN = "STDEBUGLOGTESTTOKEN00000000001"
READY = "jupyterlab | extension was successfully loaded"  # the last extension to load


@pytest.mark.slow
def test_no_application_of_a_debug_server_prints_the_configured_secrets(tmp_path: Path) -> None:
    config_dir = tmp_path / "config"
    config_dir.mkdir()
    (config_dir / "jupyter_server_config.py").write_text(
        f'c.ModelArts.access_key = "{ACCESS_KEY}"\n'
        f'c.ModelArts.secret_key = "{SECRET_KEY}"\n'
        f'c.ModelArts.security_token = "{SECURITY_TOKEN}"\n'
        'c.ModelArts.project_id = "0123456789abcdef0123456789abcdef"\n'
        'c.ModelArts.endpoint = "http://127.0.0.1:9"\n'
        "c.ServerApp.allow_root = True\n"
    )
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(config_dir), "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt")}
    log = tmp_path / "server.log"
    with log.open("w") as out:
        command = [sys.executable, "-m", "jupyterlab", "--debug", "--no-browser", "--port=0"]
        server = subprocess.Popen(
            [*command, f"--ServerApp.root_dir={tmp_path}"], stdout=out, stderr=subprocess.STDOUT, env=env
        )
        try:
            deadline = time.monotonic() + 60
            # Wait for the state read: every extension loaded (the last config dumps came before).
            while READY not in log.read_text() and server.poll() is None and time.monotonic() < deadline:
                time.sleep(0.1)
        finally:
            server.terminate()
            server.wait(30)
    text = log.read_text()
    assert READY in text, text[-2000:]
    dumps = [line for line in text.splitlines() if "Config changed" in line]
    assert {"LabApp", "TerminalsExtensionApp"} <= {line.split("]")[0].split()[-1] for line in dumps}
    assert [secret for secret in (ACCESS_KEY, SECRET_KEY, SECURITY_TOKEN) if secret in text] == []
