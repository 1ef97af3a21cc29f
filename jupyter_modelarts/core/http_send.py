"""Putting one prepared request on the wire with httpx, at its transport layer.

``httpx.AsyncClient.send`` wraps every request in machinery our requests never
use: an auth flow, redirect handling, event hooks, cookie extraction into a jar
that is never sent back (requests are built here, not by the client), a
response-stream wrapper and an INFO log line. Measured on the bench machine
that costs about 0.5 ms of CPU per call, a quarter of a whole signed call
(docs/benchmarks.md). So, when the client has none of those features switched
on, :class:`Sender` hands the request to the transport the client itself would
pick for the endpoint (its connection pool, or the proxy its environment asks
for) and reads the body exactly as the client would. A client configured with
auth, event hooks or redirects keeps the full ``send``, so nothing a caller
asked for is skipped.

Parsing a URL is the other per-call cost worth removing (≈ 50 µs each, mostly
percent-encoding checks): the targets a client calls repeat (the front end
polls the same notebooks), and ``httpx.URL`` is immutable, so parsed URLs are
kept in a small cache.
"""

from __future__ import annotations

import logging

import httpx

# AsyncClient.send logs every request on this logger at INFO; the direct path keeps that line
# (a deployment may collect it), at the cost of one level check when nobody listens.
_httpx_log = logging.getLogger("httpx")

# Distinct request targets remembered; when full, the cache starts over (no LRU bookkeeping per call).
URL_CACHE_SIZE = 512


class Sender:
    """Sends requests to one origin through ``client`` (shared, concurrency-safe)."""

    def __init__(self, client: httpx.AsyncClient, origin: str) -> None:
        self._client = client
        self._origin = origin
        # Chosen at the first request, where the client would choose it (all targets share the origin).
        self._transport: httpx.AsyncBaseTransport | None = None
        self._chosen = False
        self._urls: dict[str, httpx.URL] = {}

    @property
    def direct(self) -> bool:
        """Whether requests skip ``AsyncClient.send`` (False when the client has auth, hooks or redirects)."""
        return self._transport is not None

    def url(self, target: str) -> httpx.URL:
        """The URL of ``target`` (path and query, already percent-encoded) on the origin."""
        url = self._urls.get(target)
        if url is None:
            if len(self._urls) >= URL_CACHE_SIZE:
                self._urls.clear()
            url = self._urls[target] = httpx.URL(self._origin + target)
        return url

    async def send(self, request: httpx.Request) -> httpx.Response:
        """The answer to ``request`` with its body read (the connection is back in the pool)."""
        if not self._chosen:
            self._transport, self._chosen = _direct_transport(self._client, request.url), True
        if self._transport is None:
            return await self._client.send(request)
        if self._client.is_closed:  # as AsyncClient.send: a closed client sends nothing
            raise RuntimeError("Cannot send a request, as the client has been closed.")
        response = await self._transport.handle_async_request(request)
        response.request = request
        if _httpx_log.isEnabledFor(logging.INFO):
            _httpx_log.info(
                'HTTP Request: %s %s "%s %d %s"', request.method, request.url, response.http_version,
                response.status_code, response.reason_phrase,
            )  # fmt: skip
        try:
            await response.aread()  # closes the stream at its end, which releases the connection
        except BaseException:
            await response.aclose()
            raise
        return response


def _direct_transport(client: httpx.AsyncClient, url: httpx.URL) -> httpx.AsyncBaseTransport | None:
    """The transport ``client.send`` would use for ``url``, or None when ``send`` does more than use it."""
    if client.auth is not None or client.follow_redirects or any(client.event_hooks.values()):
        return None
    # httpx's own choice between its pool and the mounts (proxies from the environment, NO_PROXY...),
    # so the direct path reaches the endpoint the same way; a future httpx without it keeps ``send``.
    pick = getattr(client, "_transport_for_url", None)
    if pick is None:
        return None
    transport = pick(url)
    return transport if isinstance(transport, httpx.AsyncBaseTransport) else None
