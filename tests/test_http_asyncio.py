"""core.http_asyncio against real local servers: HTTP, TLS, timeouts, refused and dropped connections."""

from __future__ import annotations

import asyncio
import gzip
import socket
import ssl
import subprocess
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import httpcore
import httpx
import pytest

from jupyter_modelarts.core.http_asyncio import (
    AsyncioBackend,
    PooledTransport,
    default_client,
    pooled_transport,
)
from jupyter_modelarts.server.upstream import BoundedTransport

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]
LIMITS = httpx.Limits(max_connections=4)


@asynccontextmanager
async def serving(handler: Handler, tls: ssl.SSLContext | None = None) -> AsyncIterator[int]:
    """A real server on 127.0.0.1; yields its port."""
    server = await asyncio.start_server(handler, "127.0.0.1", 0, ssl=tls)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()


async def read_request(reader: asyncio.StreamReader) -> bytes:
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    return await reader.readexactly(length) if length else b""


def answer(body: bytes) -> bytes:
    return b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (
        len(body),
        body,
    )


class KeepAlive:
    """Answers every request on a connection with how many connections it has seen and the request body."""

    def __init__(self) -> None:
        self.connections = 0

    async def __call__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while True:
                body = await read_request(reader)
                writer.write(answer(b'{"connection": %d, "echo": "%s"}' % (self.connections, body)))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost, made with the openssl CLI."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def tls_server_context(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return context


@pytest.mark.asyncio
async def test_plain_http_answers_arrive_read_and_connections_are_reused() -> None:
    server = KeepAlive()
    async with serving(server) as port, httpx.AsyncClient(transport=PooledTransport(LIMITS)) as client:
        first = await client.post(f"http://127.0.0.1:{port}/a", content=b"one")
        second = await client.get(f"http://127.0.0.1:{port}/b")
    assert first.json() == {"connection": 1, "echo": "one"}
    assert second.json() == {"connection": 1, "echo": ""}  # the same connection, back from the pool
    assert server.connections == 1


@pytest.mark.asyncio
async def test_the_transport_hands_back_bodies_already_read() -> None:
    transport = PooledTransport(LIMITS)
    async with serving(KeepAlive()) as port:
        request = httpx.Request("GET", f"http://127.0.0.1:{port}/", extensions={"timeout": {}})
        response = await transport.handle_async_request(request)
        await transport.aclose()
    assert isinstance(response.stream, httpx.ByteStream)  # in memory: nothing left to release
    assert (await response.aread()).startswith(b'{"connection": 1')


