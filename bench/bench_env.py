"""The bench's world: a simulator process, a Jupyter server process with the extension, a few notebooks.

Separate processes so that the bench client, the proxy and the "cloud" do not
share one interpreter (and its GIL); on loopback, so the network adds nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import platform
import re
import secrets
import signal
import socket
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import httpx

from jupyter_modelarts.core.auth.credentials import ResolvedCredentials
from jupyter_modelarts.core.auth.secrets import AkSkCredentials
from jupyter_modelarts.core.client import ModelArtsClient

CPU_IMAGE = "e1a07296-22a8-4f05-8bc8-e936c8e54090"
_READY_WITHIN = 120.0


@dataclass(frozen=True)
class Servers:
    endpoint: str  # the simulator
    jupyter: str  # the Jupyter server's base URL
    jupyter_token: str
    access_key: str
    secret_key: str
    project_id: str
    simulator_pid: int
    jupyter_pid: int


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load_average() -> str:
    with contextlib.suppress(OSError):
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return "unknown"


def describe_machine() -> str:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError, IndexError, ValueError):
        kib = int(Path("/proc/meminfo").read_text().split("\n")[0].split()[1])
        memory = f", {kib / 1024 / 1024:.1f} GiB RAM"
    packages = ", ".join(
        f"{name} {version(name)}"
        for name in ("jupyter_server", "tornado", "httpx", "pydantic", "huaweicloudsdkcore")
    )
    return (
        f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; {packages}"
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


async def _start_simulator(
    access_key: str, secret_key: str, project_id: str
) -> tuple[asyncio.subprocess.Process, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "jupyter_modelarts.cli", "simulator", "--port", "0", "--ak", access_key,
        "--sk", secret_key, "--project-id", project_id, "--no-lab", "--speed", "100", "--quota", "100",
        "--max-running", "100", stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout is not None
    async with asyncio.timeout(_READY_WITHIN):
        while line := (await process.stdout.readline()).decode():
            if found := re.search(r"listening on (http://\S+)", line):
                return process, found.group(1)
    raise RuntimeError("the simulator did not start")


async def _start_jupyter(
    workdir: Path, endpoint: str, access_key: str, secret_key: str, project_id: str
) -> tuple[asyncio.subprocess.Process, str, str]:
    port, token = _free_port(), secrets.token_hex(16)
    config_dir = workdir / "config"
    config_dir.mkdir()
    config = {
        "ServerApp": {
            "port": port, "ip": "127.0.0.1", "port_retries": 0, "open_browser": False, "allow_root": True,
            "root_dir": str(workdir),
            # Only the extension under test: other server extensions add nothing to these routes.
            "jpserver_extensions": {
                "jupyter_modelarts": True, "jupyterlab": False, "jupyter_lsp": False,
                "notebook_shim": False, "jupyter_server_terminals": False,
            },
        },
        "IdentityProvider": {"token": token},
        "Application": {"log_level": "WARN"},
        "ModelArts": {"endpoint": endpoint, "project_id": project_id, "credential_source": "env"},
    }  # fmt: skip
    (config_dir / "jupyter_server_config.json").write_text(json.dumps(config))
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("HUAWEICLOUD_SDK_", "MODELARTS_"))
    }
    env.update(
        JUPYTER_CONFIG_DIR=str(config_dir), HUAWEICLOUD_SDK_AK=access_key, HUAWEICLOUD_SDK_SK=secret_key
    )
    log = (workdir / "jupyter.log").open("wb")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "jupyter_server", stdout=log, stderr=log, env=env
    )
    base = f"http://127.0.0.1:{port}"
    async with asyncio.timeout(_READY_WITHIN), httpx.AsyncClient(trust_env=False) as client:
        while True:
            with contextlib.suppress(httpx.TransportError):
                answer = await client.get(
                    f"{base}/modelarts/status", headers={"Authorization": f"token {token}"}
                )
                if answer.status_code == 200 and answer.json()["configured"]:
                    return process, base, token
            if process.returncode is not None:
                raise RuntimeError(f"the Jupyter server exited; see {workdir / 'jupyter.log'}")
            await asyncio.sleep(0.2)


async def _stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), 30)
        except TimeoutError:
            process.kill()
            await process.wait()


@contextlib.asynccontextmanager
async def start_servers(*, notebooks: int) -> AsyncIterator[tuple[Servers, list[str]]]:
    access_key, secret_key, project_id = (
        "BENCH" + secrets.token_hex(8).upper(),
        secrets.token_hex(20),
        uuid.uuid4().hex,
    )
    processes: list[asyncio.subprocess.Process] = []
    with tempfile.TemporaryDirectory(prefix="proxy-bench-") as scratch:
        try:
            simulator, endpoint = await _start_simulator(access_key, secret_key, project_id)
            processes.append(simulator)
            jupyter, base, token = await _start_jupyter(
                Path(scratch), endpoint, access_key, secret_key, project_id
            )
            processes.append(jupyter)
            credentials = ResolvedCredentials(
                AkSkCredentials(access_key, secret_key, project_id=project_id), "bench"
            )
            async with ModelArtsClient(endpoint, credentials) as client:
                ids = []
                for number in range(notebooks):
                    body = {
                        "name": f"bench-{number}", "flavor": "modelarts.vm.cpu.2u", "image_id": CPU_IMAGE,
                        "volume": {"category": "EVS", "ownership": "MANAGED", "capacity": 5},
                    }  # fmt: skip
                    ids.append(str((await client.create_notebook(body)).id))
            servers = Servers(
                endpoint, base, token, access_key, secret_key, project_id, simulator.pid, jupyter.pid
            )
            yield servers, ids
        finally:
            for process in reversed(processes):
                await _stop(process)
