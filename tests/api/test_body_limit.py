"""Request bodies over the API's limit are refused with 413 before they are read, over real HTTP."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from urllib.parse import urlsplit

import httpx

from bobhub.api.body_limit import MAX_REQUEST_BODY
from bobhub.api.server import ThreadedServer
from tests.api.conftest import SyncAccount, Synced

DETAIL = "the request body is larger than the 8 MB this API accepts"


async def raw_answer(server: ThreadedServer, head: str, body: bytes) -> tuple[int, dict[str, str]]:
    """Send `head` and only `body` (whatever the head announced), then read the answer's status and JSON."""
    address = urlsplit(server.base_url)
    reader, writer = await asyncio.open_connection(address.hostname, address.port)
    try:
        writer.write(head.encode() + b"\r\n" + body)
        await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), timeout=30)
        headers: dict[str, str] = {}
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode().partition(":")
            headers[name.strip().lower()] = value.strip()
        content = await reader.readexactly(int(headers["content-length"]))
    finally:
        writer.close()
    return int(status_line.split()[1]), json.loads(content)


class TestBodyLimit:
    async def test_an_announced_body_over_the_limit_is_refused_unread(
        self, api_server: ThreadedServer, sync_account: SyncAccount
    ) -> None:
        synced: Synced = await sync_account()
        headers = "".join(f"{name}: {value}\r\n" for name, value in synced.headers.items())
        head = (
            "POST /v1/documents HTTP/1.1\r\n"
            f"Host: 127.0.0.1\r\n{headers}"
            "Content-Type: application/json\r\n"
            f"Content-Length: {50 * MAX_REQUEST_BODY}\r\n"
        )
        # 400 MB are announced and 1 kB is sent: the answer comes without waiting for the rest.
        status, body = await raw_answer(api_server, head, b"{" + b" " * 1023)
        assert status == 413
        assert body == {"error": "PayloadTooLarge", "detail": DETAIL}

    async def test_a_streamed_body_is_cut_off_at_the_limit_and_nothing_is_sent(
        self, api: httpx.AsyncClient, sync_account: SyncAccount, admin: httpx.Client
    ) -> None:
        synced = await sync_account()
        before = admin.get("/stats").json()["calls"]

        async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: chunked transfer encoding
            yield b'{"employee_id": "1", "folder": "shared", "name": "big.pdf", "content": "'
            for _ in range(12):
                yield b"A" * (1024 * 1024)
            yield b'"}'

        response = await api.post(
            "/v1/passthrough/people/search",
            content=chunks(),
            headers={**synced.headers, "Content-Type": "application/json"},
        )
        assert response.status_code == 413
        assert response.json() == {"error": "PayloadTooLarge", "detail": DETAIL}
        assert admin.get("/stats").json()["calls"] == before

    async def test_a_body_under_the_limit_still_reaches_the_route(
        self, api: httpx.AsyncClient, sync_account: SyncAccount
    ) -> None:
        synced = await sync_account()
        padding = " " * (MAX_REQUEST_BODY - 1024 * 1024)
        response = await api.post(
            "/v1/passthrough/people/search",
            content=b'{"fields": ["root.id"]' + padding.encode() + b"}",
            headers={**synced.headers, "Content-Type": "application/json"},
        )
        assert response.status_code == 200
        assert response.headers["bobhub-source"] == "hibob"