@pytest.mark.asyncio
@pytest.mark.parametrize("framing", ["content-length", "chunked"])
async def test_compressed_answers_are_decoded_whatever_their_framing(framing: str) -> None:
    packed = gzip.compress(b'{"compressed": true}')
    if framing == "chunked":
        head, payload = b"Transfer-Encoding: chunked", b"%x\r\n%b\r\n0\r\n\r\n" % (len(packed), packed)
    else:
        head, payload = b"Content-Length: %d" % len(packed), packed

    async def zipped(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n%b\r\n\r\n%b" % (head, payload))
        await writer.drain()
        await reader.read()

    async with serving(zipped) as port, httpx.AsyncClient(transport=PooledTransport(LIMITS)) as client:
        response = await client.get(f"http://127.0.0.1:{port}/")
    assert response.json() == {"compressed": True}
    assert ("content-length" in response.headers) == (framing == "content-length")  # none invented


@pytest.mark.asyncio
async def test_https_with_a_trusted_certificate_works_and_an_untrusted_one_is_refused(
    certificate: tuple[Path, Path],
) -> None:
    server = KeepAlive()
    trusting = ssl.create_default_context(cafile=str(certificate[0]))
    async with serving(server, tls_server_context(certificate)) as port:
        url = f"https://localhost:{port}/secure"
        async with httpx.AsyncClient(transport=PooledTransport(LIMITS, verify=trusting)) as client:
            assert (await client.get(url)).json()["connection"] == 1
            assert (await client.get(url)).json()["connection"] == 1
            assert client.is_closed is False
        async with httpx.AsyncClient(transport=PooledTransport(LIMITS)) as client:
            with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
                await client.get(url)


@pytest.mark.asyncio
async def test_the_stream_reports_addresses_and_its_tls_session(certificate: tuple[Path, Path]) -> None:
    trusting = ssl.create_default_context(cafile=str(certificate[0]))
    async with serving(KeepAlive(), tls_server_context(certificate)) as port:
        stream = await AsyncioBackend().connect_tcp("127.0.0.1", port, timeout=5.0)
        assert stream.get_extra_info("ssl_object") is None
        tls = await stream.start_tls(trusting, server_hostname="localhost", timeout=5.0)
        assert isinstance(tls.get_extra_info("ssl_object"), ssl.SSLObject)
        assert tls.get_extra_info("server_addr") == ("127.0.0.1", port)
        assert tls.get_extra_info("client_addr")[0] == "127.0.0.1"
        assert isinstance(tls.get_extra_info("socket").fileno(), int)
        assert tls.get_extra_info("is_readable") is False  # idle and open
        assert tls.get_extra_info("no such thing") is None
        await tls.write(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", timeout=5.0)
        assert (await tls.read(65536, timeout=5.0)).startswith(b"HTTP/1.1 200 OK")
        await tls.aclose()


@pytest.mark.asyncio
async def test_an_idle_connection_the_server_dropped_is_not_reused() -> None:
    dropped = asyncio.Event()
    connections = 0

    async def one_answer_per_connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal connections
        connections += 1
        await read_request(reader)
        writer.write(answer(b'{"ok": true}'))  # keep-alive is implied, yet the server hangs up
        await writer.drain()
        writer.close()
        await writer.wait_closed()
        dropped.set()

    async with (
        serving(one_answer_per_connection) as port,
        httpx.AsyncClient(transport=PooledTransport(LIMITS)) as client,
    ):
        assert (await client.post(f"http://127.0.0.1:{port}/", content=b"x")).json() == {"ok": True}
        await dropped.wait()
        # A POST is not retried by httpcore: it only succeeds if the dead connection was noticed.
        assert (await client.post(f"http://127.0.0.1:{port}/", content=b"y")).json() == {"ok": True}
    assert connections == 2


@pytest.mark.asyncio
async def test_a_server_that_never_answers_gives_a_read_timeout() -> None:
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        await reader.read()  # until the client gives up

    async with serving(silent) as port, httpx.AsyncClient(transport=PooledTransport(LIMITS)) as client:
        with pytest.raises(httpx.ReadTimeout) as caught:
            await client.get(f"http://127.0.0.1:{port}/", timeout=httpx.Timeout(5.0, read=0.2))
    assert caught.value.request.url.path == "/"


@pytest.mark.asyncio
async def test_a_tls_handshake_that_never_completes_gives_a_connect_timeout() -> None:
    async def mute(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()  # accepts TCP, never speaks TLS

    async with serving(mute) as port, httpx.AsyncClient(transport=PooledTransport(LIMITS)) as client:
        with pytest.raises(httpx.ConnectTimeout):
            await client.get(f"https://127.0.0.1:{port}/", timeout=httpx.Timeout(5.0, connect=0.2))


@pytest.mark.asyncio
async def test_a_server_that_does_not_read_gives_a_write_timeout() -> None:
    async def deaf(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await asyncio.sleep(30)  # never reads: the client's send buffer fills up

    async with serving(deaf) as port:
        stream = await AsyncioBackend().connect_tcp("127.0.0.1", port, timeout=5.0)
        with pytest.raises(httpcore.WriteTimeout):
            await stream.write(b"x" * (64 * 1024 * 1024), timeout=0.2)
        await stream.aclose()


@pytest.mark.asyncio
async def test_a_refused_connection_is_a_connect_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nobody listens here once the socket is closed
    async with httpx.AsyncClient(transport=PooledTransport(LIMITS)) as client:
        with pytest.raises(httpx.ConnectError) as caught:
            await client.get(f"http://127.0.0.1:{port}/")
    assert caught.value.request.url.port == port


@pytest.mark.asyncio
async def test_an_answer_that_is_not_http_is_a_remote_protocol_error() -> None:
    async def garbage(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(b"this is not HTTP\r\n\r\n")
        writer.close()

    async with serving(garbage) as port, httpx.AsyncClient(transport=PooledTransport(LIMITS)) as client:
        with pytest.raises(httpx.RemoteProtocolError):
            await client.get(f"http://127.0.0.1:{port}/")


@pytest.mark.asyncio
async def test_the_upstream_queue_over_the_asyncio_pool_gives_every_slot_back() -> None:
    server = KeepAlive()
    transport = BoundedTransport(PooledTransport(httpx.Limits(max_connections=1)), 1)
    async with serving(server) as port, httpx.AsyncClient(transport=transport) as client:
        answers = await asyncio.gather(*(client.get(f"http://127.0.0.1:{port}/{n}") for n in range(5)))
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            dead = probe.getsockname()[1]
        with pytest.raises(httpx.ConnectError):
            await client.get(f"http://127.0.0.1:{dead}/")
        assert (await client.get(f"http://127.0.0.1:{port}/again")).status_code == 200
    # one connection at a time: all five on the first; the failed one took its place in the pool
    assert [a.json()["connection"] for a in answers] == [1] * 5 and server.connections == 2


@pytest.mark.asyncio
async def test_the_upstream_queue_reads_a_streamed_body_inside_its_slot() -> None:
    server = KeepAlive()
    transport = BoundedTransport(httpx.AsyncHTTPTransport(limits=httpx.Limits(max_connections=1)), 1)
    async with serving(server) as port, httpx.AsyncClient(transport=transport) as client:
        answers = [await client.post(f"http://127.0.0.1:{port}/", content=b"%d" % n) for n in range(3)]
    assert [a.json()["echo"] for a in answers] == ["0", "1", "2"] and server.connections == 1


def test_a_proxy_in_the_environment_leaves_the_route_to_httpx(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    assert isinstance(pooled_transport(LIMITS), PooledTransport)
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    assert pooled_transport(LIMITS) is None
    client = default_client(3)  # httpx's own pool, which routes through the proxy
    assert not isinstance(client._transport, PooledTransport)  # which pool was chosen


@pytest.mark.asyncio
async def test_the_default_client_talks_through_the_asyncio_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    server = KeepAlive()
    async with serving(server) as port, default_client(2) as client:
        assert isinstance(client._transport, PooledTransport)  # which pool was chosen
        assert (await client.post(f"http://127.0.0.1:{port}/", content=b"hi")).json()["echo"] == "hi"
