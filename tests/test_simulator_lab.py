"""LabManager against real JupyterLab servers, over real HTTP.

Leaks are found from the outside: every process a lab starts (the server, its
kernels, helpers such as ``npm prefix``) inherits the lab's private
``JUPYTER_RUNTIME_DIR``, which lies under the manager's root, so "no orphan"
means "no live process whose environment mentions the root".
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import stat
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import pytest_asyncio

from jupyter_modelarts.simulator import lab as lab_module
from jupyter_modelarts.simulator.lab import LabManager, LabStartError

REPO_ROOT = Path(__file__).resolve().parents[1]
# Only bounds a wait for something that must happen; never asserts how fast it happens.
GIVE_UP_AFTER = 60.0


def processes_using(root: Path) -> set[int]:
    """Live (non-zombie) processes whose environment mentions ``root``."""
    marker = str(root).encode()
    found = set()
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            environ = Path(f"/proc/{name}/environ").read_bytes()
            state = Path(f"/proc/{name}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if marker in environ and state != "Z":
            found.add(int(name))
    return found


def process_exists(pid: int) -> bool:
    return os.path.exists(f"/proc/{pid}")


def parent_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


async def wait_until_no_process_uses(root: Path) -> set[int]:
    """Orphans of a killed parent are reaped by init a moment later; give it that moment."""
    deadline = asyncio.get_running_loop().time() + GIVE_UP_AFTER
    left = processes_using(root)
    while left and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.1)
        left = processes_using(root)
    return left


def environment_of(pid: int) -> list[bytes]:
    return Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")


def port_of(url: str) -> int:
    match = re.fullmatch(r"http://127\.0\.0\.1:(\d+)/[^/]+/lab", url)
    assert match, url
    return int(match.group(1))


def api(url: str, route: str) -> str:
    return url.removesuffix("/lab") + "/api/" + route


async def status_code(url: str, token: str | None) -> int:
    """``GET api/status`` from a client without cookies, with the token header or none."""
    headers = {"Authorization": f"token {token}"} if token is not None else {}
    async with httpx.AsyncClient(trust_env=False) as fresh:
        return (await fresh.get(api(url, "status"), headers=headers)).status_code


def refuses_connections(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


@pytest_asyncio.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    # trust_env=False: a proxy from the environment must not see loopback calls.
    async with httpx.AsyncClient(trust_env=False, follow_redirects=False, timeout=30.0) as client:
        yield client


@pytest_asyncio.fixture
async def manager(tmp_path: Path) -> AsyncIterator[LabManager]:
    labs = LabManager(tmp_path / "labs")
    yield labs
    await labs.shutdown()
    assert await wait_until_no_process_uses(labs.root) == set()


def fake_python(tmp_path: Path, script: str) -> str:
    """An executable standing in for the interpreter, to make a lab fail in a chosen way."""
    path = tmp_path / "fake-python"
    path.write_text("#!/bin/sh\n" + script + "\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


@pytest.mark.asyncio
async def test_the_instance_token_is_the_only_credential(
    manager: LabManager, http: httpx.AsyncClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A user configuration that would replace the token, and cloud credentials that must not
    # reach the instance.
    user_config = tmp_path / "user-jupyter"
    user_config.mkdir()
    (user_config / "jupyter_server_config.json").write_text('{"IdentityProvider": {"token": "leaked"}}')
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(user_config))
    monkeypatch.setenv("HUAWEICLOUD_SDK_AK", "AK-OF-THE-SIMULATOR-HOST")

    url = await manager.start("inst-a", "tok-a")
    assert url == f"http://127.0.0.1:{port_of(url)}/inst-a/lab"
    assert manager.is_running("inst-a")

    page = await http.get(url, params={"token": "tok-a"})
    assert page.status_code == 200
    assert "JupyterLab" in page.text
    assert '"baseUrl": "/inst-a/"' in page.text

    async with httpx.AsyncClient(trust_env=False, follow_redirects=False) as anonymous:
        for token in (None, "tok-b", "leaked"):
            refused = await anonymous.get(url, params={"token": token} if token else {})
            assert refused.status_code == 302
            assert refused.headers["location"].startswith("/inst-a/login")
    assert await status_code(url, None) == 403
    assert await status_code(url, "tok-b") == 403
    assert await status_code(url, "leaked") == 403
    assert await status_code(url, "tok-a") == 200

    for pid in processes_using(manager.root):
        environ = environment_of(pid)
        assert not any(entry.startswith(b"HUAWEICLOUD_SDK_AK=") for entry in environ)
        assert f"JUPYTER_CONFIG_DIR={manager.root}/inst-a/jupyter/config".encode() in environ


@pytest.mark.asyncio
async def test_stop_ends_the_lab_and_its_kernels_and_the_workdir_survives(
    manager: LabManager, http: httpx.AsyncClient
) -> None:
    url = await manager.start("inst-s", "first-token")
    (manager.workdir("inst-s") / "notes.txt").write_text("kept")
    first = {"Authorization": "token first-token"}
    kernel = await http.post(api(url, "kernels"), headers=first, json={"name": "python3"})
    assert kernel.status_code == 201
    running = processes_using(manager.root)
    lab_pids = {pid for pid in running if parent_of(pid) not in running}
    assert len(lab_pids) == 1
    assert any(parent_of(pid) in lab_pids for pid in running)  # at least the kernel below the lab

    await manager.stop("inst-s")
    assert not manager.is_running("inst-s")
    assert processes_using(manager.root) == set()
    assert not any(map(process_exists, lab_pids))  # reaped, not even a zombie
    assert refuses_connections(port_of(url))
    await manager.stop("inst-s")  # idempotent
    await manager.stop("never-started")

    url = await manager.start("inst-s", "second-token")
    listing = await http.get(api(url, "contents"), headers={"Authorization": "token second-token"})
    assert listing.status_code == 200
    assert [item["name"] for item in listing.json()["content"]] == ["notes.txt"]
    assert await status_code(url, "first-token") == 403
    assert await status_code(url, "second-token") == 200


@pytest.mark.asyncio
async def test_start_of_a_running_lab_with_a_new_token_replaces_the_old_credential(
    manager: LabManager,
) -> None:
    url = await manager.start("inst-t", "old")
    assert await manager.start("inst-t", "old") == url  # same token: the same lab keeps running
    new_url = await manager.start("inst-t", "new")
    assert await status_code(new_url, "new") == 200
    assert await status_code(new_url, "old") == 403


@pytest.mark.asyncio
async def test_remove_stops_the_lab_and_deletes_its_workdir(manager: LabManager) -> None:
    await manager.start("inst-r", "tok")
    (manager.workdir("inst-r") / "data.csv").write_text("1,2\n")
    await manager.remove("inst-r")
    assert not manager.workdir("inst-r").exists()
    assert not manager.is_running("inst-r")
    assert processes_using(manager.root) == set()
    await manager.remove("inst-r")  # nothing left to remove is fine


@pytest.mark.asyncio
async def test_concurrent_starts_then_shutdown_stops_everything(manager: LabManager) -> None:
    urls = await asyncio.gather(manager.start("inst-1", "tok-1"), manager.start("inst-2", "tok-2"))
    assert port_of(urls[0]) != port_of(urls[1])
    assert await status_code(urls[0], "tok-1") == 200
    assert await status_code(urls[1], "tok-2") == 200
    assert await status_code(urls[1], "tok-1") == 403

    await manager.shutdown()
    assert not manager.is_running("inst-1")
    assert not manager.is_running("inst-2")
    assert processes_using(manager.root) == set()
    assert all(refuses_connections(port_of(url)) for url in urls)


@pytest.mark.asyncio
async def test_a_lab_that_dies_while_starting_raises_with_its_log_redacted(tmp_path: Path) -> None:
    token = "s3cr3t-instance-token"
    python = fake_python(tmp_path, 'echo "lab exploded; config: $(cat "$JUPYTER_CONFIG_DIR"/*.json)"; exit 3')
    labs = LabManager(tmp_path / "labs", python=python)
    with pytest.raises(LabStartError) as failure:
        await labs.start("inst-f", token)
    message = str(failure.value)
    assert "exited with status 3" in message
    assert "lab exploded" in message
    assert token not in message
    assert "<token>" in message
    assert not labs.is_running("inst-f")


@pytest.mark.asyncio
async def test_a_lab_that_never_answers_times_out_and_is_killed(tmp_path: Path) -> None:
    labs = LabManager(tmp_path / "labs", python=fake_python(tmp_path, "exec sleep 600"), startup_timeout=0.5)
    with pytest.raises(LabStartError, match="did not answer within 0.5 s"):
        await labs.start("inst-h", "tok")
    assert not labs.is_running("inst-h")
    assert processes_using(labs.root) == set()


@pytest.mark.asyncio
async def test_a_cancelled_start_leaves_nothing_behind(tmp_path: Path) -> None:
    labs = LabManager(tmp_path / "labs", python=fake_python(tmp_path, "exec sleep 600"))
    starting = asyncio.create_task(labs.start("inst-c", "tok"))
    deadline = asyncio.get_running_loop().time() + GIVE_UP_AFTER
    while not processes_using(labs.root) and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.05)
    assert processes_using(labs.root)
    starting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await starting
    assert not labs.is_running("inst-c")
    assert processes_using(labs.root) == set()


@pytest.mark.asyncio
async def test_a_port_taken_before_the_lab_binds_it_is_replaced(
    manager: LabManager, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        taken = squatter.getsockname()[1]
        real_pick = lab_module._pick_port
        picks = iter([taken])
        monkeypatch.setattr(
            lab_module, "_pick_port", lambda reserved: next(picks, None) or real_pick(reserved)
        )
        url = await manager.start("inst-p", "tok")
    assert port_of(url) != taken
    assert f"The port {taken} is already in use" in (manager.root / "inst-p" / "lab.log").read_text()


@pytest.mark.parametrize("bad_id", ["", "..", "a/b", "../escape", "-leading-dash", "x" * 129])
@pytest.mark.asyncio
async def test_unsafe_instance_ids_are_rejected(manager: LabManager, bad_id: str) -> None:
    with pytest.raises(ValueError, match="instance_id"):
        await manager.start(bad_id, "tok")
    with pytest.raises(ValueError, match="instance_id"):
        manager.workdir(bad_id)
    with pytest.raises(ValueError, match="non-empty token"):
        await manager.start("fine", "")
    assert not manager.root.exists()


RUNNER = """
import asyncio, pathlib, sys
from jupyter_modelarts.simulator.lab import LabManager

