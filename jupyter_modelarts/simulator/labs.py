"""What the state machine needs from a JupyterLab process manager, and a process-free one.

:class:`~jupyter_modelarts.simulator.lab.LabManager` runs a real JupyterLab per
RUNNING instance.  :class:`PageLab` (``lab=False``) runs nothing: an instance's
``url`` points at a tiny page served by the simulator itself that checks the
token, which is enough for fast API tests.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from typing import Protocol


class LabBackend(Protocol):
    async def start(self, instance_id: str, token: str) -> str: ...

    async def stop(self, instance_id: str) -> None: ...

    async def remove(self, instance_id: str) -> None: ...

    def is_running(self, instance_id: str) -> bool: ...

    async def shutdown(self) -> None: ...


class PageLab:
    """Lab stand-in: remembers which instance runs with which token."""

    def __init__(self, base_url: Callable[[], str]) -> None:
        self._base_url = base_url  # the simulator's endpoint is only known once it listens
        self._tokens: dict[str, str] = {}

    async def start(self, instance_id: str, token: str) -> str:
        self._tokens[instance_id] = token
        return f"{self._base_url()}/_lab/{instance_id}/lab"

    async def stop(self, instance_id: str) -> None:
        self._tokens.pop(instance_id, None)

    async def remove(self, instance_id: str) -> None:
        self._tokens.pop(instance_id, None)

    def is_running(self, instance_id: str) -> bool:
        return instance_id in self._tokens

    async def shutdown(self) -> None:
        self._tokens.clear()

    def accepts(self, instance_id: str, token: str) -> bool:
        expected = self._tokens.get(instance_id)
        return expected is not None and bool(token) and hmac.compare_digest(token.encode(), expected.encode())
