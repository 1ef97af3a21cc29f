"""Simulator fixtures for tests that talk to "ModelArts" over real HTTP.

Reuse them from any test module (pytest finds this file on its own):

``sim``
    A :class:`SimHandle` for a fresh simulator in a background thread
    (``lab=False``: instance URLs lead to a stand-in page, no processes),
    time-lapsed by :data:`SIM_SPEED`.  ``sim.endpoint``, ``sim.credentials``
    (AK/SK as ``ResolvedCredentials``), ``sim.control`` (a signed
    :class:`SimClient` for raw calls and the ``/_sim/`` control API) and
    helpers to count requests and read fault counters.
``make_sim``
    A factory ``make_sim(**Simulator options) -> SimHandle`` for other
    settings (``quota=2``, ``max_running=1``, ``iam_tokens=[...]``,
    ``lab=True``...); every simulator it made is stopped after the test.
``client``
    An async :class:`ModelArtsClient` for ``sim`` with fast retries
    (:data:`FAST_RETRY`), closed after the test.  Use it from tests marked
    ``@pytest.mark.asyncio`` (strict mode).

Test modules cannot import this file (``--import-mode=importlib``), so the
helpers hang off the handle: ``sim.notebook_body(name, **overrides)`` (a valid
create body), ``await sim.wait_for(client, id, *statuses)`` (poll until a
status is reached; its deadline only stops a broken run, it asserts no
speed), ``sim.aksk_credentials(secret_key=...)``, ``sim.token_credentials(token)``,
and the constants ``sim.ACCESS_KEY``, ``sim.SECRET_KEY``, ``sim.PROJECT_ID``,
``sim.IAM_TOKEN``, ``sim.CPU_FLAVOR``, ``sim.CPU_IMAGE``, ``sim.FAST_RETRY``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import pytest_asyncio
from pydantic import SecretStr

from jupyter_modelarts import cli
from jupyter_modelarts.core.auth.credentials import ResolvedCredentials
from jupyter_modelarts.core.auth.secrets import AkSkCredentials, IamTokenCredentials
from jupyter_modelarts.core.client import ModelArtsClient
from jupyter_modelarts.core.contract import Notebook
from jupyter_modelarts.core.http import RetryPolicy
from jupyter_modelarts.simulator.server import SimulatorThread
from jupyter_modelarts.simulator.testing import SimClient

ACCESS_KEY = "SIMCLIENTTESTAK00001"
SECRET_KEY = "simclienttestsecretkey000000000000000001"
PROJECT_ID = "0123456789abcdef0123456789abcdef"
IAM_TOKEN = "MIIsim-client-test-iam-token-0000000000000001"
CPU_FLAVOR = "modelarts.vm.cpu.2u"
CPU_IMAGE = "e1a07296-22a8-4f05-8bc8-e936c8e54090"
SIM_SPEED = 500.0  # a provisioning step takes 4 ms instead of 2 s
# Retries without real waiting (a Retry-After header still wins, as it must).
FAST_RETRY = RetryPolicy(max_attempts=4, base_delay=0.01, max_delay=0.05)
GIVE_UP_AFTER = 60.0  # seconds; only stops a broken run from hanging


def aksk_credentials(secret_key: str = SECRET_KEY, project_id: str = PROJECT_ID) -> ResolvedCredentials:
    creds = AkSkCredentials(SecretStr(ACCESS_KEY), SecretStr(secret_key), project_id=project_id)
    return ResolvedCredentials(creds, "tests")


def token_credentials(token: str = IAM_TOKEN, project_id: str = PROJECT_ID) -> ResolvedCredentials:
    return ResolvedCredentials(IamTokenCredentials(SecretStr(token), project_id=project_id), "tests")


def notebook_body(name: str = "nb-test", **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": name,
        "flavor": CPU_FLAVOR,
        "image_id": CPU_IMAGE,
        "volume": {"category": "EVS", "ownership": "MANAGED", "capacity": 5},
    }
    body.update(overrides)
    return body


@dataclass
class SimHandle:
    thread: SimulatorThread
    control: SimClient
    credentials: ResolvedCredentials

    ACCESS_KEY = ACCESS_KEY
    SECRET_KEY = SECRET_KEY
    PROJECT_ID = PROJECT_ID
    IAM_TOKEN = IAM_TOKEN
    CPU_FLAVOR = CPU_FLAVOR
    CPU_IMAGE = CPU_IMAGE
    FAST_RETRY = FAST_RETRY
    notebook_body = staticmethod(notebook_body)
    aksk_credentials = staticmethod(aksk_credentials)
    token_credentials = staticmethod(token_credentials)

    @staticmethod
    async def wait_for(client: ModelArtsClient, notebook_id: str, *statuses: str) -> Notebook:
        """Poll until the notebook has one of ``statuses``; the notebook then."""
        give_up = time.monotonic() + GIVE_UP_AFTER
        while True:
            notebook = await client.show_notebook(notebook_id)
            if notebook.status in statuses:
                return notebook
            if time.monotonic() > give_up:
                raise AssertionError(f"notebook {notebook_id} stayed {notebook.status}, expected {statuses}")
            await asyncio.sleep(0.01)

    @property
    def endpoint(self) -> str:
        return self.thread.endpoint

    def faults(self) -> list[dict[str, Any]]:
        response = self.control.request("GET", "/_sim/faults", project_header=False)
        response.raise_for_status()
        result: list[dict[str, Any]] = response.json()["faults"]
        return result

    def fired(self, rule_id: str) -> int:
        """How often a fault rule struck (a rule that was used up is gone: it struck ``count`` times)."""
        return next((rule["fired"] for rule in self.faults() if rule["id"] == rule_id), -1)

    def count_requests(self, path: str = ".", method: str | None = None) -> str:
        """A fault rule that delays nothing and so only counts matching requests; its id for fired()."""
        rule = {"action": "latency", "latency_ms": 0, "path": path}
        return str(self.control.add_fault(**rule, **({"method": method} if method else {}))["id"])

    def instance_count(self) -> int:
        return int(self.control.info()["instances"]["total"])

    def client(self, **options: Any) -> ModelArtsClient:
        options.setdefault("retry", FAST_RETRY)
        credentials = options.pop("credentials", self.credentials)
        return ModelArtsClient(self.endpoint, credentials, **options)


@pytest.fixture
def make_sim() -> Iterator[Callable[..., SimHandle]]:
    started: list[SimHandle] = []

    def make(**options: Any) -> SimHandle:
        options.setdefault("lab", False)
        options.setdefault("speed", SIM_SPEED)
        thread = SimulatorThread(ACCESS_KEY, SECRET_KEY, PROJECT_ID, **options).start()
        handle = SimHandle(
            thread, SimClient(thread.endpoint, ACCESS_KEY, SECRET_KEY, PROJECT_ID), aksk_credentials()
        )
        started.append(handle)
        return handle

    yield make
    for handle in reversed(started):
        handle.control.close()
        handle.thread.stop()


@pytest.fixture
def sim(make_sim: Callable[..., SimHandle]) -> SimHandle:
    return make_sim()


@pytest_asyncio.fixture
async def client(sim: SimHandle) -> AsyncIterator[ModelArtsClient]:
    async with sim.client() as modelarts:
        yield modelarts


# ---- `jupyter modelarts` in-process, against the simulator ------------------------------------


class Ran(NamedTuple):
    """What one ``jupyter modelarts`` command did (unpacks as ``status, out, err``)."""

    status: int
    stdout: str
    stderr: str


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private JUPYTER_CONFIG_DIR and HOME with a fast-polling, non-retrying jupyter_modelarts_config.py."""
    directory = tmp_path / "jupyter-config"
    directory.mkdir()
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(directory))
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("MODELARTS_REGION", "HUAWEICLOUD_SDK_SECURITY_TOKEN", "MODELARTS_IAM_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    (directory / "jupyter_modelarts_config.py").write_text(
        "c.ModelArts.poll_interval_fast = 0.02\nc.ModelArts.max_retries = 0\n"
    )
    return directory


@pytest.fixture
def run(
    sim: SimHandle, config_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., Ran]:
    """``run("list", "--json")``: the CLI's main() on the test simulator; never prints a credential."""
    monkeypatch.setenv("MODELARTS_ENDPOINT", sim.endpoint)
    monkeypatch.setenv("HUAWEICLOUD_SDK_AK", sim.ACCESS_KEY)
    monkeypatch.setenv("HUAWEICLOUD_SDK_SK", sim.SECRET_KEY)
    monkeypatch.setenv("HUAWEICLOUD_SDK_PROJECT_ID", sim.PROJECT_ID)

    def run_cli(*argv: str) -> Ran:
        try:
            status = cli.main(list(argv))
        except SystemExit as exit_:  # argparse's own usage errors and --help
            status = int(exit_.code or 0)
        out, err = capsys.readouterr()
        for secret in (sim.ACCESS_KEY, sim.SECRET_KEY):
            assert secret not in out and secret not in err
        return Ran(status, out, err)

    return run_cli
