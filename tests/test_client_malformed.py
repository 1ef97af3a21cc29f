"""Answers ModelArts sent but we cannot read (D2, D4, D5 of the foundations issue).

The simulator's ``malformed`` fault with ``truncate`` carries the request out
and then cuts its real answer short, as a connection dropped behind a proxy
would: the body holds whatever the real answer held, instance token included.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest

from jupyter_modelarts.core.client import ModelArtsClient
from jupyter_modelarts.core.errors import UpstreamError

HOUR_MS = 3_600_000


@pytest.mark.asyncio
async def test_a_cut_answer_is_never_quoted_it_may_hold_a_token(
    sim: Any, client: ModelArtsClient, caplog: pytest.LogCaptureFixture
) -> None:
    created = await client.create_notebook(sim.notebook_body(name="quoted-never"))
    assert created.id is not None and created.token
    sim.control.add_fault(action="malformed", truncate=True, path=rf"/notebooks/{created.id}$", method="GET")
    with caplog.at_level(logging.DEBUG), pytest.raises(UpstreamError) as caught:
        await client.show_notebook(created.id)
    error = caught.value
    assert "unusable answer to GET" in error.message and "bytes of application/json" in error.message
    texts = [str(error), repr(error), *(record.getMessage() for record in caplog.records)]
    assert not [text for text in texts if created.token in text]
    assert not [text for text in texts if created.id in text and '"id"' in text]  # no body fragment


@pytest.mark.asyncio
async def test_a_create_with_a_cut_answer_says_the_instance_may_exist(
    sim: Any, client: ModelArtsClient
) -> None:
    sim.control.add_fault(action="malformed", truncate=True, path=r"/notebooks$", method="POST", count=1)
    with pytest.raises(UpstreamError) as caught:
        await client.create_notebook(sim.notebook_body(name="maybe-there"))
    assert "may have carried it out: look (list or show) before trying again" in caught.value.message
    listed = await client.list_all_notebooks()
    assert [notebook.name for notebook in listed] == ["maybe-there"]  # sent once, and it exists


@pytest.mark.asyncio
async def test_a_start_with_a_cut_answer_is_resolved_by_reading_the_state(
    sim: Any, client: ModelArtsClient
) -> None:
    created = await client.create_notebook(sim.notebook_body(name="start-cut"))
    assert created.id is not None
    await sim.wait_for(client, created.id, "RUNNING")
    await client.stop_notebook(created.id)
    await sim.wait_for(client, created.id, "STOPPED")
    sim.control.add_fault(action="malformed", truncate=True, path=r"/start$", method="POST", count=1)
    started = await client.start_notebook(created.id)  # the probe proves it started; that is the answer
    assert started.status in ("STARTING", "RUNNING")
    history = [entry.get("note") for entry in sim.control.history(created.id)]
    assert history.count("start requested") == 1  # not sent twice
