"""A small signed HTTP client for driving the simulator from tests and scripts, and test fixtures.

Not the product's ModelArts client (``core/``): it speaks raw HTTP so tests can also send
what a good client never would (bad signatures, skewed dates, odd headers).
"""

from __future__ import annotations

import contextlib
import json as jsonlib
import time
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any, cast
from urllib.parse import urlsplit

import httpx

from jupyter_modelarts.core.auth.signer import sign
from jupyter_modelarts.simulator.server import SimulatorThread

JsonBody = dict[str, Any] | list[Any]


class SimClient:
    def __init__(
        self,
        endpoint: str,
        access_key: str,
        secret_key: str,
        project_id: str,
        *,
        security_token: str | None = None,
        timeout: float = 30.0,
    ) -> None:
        self.endpoint = endpoint.rstrip("/")
        self.project_id = project_id
        self._access_key = access_key
        self._secret_key = secret_key
        self._security_token = security_token
        # trust_env=False: proxies configured for the internet must not see loopback calls.
        self._http = httpx.Client(timeout=timeout, trust_env=False)

    def __repr__(self) -> str:
        return f"SimClient({self.endpoint!r}, project_id={self.project_id!r})"

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> SimClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def request(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, Any] | Iterable[tuple[str, Any]] | None = None,
        json: JsonBody | None = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        signed: bool = True,
        secret_key: str | None = None,
        now: datetime | None = None,
        project_header: bool = True,
    ) -> httpx.Response:
        """Send a request signed like the SDK does (unless ``signed=False``)."""
        pairs = [(str(k), str(v)) for k, v in (query.items() if isinstance(query, Mapping) else query or [])]
        body = content if content is not None else (jsonlib.dumps(json).encode() if json is not None else b"")
        sent: dict[str, str] = {"Content-Type": "application/json"}
        if project_header:
            sent["X-Project-Id"] = self.project_id
        if self._security_token:
            sent["X-Security-Token"] = self._security_token
        sent.update(headers or {})
        host = urlsplit(self.endpoint).netloc
        if signed:
            parts = sign(
                method=method,
                host=host,
                path=path,
                query=pairs,
                headers=sent,
                body=body,
                access_key=self._access_key,
                secret_key=secret_key or self._secret_key,
                now=now,
            )
            sent, query_string = parts.headers, parts.query_string
        else:
            query_string = str(httpx.QueryParams([(key, value) for key, value in pairs]))
        url = self.endpoint + path + (f"?{query_string}" if query_string else "")
        return self._http.request(method, url, headers=sent, content=body)

    def api(self, method: str, subpath: str, **kwargs: Any) -> httpx.Response:
        """A ModelArts call under ``/v1/{project_id}``."""
        return self.request(method, f"/v1/{self.project_id}{subpath}", **kwargs)

    def _control(self, method: str, path: str, json: JsonBody | None = None) -> Any:
        response = self.request(method, f"/_sim/{path}", json=json, project_header=False)
        response.raise_for_status()
        return response.json()

    def info(self) -> dict[str, Any]:
        return cast("dict[str, Any]", self._control("GET", "info"))

    def advance_clock(self, milliseconds: int) -> dict[str, Any]:
        return cast("dict[str, Any]", self._control("POST", "clock", {"advance_ms": milliseconds}))

    def add_fault(self, **rule: Any) -> dict[str, Any]:
        return cast("dict[str, Any]", self._control("POST", "faults", rule)["faults"][0])

    def clear_faults(self) -> None:
        self._control("DELETE", "faults")

    def set_sold_out(self, flavor_id: str, sold_out: bool) -> None:
        self._control("PUT", f"flavors/{flavor_id}", {"sold_out": sold_out})

    def set_speed(self, speed: float) -> None:
        self._control("PUT", "speed", {"speed": speed})

    def fail_next(self, operation: str, reason: str | None = None) -> None:
        self._control("POST", "fail-next", {"operation": operation, **({"reason": reason} if reason else {})})

    def history(self, instance_id: str) -> list[dict[str, Any]]:
        return cast(
            "list[dict[str, Any]]", self._control("GET", f"instances/{instance_id}/history")["history"]
        )

    def wait_for_history(
        self, instance_id: str, status: str, deadline_s: float = 120.0
    ) -> list[dict[str, Any]]:
        """Poll the recorded history until its last entry has ``status`` (e.g. DELETED); the history."""
        give_up = time.monotonic() + deadline_s
        while True:
            history = self.history(instance_id)
            if history and history[-1]["status"] == status:
                return history
            if time.monotonic() > give_up:
                raise TimeoutError(f"instance {instance_id} did not reach {status}")
            time.sleep(0.02)

    def wait_for_status(self, notebook_id: str, *wanted: str, deadline_s: float = 120.0) -> dict[str, Any]:
        """Poll ``GET /notebooks/{id}`` until its status is one of ``wanted``; the notebook.

        The deadline only stops a broken run from hanging; it is not a speed assertion.
        """
        give_up = time.monotonic() + deadline_s
        while True:
            response = self.api("GET", f"/notebooks/{notebook_id}")
            response.raise_for_status()
            notebook: dict[str, Any] = response.json()
            if notebook["status"] in wanted:
                return notebook
            if time.monotonic() > give_up:
                raise TimeoutError(f"notebook {notebook_id} stayed {notebook['status']}, expected {wanted}")
            time.sleep(0.02)


TEST_ACCESS_KEY = "SIMTESTACCESSKEY0001"
TEST_SECRET_KEY = "simtestsecretkey0000000000000000000000001"
TEST_PROJECT_ID = "0123456789abcdef0123456789abcdef"


@contextlib.contextmanager
def running_simulator(**options: Any) -> Iterator[tuple[SimulatorThread, SimClient]]:
    """A simulator in a background thread with test credentials, and a client signed for it."""
    with (
        SimulatorThread(TEST_ACCESS_KEY, TEST_SECRET_KEY, TEST_PROJECT_ID, **options) as thread,
        SimClient(thread.endpoint, TEST_ACCESS_KEY, TEST_SECRET_KEY, TEST_PROJECT_ID) as client,
    ):
        yield thread, client


CPU_IMAGE_ID = "e1a07296-22a8-4f05-8bc8-e936c8e54090"
GPU_IMAGE_ID = "278e88d1-5b71-4766-8502-b3ba72e824d9"
ASCEND_IMAGE_ID = "59a6e9f5-93c0-44dd-85b0-82f390c5d53a"


def notebook_request(name: str = "nb-test", **overrides: Any) -> dict[str, Any]:
    """A valid create body (CPU flavor, CPU image, 5 GB EVS); ``overrides`` replace top-level fields."""
    body: dict[str, Any] = {
        "name": name,
        "flavor": "modelarts.vm.cpu.2u",
        "image_id": CPU_IMAGE_ID,
        "volume": {"category": "EVS", "ownership": "MANAGED", "capacity": 5},
    }
    body.update(overrides)
    return body


def create_running(
    client: SimClient, name: str = "nb-test", *, deadline_s: float = 120.0, **overrides: Any
) -> dict[str, Any]:
    """Create a notebook and wait until it is RUNNING; the notebook as GET returns it."""
    response = client.api("POST", "/notebooks", json=notebook_request(name, **overrides))
    response.raise_for_status()
    return client.wait_for_status(response.json()["id"], "RUNNING", deadline_s=deadline_s)
