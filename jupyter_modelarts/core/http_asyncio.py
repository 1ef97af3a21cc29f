# ruff: noqa: ASYNC109 - httpcore's backend interface takes ``timeout`` arguments; they are honoured
"""httpx's connection pool on plain asyncio streams, for the clients this package makes itself.

httpcore talks to sockets through a "network backend"; its default under
asyncio is anyio, whose generality costs CPU on every call: each read and
write goes through anyio's stream wrappers and cancel scopes, and every
time the pool checks whether an idle connection is still usable it asks
``get_extra_info``, which anyio answers by building a dictionary of all its
typed attributes. On the proxy's hot path that was about a sixth of the
process's CPU (docs/benchmarks.md). :class:`AsyncioBackend` gives httpcore
the same interface on asyncio's own streams (TLS included, for the real
cloud's https endpoints), with httpcore's timeout and error types so httpx
and core.http_failures see exactly what they saw before.

:func:`pooled_transport` puts that pool under an httpx transport that also
reads each answer's body before returning it: every caller of these clients
reads the whole (small, JSON) body anyway, and a body already in memory
spares httpx its per-chunk stream wrappers.
"""

from __future__ import annotations

import asyncio
import select
import socket
import ssl
import urllib.request
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

# httpcore's socket option tuples ((level, name, value) or (level, name, None, length)).
_SocketOption = tuple[Any, ...]

# httpcore's errors and the httpx errors they become; the most specific class in an error's MRO wins.
_TO_HTTPX: dict[type[Exception], type[httpx.HTTPError]] = {
    httpcore.ConnectTimeout: httpx.ConnectTimeout,
    httpcore.ReadTimeout: httpx.ReadTimeout,
    httpcore.WriteTimeout: httpx.WriteTimeout,
    httpcore.PoolTimeout: httpx.PoolTimeout,
    httpcore.TimeoutException: httpx.TimeoutException,
    httpcore.ConnectError: httpx.ConnectError,
    httpcore.ReadError: httpx.ReadError,
    httpcore.WriteError: httpx.WriteError,
    httpcore.NetworkError: httpx.NetworkError,
    httpcore.ProxyError: httpx.ProxyError,
    httpcore.UnsupportedProtocol: httpx.UnsupportedProtocol,
    httpcore.LocalProtocolError: httpx.LocalProtocolError,
    httpcore.RemoteProtocolError: httpx.RemoteProtocolError,
    httpcore.ProtocolError: httpx.ProtocolError,
}