async def main():
    manager = LabManager(pathlib.Path(sys.argv[1]))
    print(await manager.start("orphan-check", "tok"), flush=True)
    if sys.argv[2] == "hang":
        await asyncio.sleep(3600)
    await asyncio.to_thread(sys.stdin.readline)  # exit (leaving the lab running) when told to

asyncio.run(main())
"""


async def run_manager_in_a_subprocess(root: Path, mode: str) -> asyncio.subprocess.Process:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    runner = await asyncio.create_subprocess_exec(
        sys.executable, "-c", RUNNER, str(root), mode,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, env=env,
    )  # fmt: skip
    assert runner.stdout is not None
    url = (await runner.stdout.readline()).decode().strip()
    assert await status_code(url, "tok") == 200
    return runner


@pytest.mark.asyncio
async def test_labs_die_with_a_sigkilled_simulator(tmp_path: Path) -> None:
    root = tmp_path / "labs"
    runner = await run_manager_in_a_subprocess(root, "hang")
    assert processes_using(root)
    runner.send_signal(signal.SIGKILL)
    assert await runner.wait() == -signal.SIGKILL
    assert await wait_until_no_process_uses(root) == set()


@pytest.mark.asyncio
async def test_labs_left_running_are_stopped_gracefully_at_interpreter_exit(tmp_path: Path) -> None:
    root = tmp_path / "labs"
    runner = await run_manager_in_a_subprocess(root, "exit")
    assert runner.stdin is not None
    runner.stdin.write(b"exit\n")
    assert await runner.wait() == 0
    assert await wait_until_no_process_uses(root) == set()
    # SIGTERM, not the parent-death SIGKILL: the lab had the chance to shut down its kernels.
    assert "received signal 15" in (root / "orphan-check" / "lab.log").read_text()
