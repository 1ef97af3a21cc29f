"""A minimal keep-alive HTTP/1.1 GET client: the browser's part of path (a), at the cost of a browser.

A browser's HTTP stack is native code; httpx costs 1–2 ms of Python per request
on the bench machine, which would be charged to the extension if it played the
browser. This client sends one GET at a time on one connection, reads the
status line, the headers and a Content-Length body, and parses the JSON, which
is what the JupyterLab front end does with every answer. Like JupyterLab in a
browser, it logs in once (with the token) and then sends the login cookie.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any


class RawClient:
    def __init__(self, host: str, port: int, headers: dict[str, str]) -> None:
        self.host, self.port = host, port
        self._head = "".join(
            f"{name}: {value}\r\n" for name, value in {"Host": f"{host}:{port}", **headers}.items()
        )
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._logged_in = False

    async def get(self, path: str) -> Any:
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        assert self._reader is not None
        self._writer.write(f"GET {path} HTTP/1.1\r\n{self._head}\r\n".encode())
        status_line = await self._reader.readline()
        status = int(status_line.split()[1])
        length, cookies = 0, []
        while (line := await self._reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "set-cookie" and not self._logged_in:
                cookies.append(value.strip().split(";", 1)[0])
        body = await self._reader.readexactly(length)
        if cookies and not self._logged_in:  # from now on the cookie, not the token, as a browser does
            head = [h for h in self._head.split("\r\n") if h and not h.startswith("Authorization:")]
            self._head = "".join(f"{h}\r\n" for h in [*head, f"Cookie: {'; '.join(cookies)}"])
            self._logged_in = True
        if status != 200:
            raise RuntimeError(f"GET {path}: HTTP {status}: {body[:200]!r}")
        return json.loads(body)

    async def aclose(self) -> None:
        if self._writer is not None:
            self._writer.close()
            await self._writer.wait_closed()
