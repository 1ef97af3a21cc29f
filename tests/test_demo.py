"""``jupyter modelarts demo`` as a user runs it: a subprocess, its URL, its REST API, then Ctrl-C or SIGTERM.

After the signal the demo must exit 0 and leave no process behind: not
JupyterLab, not the simulated instance's JupyterLab, nothing it started.
Processes are found through /proc and recognised by pid *and* start time, so a
reused pid is never mistaken for a survivor.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

GIVE_UP_AFTER = 180.0  # seconds; only stops a broken run from hanging (JupyterLab starts take ~10 s)
URL_LINE = re.compile(r"Open: (http://[\d.]+:(\d+))/lab\?token=([0-9a-f]+)")


def stat(pid: int) -> tuple[int, int] | None:
    """(parent pid, start time) of a live process, None if it is gone (or a zombie)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return None if fields[0] == "Z" else (int(fields[1]), int(fields[19]))


def descendants(root: int) -> dict[int, int]:
    """Every process below ``root``: pid -> start time."""
    table = {
        int(name): found for name in os.listdir("/proc") if name.isdigit() and (found := stat(int(name)))
    }
    tree, frontier = {}, {root}
    while frontier:
        frontier = {pid for pid, (ppid, _) in table.items() if ppid in frontier and pid not in tree}
        tree.update({pid: table[pid][1] for pid in frontier})
    return tree


def survivors(processes: dict[int, int]) -> list[int]:
    return [pid for pid, start in processes.items() if (now := stat(pid)) is not None and now[1] == start]


class DemoProcess:
    def __init__(self, *options: str) -> None:
        command = [sys.executable, "-m", "jupyter_modelarts.cli", "demo", "--no-browser", *options]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            start_new_session=True,
        )
        self.lines: list[str] = []
        self.errors: list[str] = []
        self._readers = [
            threading.Thread(target=self._read, args=(self.process.stdout, self.lines), daemon=True),
            threading.Thread(target=self._read, args=(self.process.stderr, self.errors), daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    @staticmethod
    def _read(stream: Any, into: list[str]) -> None:
        for line in stream:
            into.append(line.rstrip("\n"))

    def wait_for_url(self) -> tuple[str, int, str]:
        give_up = time.monotonic() + GIVE_UP_AFTER
        while time.monotonic() < give_up and self.process.poll() is None:
            for line in list(self.lines):
                if match := URL_LINE.search(line):
                    return match.group(1), int(match.group(2)), match.group(3)
            time.sleep(0.1)
        raise AssertionError(f"no URL; exit {self.process.poll()}; out {self.lines}; err {self.errors[-20:]}")

    def finish(self, signum: int | None = None) -> int:
        if signum is not None:
            self.process.send_signal(signum)
        status = self.process.wait(GIVE_UP_AFTER)
        for reader in self._readers:
            reader.join(10)
        return status

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


@pytest.fixture
def demo() -> Iterator[list[DemoProcess]]:
    started: list[DemoProcess] = []
    yield started
    for running in started:  # a failed test must not leave a demo behind
        running.kill()


def wait_until_running(client: httpx.Client, api: str, notebook_id: str) -> dict[str, Any]:
    give_up = time.monotonic() + GIVE_UP_AFTER
    while True:
        notebook: dict[str, Any] = client.get(f"{api}/notebooks/{notebook_id}").raise_for_status().json()
        if notebook["status"] == "RUNNING":
            return notebook
        assert notebook["status"] not in ("CREATE_FAILED", "ERROR"), notebook
        assert time.monotonic() < give_up, notebook["status"]
        time.sleep(0.2)


def test_demo_serves_the_api_and_stops_everything_on_sigterm(demo: list[DemoProcess]) -> None:
    run = DemoProcess("--speed", "50")
    demo.append(run)
    base, _, token = run.wait_for_url()
    api = f"{base}/modelarts"

    with httpx.Client(headers={"Authorization": f"token {token}"}, timeout=30, trust_env=False) as client:
        status = client.get(f"{api}/status").raise_for_status().json()
        assert status["configured"] is True and status["endpoint_kind"] == "simulator", status
        presets = client.get(f"{api}/presets").raise_for_status().json()["items"]
        assert [p["slug"] for p in presets] == ["small-cpu", "pytorch-on-a-t4-gpu", "ascend-910"]
        created = client.post(f"{api}/presets/small-cpu/launch").raise_for_status().json()
        wait_until_running(client, api, created["id"])
        opened = client.post(f"{api}/notebooks/{created['id']}/open").raise_for_status().json()
    instance_page = httpx.get(opened["url"], params={"token": opened["token"]}, trust_env=False, timeout=30)
    assert instance_page.status_code == 200  # the instance's own JupyterLab
    assert httpx.get(f"{api}/status", trust_env=False).status_code == 403  # no token, no API

    processes = descendants(run.process.pid)
    assert len(processes) >= 2, processes  # JupyterLab and the instance's JupyterLab at least
    assert run.finish(signal.SIGTERM) == 0, run.errors[-20:]
    assert survivors(processes) == []
    assert run.lines[-1] == "Stopped."
    assert not any("Traceback" in line for line in run.errors), run.errors


def test_ctrl_c_on_a_chosen_port(demo: list[DemoProcess]) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    run = DemoProcess("--port", str(port))
    demo.append(run)

    _, shown_port, token = run.wait_for_url()
    processes = descendants(run.process.pid)

    assert shown_port == port
    curl = f'curl -H "Authorization: token {token}" http://127.0.0.1:{port}/modelarts/status'
    assert curl in [line.strip() for line in run.lines]
    assert run.finish(signal.SIGINT) == 0, run.errors[-20:]
    assert survivors(processes) == []


def test_a_busy_port_is_reported_and_nothing_is_left(demo: list[DemoProcess]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        run = DemoProcess("--port", str(taken.getsockname()[1]))
        demo.append(run)

        assert run.finish() == 1

    assert "JupyterLab stopped on its own" in "\n".join(run.lines)
    assert run.lines[-1] == "Stopped."


def test_bad_options_exit_2_at_once() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "jupyter_modelarts.cli", "demo", "--port", "70000", "--speed", "0"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip

    assert done.returncode == 2
    assert "--port must be 0" in done.stderr and "--speed must be more than 0" in done.stderr
