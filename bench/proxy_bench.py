"""What the server extension costs: show-notebook and list-notebooks three ways, on loopback.

    python bench/proxy_bench.py [--rounds 5] [--output bench/results.md]

(a) through the extension: a browser's GET with a Jupyter token to
    ``<jupyter>/modelarts/notebooks[/{id}]`` (validate, sign, forward, view);
    the browser is played by a minimal HTTP client (bench/rawhttp.py);
(b) the floor: a signed call straight to the simulator with our own ModelArtsClient;
(c) Huawei's official huaweicloudsdkmodelarts client straight to the simulator
    (what a user would otherwise use; synchronous, so concurrency is threads).

Each at 1 and 32 concurrent clients: p50/p99 latency, requests per second and
the CPU each process spends per request; the median over ``--rounds`` rounds,
the three paths interleaved so that a busy machine hurts them alike. The
simulator and the Jupyter server are separate processes. The report gives
ratios against (b) and (c) of the same run; docs/benchmarks.md compares the
proxy's CPU per call with an earlier run (the guard: at most 1.3x). This is a
measurement, not a test: it reports what it finds and never fails on it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_env import Servers, cpu_seconds, describe_machine, load_average, start_servers
from rawhttp import RawClient
from results import Result, median_of, report

from jupyter_modelarts.core.auth.credentials import ResolvedCredentials
from jupyter_modelarts.core.auth.secrets import AkSkCredentials
from jupyter_modelarts.core.client import ModelArtsClient
from jupyter_modelarts.core.http import RetryPolicy

OPERATIONS = ("show", "list")
CONCURRENCY = (1, 32)
WARMUP = 40
AsyncCall = Callable[[], Awaitable[Any]]


class Meter:
    """Latencies of the measured calls and the CPU every process spent meanwhile."""

    def __init__(self, servers: Servers) -> None:
        self.pids = {"proxy": servers.jupyter_pid, "simulator": servers.simulator_pid}
        self.latencies: list[float] = []

    def __enter__(self) -> Meter:
        self._cpu = {name: cpu_seconds(pid) for name, pid in self.pids.items()}
        self._bench_cpu, self._started = time.process_time(), time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self._started
        self.cpu = {name: cpu_seconds(pid) - self._cpu[name] for name, pid in self.pids.items()}
        self.cpu["bench"] = time.process_time() - self._bench_cpu

    def result(self, path: str, operation: str, clients: int) -> Result:
        ordered = sorted(self.latencies)
        count = len(ordered)
        per_call = {name: seconds * 1000 / count for name, seconds in self.cpu.items()}
        return Result(
            path, operation, clients, statistics.median(ordered) * 1000,
            ordered[min(count - 1, round(0.99 * (count - 1)))] * 1000, count / self.wall, per_call,
        )  # fmt: skip


async def measure_async(servers: Servers, calls: list[AsyncCall], total: int) -> Meter:
    """``calls[i]`` is worker i's call (its own connection where that matters)."""
    for _ in range(WARMUP):
        await calls[0]()
    remaining = total
    meter = Meter(servers)

    async def worker(call: AsyncCall) -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            started = time.perf_counter()
            await call()
            meter.latencies.append(time.perf_counter() - started)

    with meter:
        await asyncio.gather(*(worker(call) for call in calls))
    return meter


def measure_threads(servers: Servers, calls: list[Callable[[], Any]], total: int) -> Meter:
    for _ in range(WARMUP):
        calls[0]()
    meter = Meter(servers)

    def worker(call: Callable[[], Any]) -> None:
        for _ in range(total // len(calls)):
            started = time.perf_counter()
            call()
            meter.latencies.append(time.perf_counter() - started)

    with meter, ThreadPoolExecutor(len(calls)) as pool:
        list(pool.map(worker, calls))
    return meter


def sdk_calls(servers: Servers, notebook_id: str, operation: str, clients: int) -> list[Callable[[], Any]]:
    """One official SDK client per thread (its requests session is not meant to be shared)."""
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkmodelarts import v1 as sdk

    calls = []
    for _ in range(clients):
        basic = BasicCredentials(servers.access_key, servers.secret_key, servers.project_id)
        client = sdk.ModelArtsClient.new_builder().with_credentials(basic).with_endpoints([servers.endpoint])
        built = client.build()
        if operation == "show":
            calls.append(lambda c=built: c.show_notebook(sdk.ShowNotebookRequest(id=notebook_id)))
        else:
            calls.append(lambda c=built: c.list_notebooks(sdk.ListNotebooksRequest()))
    return calls


async def one_round(servers: Servers, notebook_id: str, totals: dict[int, int]) -> list[Result]:
    credentials = ResolvedCredentials(
        AkSkCredentials(servers.access_key, servers.secret_key, project_id=servers.project_id), "bench"
    )
    where = urlsplit(servers.jupyter)
    headers = {"Authorization": f"token {servers.jupyter_token}", "Accept": "application/json"}
    paths = {"show": f"/modelarts/notebooks/{notebook_id}", "list": "/modelarts/notebooks"}
    results = []
    # Our own client as the product builds it (its default pool), without retries or waiting.
    no_retries = RetryPolicy(max_attempts=1)
    async with ModelArtsClient(servers.endpoint, credentials, retry=no_retries, timeout=60) as direct:
        floor = {"show": lambda: direct.show_notebook(notebook_id), "list": lambda: direct.list_notebooks()}
        for operation in OPERATIONS:
            for clients in CONCURRENCY:
                total = totals[clients]
                browsers = [
                    RawClient(where.hostname or "", where.port or 80, headers) for _ in range(clients)
                ]
                extension = [lambda b=b, path=paths[operation]: b.get(path) for b in browsers]
                meter = await measure_async(servers, extension, total)
                results.append(meter.result("a extension", operation, clients))
                for browser in browsers:
                    await browser.aclose()
                meter = await measure_async(servers, [floor[operation]] * clients, total)
                results.append(meter.result("b direct client", operation, clients))
                official = sdk_calls(servers, notebook_id, operation, clients)
                meter = await asyncio.to_thread(measure_threads, servers, official, total)
                results.append(meter.result("c official SDK", operation, clients))
    return results


async def main(args: argparse.Namespace) -> int:
    # Importing the SDK writes ~/.huaweicloud/application_id: HOME points at a scratch directory.
    os.environ["HOME"] = tempfile.mkdtemp(prefix="proxy-bench-home-")
    machine = describe_machine()
    print(f"Machine: {machine}\nLoad average before: {load_average()}", flush=True)
    async with start_servers(notebooks=args.notebooks) as (servers, notebook_ids):
        totals = {1: args.requests_single, 32: args.requests_concurrent}
        rounds = []
        for number in range(1, args.rounds + 1):
            print(f"round {number}/{args.rounds} (load {load_average()})...", flush=True)
            rounds.append(await one_round(servers, notebook_ids[0], totals))
    text = report(median_of(rounds), machine, args.rounds, load_average())
    print(text)
    if args.output:
        await asyncio.to_thread(Path(args.output).write_text, text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests-single", type=int, default=400, help="calls per measurement, 1 client")
    parser.add_argument(
        "--requests-concurrent", type=int, default=1600, help="calls per measurement, 32 clients"
    )
    parser.add_argument("--notebooks", type=int, default=10, help="notebooks in the listing (one page)")
    parser.add_argument("--output", help="also write the results (Markdown) to this file")
    sys.exit(asyncio.run(main(parser.parse_args())))
