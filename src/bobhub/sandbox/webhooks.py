"""Webhooks out: HiBob's v2 envelope, signed with `Bob-Signature`, delivered with retries.

HiBob signs the raw body: `Bob-Signature = base64(HMAC-SHA512(secret, body))` (hibob-api-notes.md §9).
Deliveries run as background tasks on the server's event loop; events emitted with no loop running
(direct calls from tests or scripts) are still recorded in `events`.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import hashlib
import hmac
import json
from dataclasses import dataclass, field
from typing import Any

import httpx

from bobhub.sandbox.model import Company


def sign(secret: str, body: bytes) -> str:
    """HiBob's Bob-Signature header value for a raw request body."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha512).digest()).decode()


@dataclass(slots=True)
class Target:
    """Where a company's webhooks go (company None: every company of the sandbox)."""

    url: str
    secret: str
    company: int | None = None


@dataclass(slots=True)
class Delivery:
    """The outcome of delivering one event to one target."""

    type: str
    url: str
    attempts: int = 0
    status: int | None = None
    delivered: bool = False
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "url": self.url,
            "attempts": self.attempts,
            "status": self.status,
            "delivered": self.delivered,
            "error": self.error,
        }


@dataclass
class WebhookDispatcher:
    """Sends every emitted event to the configured targets; retries failures with backoff."""

    max_attempts: int = 5
    first_delay: float = 0.2
    targets: list[Target] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    _tasks: set[asyncio.Task[None]] = field(default_factory=set, repr=False)
    _client: httpx.AsyncClient | None = field(default=None, repr=False)

    def configure(self, url: str, secret: str, company: int | None = None) -> Target:
        target = Target(url, secret, company)
        self.targets = [t for t in self.targets if (t.url, t.company) != (url, company)] + [target]
        return target

    def emit(
        self, company: Company, event_type: str, data: dict[str, Any], triggered_by: str = "system"
    ) -> None:
        """Record a v2 event and, when an event loop runs, deliver it to the company's targets."""
        envelope = {
            "companyId": company.id,
            "type": event_type,
            "triggeredBy": triggered_by,
            "triggeredAt": dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(),
            "version": "v2",
            "data": data,
        }
        self.events.append(envelope)
        targets = [t for t in self.targets if t.company in (None, company.id)]
        if not targets:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        body = json.dumps(envelope, separators=(",", ":")).encode()
        for target in targets:
            task = loop.create_task(self._deliver(target, event_type, body))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _deliver(self, target: Target, event_type: str, body: bytes) -> None:
        delivery = Delivery(event_type, target.url)
        self.deliveries.append(delivery)
        headers = {"Content-Type": "application/json", "Bob-Signature": sign(target.secret, body)}
        client = self._client = self._client or httpx.AsyncClient(timeout=5.0)
        delay = self.first_delay
        while delivery.attempts < self.max_attempts:
            delivery.attempts += 1
            try:
                response = await client.post(target.url, content=body, headers=headers)
                delivery.status, delivery.error = response.status_code, None
                if response.is_success:
                    delivery.delivered = True
                    return
            except httpx.HTTPError as exc:
                delivery.error = type(exc).__name__
            await asyncio.sleep(delay)
            delay *= 2

    async def drain(self) -> None:
        """Wait for every delivery in flight (tests and shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def aclose(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*list(self._tasks), return_exceptions=True)
        if self._client is not None:
            await self._client.aclose()
            self._client = None
