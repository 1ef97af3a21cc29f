"""Root pytest configuration: the pytest-jupyter server fixtures for every test.

``pytest_plugins`` must live in the root conftest (pytest refuses it in nested ones).
"""

from __future__ import annotations

from typing import Any

import pytest

pytest_plugins = ("pytest_jupyter.jupyter_server",)


@pytest.fixture
def jp_server_config(jp_server_config: dict[str, Any]) -> dict[str, Any]:
    """A test server with only our extension, which refuses unauthenticated requests.

    ``allow_unauthenticated_access=False`` makes jupyter_server reject any handler that
    forgot ``@tornado.web.authenticated``, the same rule production servers can turn on.
    """
    return {
        "ServerApp": {
            "jpserver_extensions": {"jupyter_modelarts": True},
            "allow_unauthenticated_access": False,
        }
    }
