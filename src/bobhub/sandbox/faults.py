"""Faults on demand: the ways HiBob (or the network to it) misbehaves, injected per service user or globally.

Each rule fires on matching /v1 requests with a probability drawn from its own seeded generator, so a
test run is reproducible. The middleware works at the ASGI level because some faults (a reset
connection, a truncated body) cannot be expressed as an ordinary response.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import random
from dataclasses import dataclass, field
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

KINDS = (
    "latency",  # wait `seconds`, then answer normally
    "rate_limit",  # 429 without any rate-limit headers
    "http_500",
    "http_502",
    "http_503",
    "reset",  # headers sent, then the connection drops mid-body
    "timeout",  # no answer for `seconds` (longer than the client's timeout)
    "truncated",  # 200 with the JSON body cut in half
    "html_login",  # 200 with HiBob's HTML login page instead of JSON
    "lag",  # reads show an employee as it was before its last write, for `seconds`
)

LOGIN_PAGE = (
    b"<!DOCTYPE html><html><head><title>Bob - Login</title></head>"
    b"<body><form action='/login' method='post'><input name='email'><input name='password' type='password'>"
    b"<button>Log in</button></form></body></html>"
)


@dataclass
class FaultRule:
    """One fault: what, how often (`rate` per matching request, at most `count` times), for whom, where."""

    kind: str
    rate: float = 1.0
    count: int | None = None
    user: str | None = None  # service user id; None = every caller
    path: str | None = None  # path prefix, e.g. "/v1/people/search"; None = every /v1 path
    seconds: float = 1.0
    seed: int = 0
    fired: int = 0
    _rnd: random.Random = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; one of {', '.join(KINDS)}")
        if not 0.0 <= self.rate <= 1.0:
            raise ValueError("rate must be between 0 and 1")
        if self.count is not None and self.count < 0:
            raise ValueError("count must not be negative")
        if self.seconds < 0:
            raise ValueError("seconds must not be negative")
        self._rnd = random.Random(self.seed)

    def matches(self, user: str | None, path: str) -> bool:
        return (self.user is None or self.user == user) and (self.path is None or path.startswith(self.path))

    def exhausted(self) -> bool:
        return self.count is not None and self.fired >= self.count

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "rate": self.rate,
            "count": self.count,
            "user": self.user,
            "path": self.path,
            "seconds": self.seconds,
            "seed": self.seed,
            "fired": self.fired,
        }


class Faults:
    """The active fault rules of one sandbox."""

    def __init__(self) -> None:
        self.rules: list[FaultRule] = []
        self.served = 0

    def add(self, kind: str, **options: Any) -> FaultRule:
        rule = FaultRule(kind, **options)
        self.rules.append(rule)
        return rule

    def clear(self) -> None:
        self.rules.clear()

    def pick(self, user: str | None, path: str) -> FaultRule | None:
        """The rule that fires for this request, if any (lag rules act on data, not on requests)."""
        for rule in self.rules:
            if rule.kind == "lag" or rule.exhausted() or not rule.matches(user, path):
                continue
            if rule._rnd.random() < rule.rate:
                rule.fired += 1
                self.served += 1
                return rule
        return None

    def lag_seconds(self, user: str | None) -> float:
        """How long reads by this service user lag behind writes (0 when no lag fault applies)."""
        lags = [r.seconds for r in self.rules if r.kind == "lag" and r.matches(user, "/v1/")]
        return max(lags, default=0.0)


def caller_id(scope: Scope) -> str | None:
    """The service user id of a Basic Authorization header (unverified: faults only need whom to hit)."""
    for name, value in scope.get("headers", []):
        if name == b"authorization" and value[:6].lower() == b"basic ":
            try:
                return base64.b64decode(value[6:].strip(), validate=True).decode().partition(":")[0]
            except (binascii.Error, UnicodeDecodeError):
                return None
    return None


class FaultMiddleware:
    """ASGI middleware applying the sandbox's fault rules to /v1 requests."""

    def __init__(self, app: ASGIApp, sandbox: Any) -> None:
        self.app = app
        self.sandbox = sandbox

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/v1/"):
            await self.app(scope, receive, send)
            return
        rule = self.sandbox.faults.pick(caller_id(scope), scope["path"])
        if rule is None:
            await self.app(scope, receive, send)
        elif rule.kind in ("latency", "timeout"):
            await asyncio.sleep(rule.seconds)
            await self.app(scope, receive, send)
        elif rule.kind == "truncated":
            await self.app(scope, receive, _truncating(send))
        else:
            await _answer(rule.kind, send)


async def _answer(kind: str, send: Send) -> None:
    if kind == "reset":
        # Promise a longer body than is sent; the server then drops the connection mid-response.
        headers = [(b"content-type", b"application/json"), (b"content-length", b"4096")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b'{"employees": [', "more_body": True})
        raise ConnectionResetError("sandbox fault: connection reset")
    if kind == "html_login":
        status, body, ctype = 200, LOGIN_PAGE, b"text/html; charset=utf-8"
    else:
        status = 429 if kind == "rate_limit" else int(kind.removeprefix("http_"))
        error = {"key": "too_many_requests" if status == 429 else "server_error", "error": "Sandbox fault"}
        body, ctype = json.dumps(error).encode(), b"application/json"
    headers = [(b"content-type", ctype), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _truncating(send: Send) -> Send:
    """A `send` that buffers the real response and delivers only the first half of its body."""
    start: dict[str, Any] = {}
    chunks: list[bytes] = []

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
            return
        chunks.append(message.get("body", b""))
        if message.get("more_body"):
            return
        body = b"".join(chunks)
        cut = body[: max(1, len(body) // 2)]
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(cut)).encode()))
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": cut})

    return wrapped
