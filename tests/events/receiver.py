"""A webhook endpoint for tests, served over real HTTP: it records each request and answers as told."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bobhub.serving import BackgroundServer


@dataclass(frozen=True)
class Received:
    """One request the receiver got: its headers (lower-case names), raw body and arrival time."""

    headers: dict[str, str]
    body: bytes
    at: float

    @property
    def event(self) -> dict[str, Any]:
        parsed: dict[str, Any] = json.loads(self.body)
        return parsed

    @property
    def type(self) -> str:
        return self.headers["bobhub-event-type"]


@dataclass
class Receiver:
    """Answers the queued statuses first and 200 after them, each after `delay` seconds."""

    answers: list[int] = field(default_factory=list)
    delay: float = 0.0
    requests: list[Received] = field(default_factory=list)
    base_url: str = ""

    @property
    def url(self) -> str:
        return f"{self.base_url}/hook"

    def app(self) -> Starlette:
        async def hook(request: Request) -> Response:
            self.requests.append(Received(dict(request.headers), await request.body(), time.monotonic()))
            await asyncio.sleep(self.delay)
            return Response(status_code=self.answers.pop(0) if self.answers else 200)

        return Starlette(routes=[Route("/hook", hook, methods=["POST"])])

    def of_type(self, event_type: str) -> list[Received]:
        return [r for r in self.requests if r.type == event_type]


@contextmanager
def serving(receiver: Receiver) -> Iterator[Receiver]:
    server = BackgroundServer(receiver.app(), name="webhook-receiver").start()
    receiver.base_url = server.base_url
    try:
        yield receiver
    finally:
        server.stop()


async def eventually(check: Callable[[], bool], timeout: float = 15.0) -> None:
    """Wait until `check()` holds; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out waiting"
        await asyncio.sleep(0.05)


async def until(check: Callable[[], Awaitable[bool]], timeout: float = 15.0) -> None:
    """Wait until the awaited `check()` holds (e.g. a delivery log read over HTTP); fail after `timeout`."""
    deadline = time.monotonic() + timeout
    while not await check():
        assert time.monotonic() < deadline, "timed out waiting"
        await asyncio.sleep(0.05)
