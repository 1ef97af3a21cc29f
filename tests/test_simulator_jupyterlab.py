"""The default simulator mode: every RUNNING instance is a real JupyterLab server guarded by its token."""

from __future__ import annotations

import sys
from pathlib import Path

import httpx
import pytest

from jupyter_modelarts.simulator.lab import LabManager
from jupyter_modelarts.simulator.testing import SimClient, create_running, notebook_request, running_simulator

LAB_DEADLINE_S = 240.0  # JupyterLab start-up on a busy 2-core machine; a hang guard, not a speed check


def api_url(notebook: dict[str, str], path: str) -> str:
    return notebook["url"].removesuffix("/lab") + f"/api/{path}"


def lab_get(notebook: dict[str, str], path: str, token: str) -> httpx.Response:
    headers = {"Authorization": f"token {token}"}
    return httpx.get(api_url(notebook, path), headers=headers, trust_env=False, timeout=30)


def stop_and_wait(client: SimClient, notebook_id: str) -> None:
    client.api("POST", f"/notebooks/{notebook_id}/stop")
    client.wait_for_status(notebook_id, "STOPPED", deadline_s=LAB_DEADLINE_S)


def test_real_jupyterlab_lifecycle(tmp_path: Path) -> None:
    with running_simulator(speed=100, workdir=tmp_path) as (_, client):
        notebook = create_running(client, deadline_s=LAB_DEADLINE_S)
        assert notebook["url"].startswith("http://127.0.0.1:")
        assert notebook["url"].endswith(f"/{notebook['id']}/lab")
        assert lab_get(notebook, "status", notebook["token"]).status_code == 200
        assert lab_get(notebook, "status", "not-the-token").status_code == 403
        opened = httpx.get(notebook["url"], params={"token": notebook["token"]}, trust_env=False, timeout=30)
        assert opened.status_code == 200 and "JupyterLab" in opened.text

        # Work survives stop/start; the old token dies with the old server.
        saved = httpx.put(
            api_url(notebook, "contents/hello.txt"),
            headers={"Authorization": f"token {notebook['token']}"},
            json={"type": "file", "format": "text", "content": "kept across restarts"},
            trust_env=False,
            timeout=30,
        )
        assert saved.status_code == 201
        assert (
            tmp_path / "labs" / notebook["id"] / "work" / "hello.txt"
        ).read_text() == "kept across restarts"
        stop_and_wait(client, notebook["id"])
        with pytest.raises(httpx.ConnectError):
            lab_get(notebook, "status", notebook["token"])
        client.api("POST", f"/notebooks/{notebook['id']}/start")
        restarted = client.wait_for_status(notebook["id"], "RUNNING", deadline_s=LAB_DEADLINE_S)
        assert restarted["token"] != notebook["token"]
        assert lab_get(restarted, "contents/hello.txt", restarted["token"]).json()["content"] == (
            "kept across restarts"
        )
        assert lab_get(restarted, "status", notebook["token"]).status_code == 403

        client.api("DELETE", f"/notebooks/{notebook['id']}")
        client.wait_for_history(notebook["id"], "DELETED", deadline_s=LAB_DEADLINE_S)
        assert not (tmp_path / "labs" / notebook["id"]).exists()

        survivor = create_running(client, "survivor", deadline_s=LAB_DEADLINE_S)
    # Leaving the context stopped the simulator: no JupyterLab may outlive it.
    with pytest.raises(httpx.ConnectError):
        lab_get(survivor, "status", survivor["token"])


def test_create_fails_when_jupyterlab_cannot_start(tmp_path: Path) -> None:
    manager = LabManager(tmp_path, python="/bin/false", startup_timeout=30)
    with running_simulator(speed=1000, lab_manager=manager) as (_, client):
        created = client.api("POST", "/notebooks", json=notebook_request()).json()
        failed = client.wait_for_status(created["id"], "CREATE_FAILED", deadline_s=LAB_DEADLINE_S)
        assert failed["fail_reason"].startswith("The notebook server could not start")
        assert failed["action_progress"][3]["status"] == "FAILED"
        assert "url" not in failed


def test_start_fails_when_jupyterlab_cannot_start(tmp_path: Path) -> None:
    manager = LabManager(tmp_path, python=sys.executable)
    with running_simulator(speed=1000, lab_manager=manager) as (thread, client):
        notebook = create_running(client, deadline_s=LAB_DEADLINE_S)
        stop_and_wait(client, notebook["id"])
        thread.call(lambda _: setattr(manager, "python", "/bin/false"))
        client.api("POST", f"/notebooks/{notebook['id']}/start")
        failed = client.wait_for_status(notebook["id"], "START_FAILED", deadline_s=LAB_DEADLINE_S)
        assert failed["fail_reason"].startswith("The notebook server could not start")
        assert failed["token"] not in failed["fail_reason"]
        thread.call(lambda _: setattr(manager, "python", sys.executable))
        client.api("POST", f"/notebooks/{notebook['id']}/start")
        assert client.wait_for_status(notebook["id"], "RUNNING", deadline_s=LAB_DEADLINE_S)["url"]
