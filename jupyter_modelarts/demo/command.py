"""``jupyter modelarts demo``: the simulator and a JupyterLab wired to it, started and stopped together.

Process layout, and why:

* The simulator runs **in this process**, on its event loop: it is asyncio
  code already, costs nothing to embed, and stopping it stops every notebook
  instance's JupyterLab it started (those die with this process even on SIGKILL,
  see simulator/proctree.py).
* JupyterLab runs as a **child process**: a full Jupyter server has its own event
  loop, signal handling and configuration, and must not share them with the
  simulator. It runs in its own session, so a Ctrl-C in the terminal reaches only
  this process, which then stops everything in order (JupyterLab first, so it can
  shut its kernels down, then the simulator); and the kernel kills it if this
  process dies without cleaning up (``PR_SET_PDEATHSIG``).

Credentials for the simulator are generated for the session. JupyterLab's configuration goes into a
private ``JUPYTER_CONFIG_DIR`` of the session, so the user's own Jupyter configuration (a real-cloud
``c.ModelArts`` section, say) cannot leak into the demo, and the demo leaves nothing in the user's. The
access key pair travels in the child's environment (readable only by the same user), never on a command
line, and never in a config file that Jupyter would dump into a DEBUG log.

Exit status: 0 after Ctrl-C or SIGTERM, 1 when JupyterLab could not start or stopped on its own, 2 for
bad options.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import sys
import tempfile
import uuid
import webbrowser
from asyncio.subprocess import DEVNULL
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import httpx

from jupyter_modelarts.core.auth.credentials import ENV_AK, ENV_SK
from jupyter_modelarts.simulator.command import generated_access_key
from jupyter_modelarts.simulator.proctree import ProcessTree, die_with, terminate
from jupyter_modelarts.simulator.server import Simulator

STARTUP_TIMEOUT = 180.0  # seconds for JupyterLab to answer; a 2-core machine needs ~10
LAB_GRACE = 15.0  # seconds JupyterLab gets to stop its kernels before SIGKILL
_POLL = 0.2
SPEED_HELP = "simulator time-lapse: a provisioning step takes about 2 s / speed (default 1)"
NO_BROWSER_HELP = "do not open a browser (the default on a machine without a display)"


# Launcher tiles over the simulator's catalogue (simulator/catalog.py).
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


class DemoFailed(Exception):
    """The demo could not start; the message says what to do."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("--port", type=int, default=0, help="JupyterLab's port (default: a free one)")
    add("--ip", default="127.0.0.1", help="interface JupyterLab listens on (default 127.0.0.1)")
    add("--speed", type=float, default=1.0, help=SPEED_HELP)
    add("--no-browser", action="store_true", help=NO_BROWSER_HELP)


def run(args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    problems = []
    if not 0 <= args.port <= 65535:
        problems.append(f"--port must be 0 (any free port) to 65535, not {args.port}")
    if not args.speed > 0:
        problems.append(f"--speed must be more than 0, not {args.speed}")
    if problems:
        print("jupyter modelarts demo: " + "; ".join(problems), file=sys.stderr)
        return 2
    try:
        return asyncio.run(Demo(args, out).main())
    except DemoFailed as failure:
        print(f"jupyter modelarts demo: {failure}", file=sys.stderr)
        return 1


def headless() -> bool:
    """No display to open a browser on (Linux without X11/Wayland, e.g. over SSH)."""
    return sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )


def free_port(ip: str) -> int:
    family = socket.AF_INET6 if ":" in ip else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.bind((ip, 0))
        port: int = probe.getsockname()[1]
    return port


def url_host(ip: str) -> str:
    """Where to reach a server listening on ``ip`` from this machine."""
    if ip in ("", "0.0.0.0"):
        return "127.0.0.1"
    if ip == "::":
        return "[::1]"
    return f"[{ip}]" if ":" in ip else ip