class AsyncioStream(httpcore.AsyncNetworkStream):
    """One connection as httpcore wants it: reads, writes, TLS upgrade and the facts the pool asks for."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader = reader
        self._writer = writer

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            async with asyncio.timeout(timeout):  # None schedules nothing
                return await self._reader.read(max_bytes)
        except TimeoutError:
            raise httpcore.ReadTimeout(f"no data within {timeout} s") from None
        except OSError as exc:  # ConnectionResetError, ssl.SSLError...
            raise httpcore.ReadError(str(exc) or type(exc).__name__) from exc

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        try:
            self._writer.write(buffer)
            if self._writer.transport.get_write_buffer_size():
                async with asyncio.timeout(timeout):
                    await self._writer.drain()
            else:  # all handed to the kernel (a request's usual case): no wait, so no timer to arm
                await self._writer.drain()  # still raises if the connection was lost
        except TimeoutError:
            raise httpcore.WriteTimeout(f"could not send within {timeout} s") from None
        except OSError as exc:
            raise httpcore.WriteError(str(exc) or type(exc).__name__) from exc

    async def aclose(self) -> None:
        # Not waiting for the close to complete: a TLS peer that never answers the close_notify
        # would hold this call for asyncio's whole shutdown timeout.
        self._writer.close()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            async with asyncio.timeout(timeout):
                await self._writer.start_tls(ssl_context, server_hostname=server_hostname)
        except TimeoutError:
            await self.aclose()
            raise httpcore.ConnectTimeout(f"TLS handshake not done within {timeout} s") from None
        except OSError as exc:  # ssl.SSLCertVerificationError and friends are OSErrors
            await self.aclose()
            raise httpcore.ConnectError(str(exc) or type(exc).__name__) from exc
        return self  # the writer now sends through TLS and the reader receives the decrypted bytes

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":
            return self._is_readable()
        if info == "client_addr":
            return self._writer.get_extra_info("sockname")
        if info == "server_addr":
            return self._writer.get_extra_info("peername")
        if info in ("ssl_object", "socket"):
            return self._writer.get_extra_info(info)
        return None

    def _is_readable(self) -> bool:
        """Whether an idle connection has something to read: the server closed it (or misbehaved)."""
        reader = self._reader
        if reader.at_eof() or reader.exception() is not None or self._writer.transport.is_closing():
            return True
        # asyncio notices a close only when the loop next polls; ask the socket itself, as httpcore
        # does, so a request is not sent down a connection the server has already dropped.
        sock = self._writer.get_extra_info("socket")
        if sock is None or sock.fileno() < 0:
            return True
        return _socket_readable(sock.fileno())


def _socket_readable(fd: int) -> bool:
    if hasattr(select, "poll"):
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        return bool(poller.poll(0))
    return bool(select.select([fd], [], [], 0)[0])  # Windows has no poll


class AsyncioBackend(httpcore.AsyncNetworkBackend):
    """Opens connections with asyncio's streams; errors and timeouts are httpcore's."""

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[_SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        local = None if local_address is None else (local_address, 0)
        try:
            async with asyncio.timeout(timeout):
                reader, writer = await asyncio.open_connection(host, port, local_addr=local)
        except TimeoutError:
            raise httpcore.ConnectTimeout(f"no connection to {host}:{port} within {timeout} s") from None
        except OSError as exc:  # refused, unreachable, name not resolved (socket.gaierror)
            raise httpcore.ConnectError(str(exc) or type(exc).__name__) from exc
        _apply(writer, socket_options)
        return AsyncioStream(reader, writer)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[_SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            async with asyncio.timeout(timeout):
                reader, writer = await asyncio.open_unix_connection(path)
        except TimeoutError:
            raise httpcore.ConnectTimeout(f"no connection to {path} within {timeout} s") from None
        except OSError as exc:
            raise httpcore.ConnectError(str(exc) or type(exc).__name__) from exc
        _apply(writer, socket_options)
        return AsyncioStream(reader, writer)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


def _apply(writer: asyncio.StreamWriter, options: Iterable[_SocketOption] | None) -> None:
    sock: socket.socket | None = writer.get_extra_info("socket")
    for option in options or ():
        if sock is not None:
            sock.setsockopt(*option)


class PooledTransport(httpx.AsyncBaseTransport):
    """httpx's transport contract over an httpcore pool on :class:`AsyncioBackend`; bodies come back read."""

    def __init__(self, limits: httpx.Limits, *, verify: ssl.SSLContext | bool = True) -> None:
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=verify),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=AsyncioBackend(),
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        assert isinstance(request.stream, httpx.AsyncByteStream)
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        try:
            response = await self._pool.handle_async_request(core_request)
            try:
                body = await response.aread()
            finally:
                await response.aclose()  # the connection goes back to the pool
        except Exception as exc:
            mapped = _as_httpx(exc, request)
            if mapped is None:
                raise  # not an httpcore error (a bug, say): raised as it is
            raise mapped from exc
        if any(name.lower() == b"content-length" for name, _ in response.headers):
            # Given as content, the body is decoded (Content-Encoding) here, once, so the caller's
            # aread() has nothing left to do; httpx would add a Content-Length header if there were none.
            return httpx.Response(
                response.status, headers=response.headers, content=body, extensions=response.extensions
            )
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=httpx.ByteStream(body),  # decoded by the caller's aread(), as for any answer
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        await self._pool.aclose()


def _as_httpx(exc: Exception, request: httpx.Request) -> httpx.HTTPError | None:
    for cls in type(exc).__mro__:
        target = _TO_HTTPX.get(cls)
        if target is not None:
            error = target(str(exc))
            error.request = request  # as httpx's client would attach it
            return error
    return None


def pooled_transport(limits: httpx.Limits) -> httpx.AsyncBaseTransport | None:
    """:class:`PooledTransport`, or None when the environment names a proxy (httpx then picks the route)."""
    if any(scheme in ("http", "https", "all") for scheme in urllib.request.getproxies()):
        return None
    return PooledTransport(limits)


def default_client(max_connections: int) -> httpx.AsyncClient:
    """The httpx client ModelArtsClient makes when it is given none."""
    limits = httpx.Limits(max_connections=max_connections)
    return httpx.AsyncClient(limits=limits, transport=pooled_transport(limits), follow_redirects=False)
