"""Every endpoint needs a Jupyter login (403 otherwise, never reaching ModelArts) and moves with base_url."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from tornado.httpclient import HTTPClientError

from jupyter_modelarts.server.openapi import OPERATIONS

NOTEBOOK_ID = "00000000-0000-4000-8000-000000000000"
PATH_VALUES = {"notebook_id": NOTEBOOK_ID, "instance_id": "DE-x", "slug": "cpu"}


@pytest.fixture
def modelarts_config(sim_modelarts_config: dict[str, Any]) -> dict[str, Any]:
    return {**sim_modelarts_config, "legacy_api": True}


@pytest.mark.parametrize("credentials", ["", "token not-the-token"], ids=["no token", "wrong token"])
async def test_every_operation_refuses_a_request_without_a_jupyter_login(
    api: Any, sim: Any, credentials: str
) -> None:
    counter = sim.count_requests()

    for operation in OPERATIONS:
        path = operation.path.strip("/").format(**PATH_VALUES)
        body = {} if operation.method in ("post", "put", "patch") else None
        error = await api.fails(
            403, operation.method.upper(), path, body, headers={"Authorization": credentials}
        )
        assert error["reason"] == "Forbidden", (operation, error)

    assert sim.fired(counter) == 0


async def test_a_logged_in_request_with_the_same_calls_is_let_through(api: Any) -> None:
    code, _ = await api.call("GET", f"notebooks/{NOTEBOOK_ID}")

    assert code == 404  # reached ModelArts, which does not know the id


class TestUnderNonRootBaseUrl:
    """A JupyterHub-style prefix: the whole API moves with base_url."""

    @pytest.fixture
    def jp_base_url(self) -> str:
        return "/user/alice/"

    async def test_the_api_is_served_below_base_url(self, api: Any, jp_fetch: Any, sim: Any) -> None:
        created = await api.ok("POST", "notebooks", sim.notebook_body("nb-hub"))
        response = await jp_fetch("modelarts", "notebooks", created["id"])

        assert urlsplit(response.effective_url).path == f"/user/alice/modelarts/notebooks/{created['id']}"
        document = await api.get("openapi.json")
        assert document["servers"] == [{"url": "/user/alice/modelarts"}]

    async def test_nothing_is_served_at_the_root(self, http_server_client: Any, jp_auth_header: Any) -> None:
        for path in ("/modelarts/notebooks", "/modelarts/flavors", "/modelarts/openapi.json"):
            with pytest.raises(HTTPClientError) as error:
                await http_server_client.fetch(path, headers=jp_auth_header)
            assert error.value.code == 404
