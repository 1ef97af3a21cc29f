"""The HTTP client under the server's ModelArtsClient: few connections, and a plain queue in front.

httpcore's connection pool re-examines every connection for every waiting
request on every request start and end (``_assign_requests_to_connections``,
which asks each socket whether it is readable). With 32 requests in flight
that bookkeeping doubled the proxy's CPU per request (docs/benchmarks.md).
So the server keeps a small pool and lets requests beyond it wait here, in a
FIFO semaphore that costs nothing per waiter. A request waits for a slot at
most the pool timeout httpx gives it (``c.ModelArts.request_timeout``), then
fails the way a full pool fails (``httpx.PoolTimeout``). A slot is held until the
answer's body has been read, so a response comes back with its body in memory
(ModelArts' answers are small JSON documents).
"""

from __future__ import annotations

import asyncio

import httpx

from jupyter_modelarts.core.http_asyncio import PooledTransport

# Requests in flight to ModelArts per Jupyter server. A single user's server needs few;
# more adds pool bookkeeping, not throughput (the proxy runs on one core).
UPSTREAM_SLOTS = 8


class BoundedTransport(httpx.AsyncBaseTransport):
    """At most ``slots`` requests inside ``inner`` at once; the rest wait in arrival order."""

    def __init__(self, inner: httpx.AsyncBaseTransport, slots: int) -> None:
        self._inner = inner
        self._slots = asyncio.Semaphore(slots)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._slots.locked():
            pool_timeout = request.extensions.get("timeout", {}).get("pool")
            try:
                async with asyncio.timeout(pool_timeout):
                    await self._slots.acquire()
            except TimeoutError:
                raise httpx.PoolTimeout("no free upstream slot in time", request=request) from None
        else:
            # A free slot is taken at once; asyncio.wait_for would start a task for it (≈ 0.1 ms).
            await self._slots.acquire()
        try:
            response = await self._inner.handle_async_request(request)
            # The body is read here, inside the slot: the caller (core.http_send) reads every body
            # anyway, and handing back bytes spares a per-chunk generator and a close chain per call.
            stream = response.stream
            if isinstance(stream, httpx.ByteStream):  # already in memory (PooledTransport)
                return response
            assert isinstance(stream, httpx.AsyncByteStream)
            try:
                body = b"".join([chunk async for chunk in stream])
            finally:
                await stream.aclose()  # gives the connection back to the pool
        finally:
            self._slots.release()
        return httpx.Response(
            status_code=response.status_code,
            headers=response.headers,
            stream=httpx.ByteStream(body),  # still encoded: Response.aread decodes it as usual
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        await self._inner.aclose()


def upstream_http_client(slots: int = UPSTREAM_SLOTS) -> httpx.AsyncClient:
    """An httpx client for ModelArtsClient(http_client=...): ``slots`` connections, a queue in front."""
    limits = httpx.Limits(max_connections=slots, max_keepalive_connections=slots)
    transport = BoundedTransport(PooledTransport(limits), slots)
    return httpx.AsyncClient(transport=transport, follow_redirects=False)
