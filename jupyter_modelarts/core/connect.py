"""Building ModelArts clients: from ``c.ModelArts`` settings or explicit arguments, one per configuration.

A client holds a connection pool, so :func:`connect` returns the same client
for the same endpoint, credentials (by digest), project and transport settings:
the server extension and in-process magics share one. A client that was
closed, or whose event loop is gone, is replaced.
"""

from __future__ import annotations

import asyncio
import hashlib
import threading
from collections.abc import Mapping
from pathlib import Path

from jupyter_modelarts.core.auth.credentials import ResolvedCredentials
from jupyter_modelarts.core.auth.secrets import AkSkCredentials
from jupyter_modelarts.core.client import DEFAULT_RETRY, ModelArtsClient
from jupyter_modelarts.core.http import RetryPolicy
from jupyter_modelarts.core.settings import ModelArts

_lock = threading.Lock()
_clients: dict[tuple[object, ...], ModelArtsClient] = {}


def _fingerprint(resolved: ResolvedCredentials) -> str:
    creds = resolved.credentials
    if isinstance(creds, AkSkCredentials):
        parts = ["aksk", creds.access_key.get_secret_value(), creds.secret_key.get_secret_value()]
        parts.append(creds.security_token.get_secret_value() if creds.security_token else "")
    else:
        parts = ["token", creds.token.get_secret_value()]
    parts.append(creds.project_id or "")
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _usable(client: ModelArtsClient) -> bool:
    loop = client.event_loop
    return not client.closed and (loop is None or not loop.is_closed())


def connect(
    endpoint: str,
    credentials: ResolvedCredentials,
    *,
    project_id: str | None = None,
    timeout: float = 30.0,
    connect_timeout: float = 10.0,
    retry: RetryPolicy = DEFAULT_RETRY,
    max_connections: int = 20,
) -> ModelArtsClient:
    """The process's client for this configuration (created on first use)."""
    fingerprint = _fingerprint(credentials)  # a digest: the secrets themselves are never a key
    key = (
        endpoint.strip().rstrip("/"),
        fingerprint,
        project_id,
        timeout,
        connect_timeout,
        retry,
        max_connections,
    )
    with _lock:
        client = _clients.get(key)
        if client is None or not _usable(client):
            client = ModelArtsClient(
                endpoint,
                credentials,
                project_id=project_id,
                timeout=timeout,
                connect_timeout=connect_timeout,
                retry=retry,
                max_connections=max_connections,
            )
            _clients[key] = client
        return client


def retry_policy(settings: ModelArts) -> RetryPolicy:
    """``c.ModelArts.max_retries`` retries after the first attempt, backoff from ``retry_backoff``."""
    base = settings.retry_backoff
    return RetryPolicy(
        max_attempts=settings.max_retries + 1,
        base_delay=base,
        max_delay=max(DEFAULT_RETRY.max_delay, base * 8),
    )


def client_from_settings(
    settings: ModelArts, *, env: Mapping[str, str] | None = None, home: Path | None = None
) -> ModelArtsClient:
    """Resolve endpoint and credentials as ``c.ModelArts`` says; raise ConfigurationError if incomplete."""
    where = settings.resolved_endpoint(env)
    credentials = settings.resolved_credentials(env, home)
    return connect(
        where.url,
        credentials,
        timeout=settings.request_timeout,
        connect_timeout=settings.connect_timeout,
        retry=retry_policy(settings),
    )


async def aclose_clients() -> None:
    """Close the memoised clients that run on this loop (or none yet), e.g. when the server stops."""
    loop = asyncio.get_running_loop()
    with _lock:
        mine = {key: c for key, c in _clients.items() if c.event_loop in (None, loop)}
        for key in mine:
            del _clients[key]
    for client in mine.values():
        await client.aclose()
