"""Unit tests of core.http_send.Sender: the direct path to httpx's transport, and when it is not taken."""

from __future__ import annotations

import logging

import httpx
import pytest

from jupyter_modelarts.core import http_send
from jupyter_modelarts.core.http_send import Sender

ORIGIN = "https://modelarts.example.com"


def recorder(seen: list[str], name: str, status: int = 200) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(name)
        return httpx.Response(status, json={"via": name}, headers={"Set-Cookie": "sticky=1"})

    return httpx.MockTransport(handle)


async def send(sender: Sender, target: str = "/v1/p/notebooks") -> httpx.Response:
    return await sender.send(httpx.Request("GET", sender.url(target)))


@pytest.mark.asyncio
async def test_a_plain_client_is_bypassed_and_the_body_is_read() -> None:
    seen: list[str] = []
    async with httpx.AsyncClient(transport=recorder(seen, "pool")) as client:
        sender = Sender(client, ORIGIN)
        response = await send(sender)
        assert sender.direct and seen == ["pool"]
        assert response.is_closed and response.json() == {"via": "pool"}
        assert response.request.url == httpx.URL(ORIGIN + "/v1/p/notebooks")
        assert not client.cookies  # nothing a client-level send would have done happened


@pytest.mark.asyncio
async def test_the_transport_is_the_one_the_client_would_pick_for_the_endpoint() -> None:
    # Mounts are how httpx applies HTTPS_PROXY / NO_PROXY from the environment.
    seen: list[str] = []
    mounts = {"https://modelarts.example.com": recorder(seen, "proxy"), "all://": recorder(seen, "other")}
    async with httpx.AsyncClient(transport=recorder(seen, "pool"), mounts=mounts) as client:
        await send(Sender(client, ORIGIN))
        await send(Sender(client, "https://elsewhere.example.com"))
    assert seen == ["proxy", "other"]


@pytest.mark.asyncio
async def test_the_client_proxy_from_the_environment_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.internal:3128")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    async with httpx.AsyncClient() as client:
        sender = Sender(client, ORIGIN)
        chosen = http_send._direct_transport(client, sender.url("/"))
        assert chosen is not None and chosen is not client._transport  # the proxy mount, as send() would
    monkeypatch.setenv("NO_PROXY", "modelarts.example.com")
    async with httpx.AsyncClient() as client:
        assert http_send._direct_transport(client, httpx.URL(ORIGIN)) is client._transport


@pytest.mark.parametrize("feature", ["event hooks", "auth", "redirects"])
@pytest.mark.asyncio
async def test_a_client_with_features_keeps_its_full_send(feature: str) -> None:
    seen: list[str] = []
    hooked: list[int] = []

    async def hook(response: httpx.Response) -> None:
        hooked.append(response.status_code)

    options = {
        "event hooks": {"event_hooks": {"response": [hook]}},
        "auth": {"auth": ("user", "password")},
        "redirects": {"follow_redirects": True},
    }[feature]
    async with httpx.AsyncClient(transport=recorder(seen, "pool"), **options) as client:  # type: ignore[arg-type]
        sender = Sender(client, ORIGIN)
        response = await send(sender)
        assert not sender.direct and response.json() == {"via": "pool"}
    assert hooked == ([200] if feature == "event hooks" else [])


@pytest.mark.asyncio
async def test_a_closed_client_sends_nothing() -> None:
    seen: list[str] = []
    client = httpx.AsyncClient(transport=recorder(seen, "pool"))
    sender = Sender(client, ORIGIN)
    await send(sender)
    await client.aclose()
    with pytest.raises(RuntimeError, match="client has been closed"):
        await send(sender)
    assert seen == ["pool"]


@pytest.mark.asyncio
async def test_a_failed_read_closes_the_response() -> None:
    closed: list[bool] = []

    class Broken(httpx.AsyncByteStream):
        async def __aiter__(self):  # type: ignore[no-untyped-def]
            yield b'{"half'
            raise httpx.ReadError("connection reset")

        async def aclose(self) -> None:
            closed.append(True)

    async with httpx.AsyncClient(
        transport=httpx.MockTransport(lambda r: httpx.Response(200, stream=Broken()))
    ) as c:
        with pytest.raises(httpx.ReadError):
            await send(Sender(c, ORIGIN))
    assert closed  # the connection is given back, as AsyncClient.send does


@pytest.mark.asyncio
async def test_the_httpx_request_line_is_still_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="httpx")
    async with httpx.AsyncClient(transport=recorder([], "pool", status=404)) as client:
        await send(Sender(client, ORIGIN))
    (record,) = [r for r in caplog.records if r.name == "httpx"]
    assert record.getMessage() == f'HTTP Request: GET {ORIGIN}/v1/p/notebooks "HTTP/1.1 404 Not Found"'


def test_urls_are_parsed_once_and_the_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(http_send, "URL_CACHE_SIZE", 3)
    sender = Sender(httpx.AsyncClient(), ORIGIN)
    first = sender.url("/v1/p/notebooks?limit=10")
    assert sender.url("/v1/p/notebooks?limit=10") is first
    assert str(first) == ORIGIN + "/v1/p/notebooks?limit=10"
    for n in range(5):
        sender.url(f"/v1/p/notebooks/{n}")
    assert len(sender._urls) <= 3
    assert sender.url("/v1/p/notebooks?limit=10") == first  # parsed again, the same URL
