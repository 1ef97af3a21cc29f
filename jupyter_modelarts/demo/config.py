"""What the demo's JupyterLab is configured with: the simulator, session credentials, example presets.

The configuration goes into a private ``JUPYTER_CONFIG_DIR`` of the session, so
the user's own Jupyter configuration (a real-cloud ``c.ModelArts`` section, say)
cannot leak into the demo, and the demo leaves nothing in the user's. The access
key pair travels in the child's environment (readable only by the same user),
never on a command line, and never in a config file that Jupyter would dump
into a DEBUG log.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jupyter_modelarts.core.auth.credentials import ENV_AK, ENV_SK

# Launcher tiles over the simulator's catalogue (simulator/catalog_data.py).
PRESETS: list[dict[str, Any]] = [
    {
        "display_name": "Small CPU",
        "description": "2 vCPUs, 8 GB: the multi-kernel notebook image, stops after 1 hour",
        "flavor": "modelarts.vm.cpu.2u",
        "image": "notebook2.0-mul-kernel-cpu-cp36",
        "storage": "evs:5",
        "lease": "1h",
        "default": True,
    },
    {
        "display_name": "PyTorch on a T4 GPU",
        "description": "PyTorch 1.8 with CUDA 10.2, 20 GB of disk, stops after 2 hours",
        "flavor": "modelarts.vm.gpu.t4",
        "image": "pytorch1.8-cuda10.2-cudnn7-ubuntu18.04",
        "storage": "evs:20",
        "lease": "2h",
    },
    {
        "display_name": "Ascend 910",
        "description": "MindSpore and TensorFlow for Ascend (Arm), stops after 30 idle minutes",
        "flavor": "modelarts.bm.snt9.xlarge.1",
        "image": "tensorflow1.15-mindspore1.7.0-cann5.1.0-euler2.8-aarch64",
        "storage": "efs",
        "lease": "idle:30m",
    },
]
# Variables of the user's shell that would point the demo elsewhere or add credentials to it.
_SCRUBBED_ENV_PREFIXES = ("HUAWEICLOUD_SDK_", "MODELARTS_")


@dataclass(frozen=True)
class LabSettings:
    ip: str
    port: int
    token: str  # the Jupyter server's own login token, generated for the session
    endpoint: str  # the simulator
    project_id: str


def server_config(lab: LabSettings) -> dict[str, Any]:
    return {
        "ServerApp": {
            "ip": lab.ip,
            "port": lab.port,
            "port_retries": 0,  # the demo prints this port: another one would be a lie
            "open_browser": False,  # the demo opens the browser itself, once JupyterLab answers
            "allow_root": os.geteuid() == 0 if hasattr(os, "geteuid") else False,
            "jpserver_extensions": {"jupyter_modelarts": True},
        },
        "IdentityProvider": {"token": lab.token},
        # Only warnings and errors on the terminal: the demo prints what to open.
        "Application": {"log_level": "WARN"},
        "ModelArts": {
            "endpoint": lab.endpoint,
            "project_id": lab.project_id,
            "credential_source": "env",
            "presets": PRESETS,
            "poll_interval_fast": 2.0,
        },
    }


def write_config(config_dir: Path, lab: LabSettings) -> Path:
    """``jupyter_server_config.json`` in ``config_dir``, readable by the user only (it holds the token)."""
    config_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = config_dir / "jupyter_server_config.json"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(server_config(lab), handle, indent=2)
    return path


def lab_environment(
    base: Mapping[str, str], config_dir: Path, access_key: str, secret_key: str
) -> dict[str, str]:
    env = {key: value for key, value in base.items() if not key.startswith(_SCRUBBED_ENV_PREFIXES)}
    env.update({"JUPYTER_CONFIG_DIR": str(config_dir), ENV_AK: access_key, ENV_SK: secret_key})
    return env
