"""End to end through ModelArtsClient with real JupyterLab processes behind the simulator (``lab=True``).

create -> RUNNING -> the instance's JupyterLab answers with its token and refuses without it -> stop
(process gone) -> start (new token, the old one refused, the work directory kept) -> delete (work
directory and process gone, then 6309).
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from jupyter_modelarts.core.client import ModelArtsClient
from jupyter_modelarts.core.contract import Notebook, NotebookStatus
from jupyter_modelarts.core.errors import ErrorKind, UpstreamError

# JupyterLab needs seconds to start on a busy 2-core machine; this only stops a broken run.
GIVE_UP_AFTER = 240.0
NOTE = "written before the stop"


async def wait_for(client: ModelArtsClient, notebook_id: str, status: str) -> Notebook:
    give_up = time.monotonic() + GIVE_UP_AFTER
    while True:
        notebook = await client.show_notebook(notebook_id)
        if notebook.status == status:
            return notebook
        assert notebook.status not in ("CREATE_FAILED", "START_FAILED", "ERROR"), notebook.fail_reason
        assert time.monotonic() < give_up, f"{notebook_id} stayed {notebook.status}"
        await asyncio.sleep(0.1)


def api_url(notebook: Notebook, route: str) -> str:
    assert notebook.url is not None
    return notebook.url.removesuffix("/lab") + "/api/" + route


def lab_pid(runtime: Path) -> int:
    """The JupyterLab server's pid, from the server file it writes into its private runtime directory."""
    [server_file] = runtime.glob("jpserver-*.json")
    return int(json.loads(server_file.read_text())["pid"])


def process_alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


async def send(method: str, url: str, **options: Any) -> httpx.Response:
    """One request from a fresh client: no cookie from an earlier login may vouch for it."""
    async with httpx.AsyncClient(timeout=60.0, trust_env=False) as http:
        return await http.request(method, url, **options)


async def check_lab(notebook: Notebook) -> None:
    """The lab page opens with the token; without it there is only the login page."""
    assert notebook.url is not None and notebook.token
    opened = await send("GET", notebook.url, params={"token": notebook.token})
    assert opened.status_code == 200 and "JupyterLab" in opened.text
    anonymous = await send("GET", notebook.url)
    assert anonymous.status_code in (302, 403)
    if anonymous.status_code == 302:
        assert "/login" in anonymous.headers["Location"]
    refused = await send("GET", api_url(notebook, "contents"))
    assert refused.status_code == 403


@pytest.mark.asyncio
@pytest.mark.timeout(600)
async def test_create_open_stop_start_delete_with_a_real_jupyterlab(make_sim: Any) -> None:
    sim = make_sim(lab=True)
    labs = sim.thread.simulator.workdir / "labs"
    async with sim.client(timeout=60.0) as client:
        created = await client.create_notebook(sim.notebook_body("lifecycle"))
        assert created.id is not None
        notebook_id = created.id
        first = await wait_for(client, notebook_id, "RUNNING")
        await check_lab(first)
        assert first.token is not None
        auth = {"Authorization": f"token {first.token}"}
        saved = await send(
            "PUT",
            api_url(first, "contents/survivor.txt"),
            headers=auth,
            json={"type": "file", "format": "text", "content": NOTE},
        )
        assert saved.status_code in (200, 201)
        workdir = labs / notebook_id / "work"
        assert (workdir / "survivor.txt").read_text() == NOTE
        pid = lab_pid(labs / notebook_id / "jupyter" / "runtime")
        assert process_alive(pid)

        assert (await client.stop_notebook(notebook_id)).status is NotebookStatus.STOPPING
        stopped = await wait_for(client, notebook_id, "STOPPED")
        assert stopped.url is None and not process_alive(pid)
        with pytest.raises(httpx.ConnectError):
            await send("GET", first.url or "", params={"token": first.token})

        starting = await client.start_notebook(notebook_id)
        assert starting.token and starting.token != first.token
        second = await wait_for(client, notebook_id, "RUNNING")
        assert second.token == starting.token
        await check_lab(second)
        old_token = await send("GET", api_url(second, "contents"), headers=auth)
        assert old_token.status_code == 403
        new_auth = {"Authorization": f"token {second.token}"}
        kept = await send("GET", api_url(second, "contents/survivor.txt"), headers=new_auth)
        assert kept.status_code == 200 and kept.json()["content"] == NOTE
        second_pid = lab_pid(labs / notebook_id / "jupyter" / "runtime")
        assert second_pid != pid and process_alive(second_pid)

        assert (await client.delete_notebook(notebook_id)).status is NotebookStatus.DELETING
        await asyncio.to_thread(sim.control.wait_for_history, notebook_id, "DELETED", GIVE_UP_AFTER)
        assert not (labs / notebook_id).exists() and not process_alive(second_pid)
        with pytest.raises(UpstreamError) as caught:
            await client.show_notebook(notebook_id)
        assert caught.value.code == "ModelArts.6309" and caught.value.kind is ErrorKind.NOT_FOUND