class Demo:
    def __init__(self, args: argparse.Namespace, out: TextIO) -> None:
        self.args = args
        self.out = out
        self.stop = asyncio.Event()

    def say(self, text: str = "") -> None:
        print(text, file=self.out, flush=True)

    async def main(self) -> int:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, self.stop.set)
        session = Path(tempfile.mkdtemp(prefix="jupyter-modelarts-demo-"))
        access_key, secret_key, project_id = generated_access_key(), secrets.token_hex(20), uuid.uuid4().hex
        simulator = Simulator(access_key, secret_key, project_id, speed=self.args.speed)
        try:
            await simulator.start()
            port = self.args.port or free_port(self.args.ip)
            lab = LabSettings(self.args.ip, port, secrets.token_hex(24), simulator.endpoint, project_id)
            config_dir = session / "config"
            write_config(config_dir, lab)
            env = lab_environment(os.environ, config_dir, access_key, secret_key)
            return await self._run_lab(lab, env, simulator)
        finally:
            self.say("Stopping the ModelArts simulator and its notebook instances...")
            await simulator.stop()
            shutil.rmtree(session, ignore_errors=True)
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(signum)
            self.say("Stopped.")

    async def _run_lab(self, lab: LabSettings, env: dict[str, str], simulator: Simulator) -> int:
        argv = [sys.executable, "-m", "jupyterlab"]
        process = await asyncio.create_subprocess_exec(
            *argv, stdin=DEVNULL, env=env, start_new_session=True, preexec_fn=die_with(os.getpid())
        )
        tree = ProcessTree(process.pid)
        try:
            base = f"http://{url_host(lab.ip)}:{lab.port}"
            if not await self._ready(base, lab.token, process):
                return 0 if self.stop.is_set() else self._lab_failed(process.returncode)
            self._banner(base, lab, simulator)
            await self._open_browser(f"{base}/lab?token={lab.token}")
            exited = asyncio.ensure_future(process.wait())
            stopped = asyncio.ensure_future(self.stop.wait())
            await asyncio.wait({exited, stopped}, return_when=asyncio.FIRST_COMPLETED)
            stopped.cancel()
            return 0 if self.stop.is_set() else self._lab_failed(process.returncode)
        finally:
            if process.returncode is None:
                self.say("Stopping JupyterLab...")
            await asyncio.shield(terminate(process, tree, grace=LAB_GRACE))

    async def _ready(self, base: str, token: str, process: asyncio.subprocess.Process) -> bool:
        """Wait until the extension answers through JupyterLab; False if stopped or JupyterLab exited."""
        deadline = asyncio.get_running_loop().time() + STARTUP_TIMEOUT
        headers = {"Authorization": f"token {token}"}
        # trust_env=False: a proxy configured for the outside world must not see loopback calls.
        async with httpx.AsyncClient(timeout=5.0, trust_env=False) as client:
            while not self.stop.is_set() and process.returncode is None:
                with contextlib.suppress(httpx.TransportError):
                    if (await client.get(f"{base}/modelarts/status", headers=headers)).status_code == 200:
                        return True
                if asyncio.get_running_loop().time() > deadline:
                    raise DemoFailed(f"JupyterLab did not answer on {base} within {STARTUP_TIMEOUT:g} s.")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(process.wait(), _POLL)
        return False

    def _lab_failed(self, status: int | None) -> int:
        self.say(f"JupyterLab stopped on its own (exit status {status}); its messages are above.")
        return 1

    def _banner(self, base: str, lab: LabSettings, simulator: Simulator) -> None:
        api = f"{base}/modelarts"
        auth = f'-H "Authorization: token {lab.token}"'
        slug = PRESETS[0]["display_name"].lower().replace(" ", "-")
        self.say()
        self.say("jupyter-modelarts demo: JupyterLab is running against the bundled ModelArts simulator.")
        self.say()
        self.say(f"    Open: {base}/lab?token={lab.token}")
        self.say()
        self.say(f"ModelArts simulator: {simulator.endpoint} (project {lab.project_id}, credentials made up")
        self.say("for this session; every RUNNING instance is a real local JupyterLab).")
        self.say("The REST API of the server extension, for example:")
        self.say(f"    curl {auth} {api}/status")
        self.say(f"    curl {auth} {api}/presets")
        self.say(f"    curl {auth} -X POST {api}/presets/{slug}/launch")
        self.say(f"    curl {auth} {api}/notebooks")
        self.say(f"    curl {auth} {api}/openapi.json")
        self.say()
        self.say("Press Ctrl+C to stop JupyterLab, the simulator and every notebook instance.")

    async def _open_browser(self, url: str) -> None:
        if self.args.no_browser or headless():
            return
        with contextlib.suppress(webbrowser.Error):
            await asyncio.to_thread(webbrowser.open, url)
