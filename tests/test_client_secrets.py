"""No credential (AK, SK, security token, IAM token) in any log record, repr or exception text.

Everything runs against the real simulator with every logger at DEBUG (the
client, the transport, httpx, httpcore and the simulator in the same process).
Instance tokens must not be logged either: they open JupyterLab.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

import pytest
from pydantic import SecretStr

from jupyter_modelarts.core.auth.credentials import ResolvedCredentials
from jupyter_modelarts.core.auth.secrets import AkSkCredentials
from jupyter_modelarts.core.client import ModelArtsClient
from jupyter_modelarts.core.errors import ModelArtsError

SECURITY_TOKEN = "gQpzZWN1cml0eS10b2tlbi1jbGllbnQtdGVzdHM-0001"
IAM_TOKEN = "MIIclient-secrets-test-iam-token-0000000001"
BAD_IAM_TOKEN = "MIIclient-secrets-test-iam-token-refused-02"
WRONG_SECRET_KEY = "client-secrets-test-wrong-secret-key-0003"
HOUR_MS = 3_600_000


async def exercise(sim: Any, client: ModelArtsClient, failures: list[BaseException]) -> list[str]:
    """Every kind of call, successful and failing; the instance tokens handed out."""
    tokens = []
    created = await client.create_notebook(sim.notebook_body())
    assert created.id is not None and created.token
    tokens.append(created.token)
    notebook = await sim.wait_for(client, created.id, "RUNNING")
    await client.renew_lease(created.id, {"duration": 2 * HOUR_MS})
    await client.list_all_notebooks()
    await client.stop_notebook(created.id)
    await sim.wait_for(client, created.id, "STOPPED")
    started = await client.start_notebook(created.id)
    assert started.token
    tokens += [notebook.token or "", started.token]
    for failing in (
        client.show_notebook(str(uuid.uuid4())),
        client.start_notebook(created.id),
        client.create_notebook(sim.notebook_body(name="bad name!", token="x")),
    ):
        try:
            await failing
        except ModelArtsError as error:
            failures.append(error)
    # Delete is refused while STARTING (docs/modelarts-api.md §12.5): wait for the state it needs.
    await sim.wait_for(client, created.id, "RUNNING")
    await client.delete_notebook(created.id)
    return tokens


def leaked(texts: list[str], secrets: list[str]) -> list[str]:
    return [f"{secret[:4]}… in {text[:120]!r}" for text in texts for secret in secrets if secret in text]


def texts_of(records: list[logging.LogRecord], failures: list[BaseException]) -> list[str]:
    texts = [record.getMessage() for record in records]
    texts += [record.exc_text or "" for record in records]
    texts += [text for error in failures for text in (str(error), repr(error), str(error.args))]
    return texts


@pytest.mark.asyncio
async def test_no_secret_reaches_a_log_record_or_an_error(
    make_sim: Any, caplog: pytest.LogCaptureFixture
) -> None:
    sim = make_sim(iam_tokens=[IAM_TOKEN], security_tokens=[SECURITY_TOKEN])
    failures: list[BaseException] = []
    instance_tokens: list[str] = []
    keys = (SecretStr(sim.ACCESS_KEY), SecretStr(sim.SECRET_KEY), SecretStr(SECURITY_TOKEN))
    temporary = ResolvedCredentials(AkSkCredentials(*keys, project_id=sim.PROJECT_ID), "tests (temporary)")
    with caplog.at_level(logging.DEBUG):
        for credentials in (sim.credentials, temporary, sim.token_credentials(IAM_TOKEN)):
            async with sim.client(credentials=credentials) as client:
                instance_tokens += await exercise(sim, client, failures)
                reprs = [repr(client), repr(credentials)]
        for credentials in (
            sim.aksk_credentials(secret_key=WRONG_SECRET_KEY),
            sim.token_credentials(BAD_IAM_TOKEN),
        ):
            async with sim.client(credentials=credentials) as client:
                try:
                    await client.list_notebooks()
                except ModelArtsError as error:
                    failures.append(error)
    assert len(failures) == 3 * 3 + 2
    assert any(record.name.startswith("httpx") for record in caplog.records)  # DEBUG capture really worked
    assert any(record.name == "jupyter_modelarts.core.http" for record in caplog.records)
    secrets = [sim.ACCESS_KEY, sim.SECRET_KEY, SECURITY_TOKEN, IAM_TOKEN, BAD_IAM_TOKEN, WRONG_SECRET_KEY]
    texts = texts_of(caplog.records, failures) + reprs
    assert leaked(texts, secrets) == []
    assert leaked(texts, [token for token in instance_tokens if token]) == []
