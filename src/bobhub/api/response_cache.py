"""Whole answers to repeated reads of synced records, kept a short while and dropped by any write.

A customer's applications tend to ask the same page again and again (a dashboard, a poller, many workers
starting together). This middleware keeps the 200 answer of a record read for at most
`BOBHUB_API_CACHE_SECONDS` (1 s by default) under everything that decides it: the caller's key (as a SHA-256
digest), `X-Account-Id`, `Accept` (the org chart's CSV), the path and the query. An answer is served only
while this process has made no database write since it was computed (bobhub.store.writes), so a write-back, a
sync or a webhook refetch in this process is seen by the next read; writes made by another process (a worker,
a `bobhub sync` beside `bobhub serve`) are seen within the cache's age bound. A served copy says how old it is
in `Age`. Concurrent misses of one answer compute it once and share it.

Only the record reads are cached: never accounts, keys, the audit log, sync runs or passthrough, whose
answers must be current or come from HiBob.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections import OrderedDict
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bobhub.store.writes import WRITES

CACHED_PATHS = (
    "/v1/employees",
    "/v1/groups",
    "/v1/locations",
    "/v1/time-off/",
    "/v1/documents",
    "/v1/custom-fields",
    "/v1/org-chart",
)
MAX_BYTES = 64 * 1024 * 1024  # all answers together
MAX_ANSWER_BYTES = 8 * 1024 * 1024  # a page of 200 employees is about 1 MB, a few MB with remote_data

# The request headers an answer depends on; any other header leaves it unchanged.
DECIDING = (b"authorization", b"x-account-id", b"accept")

Key = tuple[bytes, str, bytes]


@dataclass(frozen=True, slots=True)
class Answer:
    headers: list[tuple[bytes, bytes]]
    body: bytes
    made_at: float  # time.monotonic()
    writes: int  # WRITES.count before it was computed


class ResponseCache:
    """ASGI middleware serving repeated record reads from memory (see the module docstring)."""

    def __init__(self, app: ASGIApp, seconds: float, max_bytes: int = MAX_BYTES) -> None:
        self.app = app
        self.seconds = seconds
        self.max_bytes = max_bytes
        self._answers: OrderedDict[Key, Answer] = OrderedDict()
        self._size = 0
        self._computing: dict[tuple[Key, int], asyncio.Future[Answer | None]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = self._key(scope) if self.seconds > 0 else None
        if key is None:
            await self.app(scope, receive, send)
            return
        writes = WRITES.count
        answer = self._fresh(key, writes)
        if answer is None and (key, writes) not in self._computing:
            await self._compute(key, writes, scope, receive, send)
            return
        if answer is None:  # the same answer is being computed: wait for it
            answer = await asyncio.shield(self._computing[(key, writes)])
        if answer is None:  # it was not one to keep (an error, or too large): this caller asks again
            await self.app(scope, receive, send)
        else:
            await _send(send, answer)

    def _key(self, scope: Scope) -> Key | None:
        if scope["type"] != "http" or scope["method"] != "GET" or not scope["path"].startswith(CACHED_PATHS):
            return None
        deciding = [b""] * len(DECIDING)
        for name, value in scope["headers"]:
            if name in DECIDING:
                deciding[DECIDING.index(name)] = value
        if not deciding[0]:  # no key: the app answers 401
            return None
        return (hashlib.sha256(b"\n".join(deciding)).digest(), scope["path"], scope["query_string"])

    def _fresh(self, key: Key, writes: int) -> Answer | None:
        answer = self._answers.get(key)
        if answer is None:
            return None
        if answer.writes != writes or time.monotonic() - answer.made_at >= self.seconds:
            self._drop(key)
            return None
        self._answers.move_to_end(key)
        return answer

    async def _compute(self, key: Key, writes: int, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer through the app, recording a complete 200 answer small enough to keep."""
        made_at = time.monotonic()
        shared: asyncio.Future[Answer | None] = asyncio.get_running_loop().create_future()
        self._computing[(key, writes)] = shared
        status, headers, chunks, size = 0, [], [], 0

        async def record(message: Message) -> None:
            nonlocal status, headers, size
            if message["type"] == "http.response.start":
                status, headers = message["status"], list(message.get("headers", []))
            elif message["type"] == "http.response.body" and status == 200 and size <= MAX_ANSWER_BYTES:
                chunks.append(message.get("body", b""))
                size += len(chunks[-1])
                if not message.get("more_body", False) and size <= MAX_ANSWER_BYTES:
                    shared.set_result(self._keep(key, Answer(headers, b"".join(chunks), made_at, writes)))
            await send(message)

        try:
            await self.app(scope, receive, record)
        finally:
            if not shared.done():
                shared.set_result(None)  # waiters compute their own answer
            del self._computing[(key, writes)]

    def _keep(self, key: Key, answer: Answer) -> Answer:
        self._drop(key)
        self._answers[key] = answer
        self._size += len(answer.body)
        while self._size > self.max_bytes:
            _, dropped = self._answers.popitem(last=False)
            self._size -= len(dropped.body)
        return answer

    def _drop(self, key: Key) -> None:
        dropped = self._answers.pop(key, None)
        if dropped is not None:
            self._size -= len(dropped.body)


async def _send(send: Send, answer: Answer) -> None:
    age = str(int(time.monotonic() - answer.made_at)).encode()
    await send({"type": "http.response.start", "status": 200, "headers": [*answer.headers, (b"age", age)]})
    await send({"type": "http.response.body", "body": answer.body})
