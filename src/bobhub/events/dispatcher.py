"""The dispatcher: sends due deliveries signed, and retries failures with exponential backoff.

All of its state is in the database (the outbox), so deliveries queued while no API ran, e.g. by
`bobhub sync`, go out when it starts, and an attempt cut short by a crash is made again.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import secrets
import time
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any

import httpx
import structlog
from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.pool import ConnectionPoolEntry

from bobhub.errors import AppError
from bobhub.events import destinations
from bobhub.events.publish import PUBLISHED
from bobhub.events.signing import sign
from bobhub.settings import Settings
from bobhub.store import Database, Vault, outbox
from bobhub.store.models import utcnow

TIMEOUT = 10.0  # seconds one attempt may take, connecting included
CONCURRENCY = 16  # attempts in flight at once
POLL_SECONDS = 1.0  # how often the outbox is read when nothing in this process woke the dispatcher
# Longer than any attempt: a claimed delivery is due again only if its process died mid-attempt.
LEASE = dt.timedelta(seconds=TIMEOUT * 6)
SHUTDOWN_GRACE = 2.0  # seconds attempts in flight get to finish when the API stops
PRUNE_EVERY = 3600.0  # seconds between removals of deliveries older than the retention
PRUNE_BATCH = 1000  # deliveries removed per transaction
ERROR_TEXT = 300  # characters of a receiver's error answer kept in the delivery log
COMMITTED = "bobhub.events.committed"


@dataclass(frozen=True, slots=True)
class Outcome:
    """How one attempt ended: the receiver's status code, or why there was none."""

    status_code: int | None
    error: str | None

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class Dispatcher:
    """Delivers the outbox while the API runs: `await start()`, `await stop()`; `wake()` is thread-safe."""

    def __init__(
        self,
        db: Database,
        vault: Vault,
        settings: Settings,
        *,
        concurrency: int = CONCURRENCY,
        poll_seconds: float = POLL_SECONDS,
        timeout: float = TIMEOUT,
    ) -> None:
        self._db = db
        self._vault = vault
        self._base = settings.webhook_retry_base_seconds
        self._max_attempts = settings.webhook_max_attempts
        self._allow_private = settings.webhook_allow_private_urls
        self._retention = dt.timedelta(days=settings.webhook_delivery_retention_days)
        self._pruned_at: float | None = None
        self._pruning: asyncio.Task[int] | None = None
        self._concurrency = concurrency
        self._poll = poll_seconds
        self._timeout = timeout
        self._wake = asyncio.Event()
        self._inflight: dict[asyncio.Task[None], str] = {}
        self._backlog = False
        self._stopping = False
        self._task: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._http: httpx.AsyncClient | None = None
        self._log = structlog.get_logger("bobhub.events")
        self._user_agent = f"bobhub/{version('bobhub')}"

    async def start(self) -> Dispatcher:
        self._loop = asyncio.get_running_loop()
        limits = httpx.Limits(max_connections=self._concurrency, max_keepalive_connections=self._concurrency)
        # Redirects are not followed: a signed event goes to the URL the tenant subscribed, nowhere else.
        self._http = httpx.AsyncClient(timeout=self._timeout, limits=limits, follow_redirects=False)
        self._listen(event.listen)
        self._task = self._loop.create_task(self._run(), name="bobhub-webhook-dispatcher")
        return self

    async def stop(self) -> None:
        """Stop claiming; give attempts in flight a moment, then cut them short and release them."""
        self._listen(event.remove)
        # The flag ends the loop at its next turn even if the cancel below is lost in a library.
        self._stopping = True
        self._wake.set()
        background = [task for task in (self._task, self._pruning) if task is not None]
        for task in background:
            task.cancel()
        if background:
            # asyncio.wait, not `await task` under suppress(CancelledError): that would also swallow
            # a cancel of stop() itself.
            await asyncio.wait(background)
        if self._inflight:
            _, unfinished = await asyncio.wait(list(self._inflight), timeout=SHUTDOWN_GRACE)
            cut = [self._inflight[task] for task in unfinished]
            for task in unfinished:
                task.cancel()
            await asyncio.gather(*unfinished, return_exceptions=True)
            await self._release(cut)
        if self._http is not None:
            await self._http.aclose()

    def wake(self) -> None:
        """Look for due deliveries now rather than at the next poll."""
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._wake.set)

    def _listen(self, how: Any) -> None:
        engine = self._db.engine.sync_engine
        how(engine, "commit", self._on_commit)
        how(engine, "rollback", self._on_rollback)
        how(engine, "checkin", self._on_checkin)

    # A connection that queued deliveries is flagged; the commit event fires before the commit itself, so
    # the dispatcher is woken when the connection returns to the pool, once the rows are visible.
    def _on_commit(self, connection: Connection) -> None:
        if connection.info.pop(PUBLISHED, False):
            connection.info[COMMITTED] = True

    def _on_rollback(self, connection: Connection) -> None:
        if not connection.invalidated:  # an invalidated connection's info cannot be read (writes.py)
            connection.info.pop(PUBLISHED, None)

    def _on_checkin(self, _dbapi: DBAPIConnection | None, record: ConnectionPoolEntry) -> None:
        if record.info.pop(COMMITTED, False):
            self.wake()

    async def _run(self) -> None:
        while not self._stopping:
            self._wake.clear()
            if self._prune_due():
                # On a task of its own: removing a large backlog must not hold up deliveries.
                self._pruned_at = time.monotonic()
                self._pruning = asyncio.get_running_loop().create_task(self.prune(), name="bobhub-prune")
            free = self._concurrency - len(self._inflight)
            claimed = await self._claim(free) if free > 0 else []
            for due in claimed:
                task = asyncio.get_running_loop().create_task(self._deliver(due))
                self._inflight[task] = due.id
                task.add_done_callback(self._done)
            # Every free slot filled: more may be due, so a finished attempt wakes the loop to claim again.
            self._backlog = len(claimed) == free
            # asyncio.timeout, not wait_for: on Python 3.11, wait_for drops a cancel that arrives as the
            # event is set, and stop() would wait for ever.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._poll):
                    await self._wake.wait()

    def _done(self, task: asyncio.Task[None]) -> None:
        self._inflight.pop(task, None)
        if self._backlog:
            self._wake.set()

    def _prune_due(self) -> bool:
        if self._pruning is not None and not self._pruning.done():
            return False  # the last round is still removing
        return self._pruned_at is None or time.monotonic() - self._pruned_at >= PRUNE_EVERY

    async def prune(self) -> int:
        """Remove settled deliveries older than the retention, a batch per transaction; how many."""
        before, removed = utcnow() - self._retention, 0
        try:
            while True:
                async with self._db.session() as session:
                    count = await outbox.prune_settled(session, before=before, limit=PRUNE_BATCH)
                    await session.commit()
                removed += count
                if count < PRUNE_BATCH:
                    return removed
        except Exception:  # a database hiccup: the next round tries again
            self._log.exception("removing old webhook deliveries failed")
            return removed

    async def _claim(self, limit: int) -> list[outbox.Due]:
        now = utcnow()
        # A lease time of its own (random microseconds) tells this claim's rows from another process's.
        lease = now + LEASE + dt.timedelta(microseconds=secrets.randbelow(1_000_000))
        try:
            async with self._db.session() as session:
                claimed = await outbox.claim_due(session, now=now, limit=limit, lease_until=lease)
                await session.commit()
        except Exception:  # a database hiccup: the next poll tries again
            self._log.exception("claiming webhook deliveries failed")
            return []
        return claimed

    async def _deliver(self, due: outbox.Due) -> None:
        outcome = await self._attempt(due)
        settlement = self._settlement(due, outcome)
        try:
            async with self._db.session() as session:
                await outbox.settle_attempt(session, due.id, **settlement)
                await session.commit()
        except Exception:  # the lease runs out and the delivery is attempted again
            self._log.exception("recording a webhook attempt failed", delivery_id=due.id)
            return
        retry_at = settlement.get("next_attempt_at")
        if retry_at is not None and self._loop is not None:
            self._loop.call_later(max((retry_at - utcnow()).total_seconds(), 0.0), self._wake.set)

    def _settlement(self, due: outbox.Due, outcome: Outcome) -> dict[str, Any]:
        """The delivery's new state: delivered, failed for good, or pending its next, later, attempt."""
        attempts = due.attempts + 1
        now = utcnow()
        state: dict[str, Any] = {
            "attempts": attempts,
            "last_status_code": outcome.status_code,
            "last_error": outcome.error,
        }
        if outcome.ok:
            return {**state, "status": "delivered", "delivered_at": now}
        if attempts >= self._max_attempts:
            return {**state, "status": "failed"}
        delay = self._base * 2 ** (attempts - 1)
        return {**state, "status": "pending", "next_attempt_at": now + dt.timedelta(seconds=delay)}

    async def _attempt(self, due: outbox.Due) -> Outcome:
        """POST the event once; any answer but 2xx, a timeout or a network error is a failure."""
        assert self._http is not None
        try:
            secret = self._vault.decrypt(due.secret_ciphertext)
            body = json.dumps(due.payload, separators=(",", ":"), ensure_ascii=False).encode()
            headers = {
                "Content-Type": "application/json",
                "User-Agent": self._user_agent,
                "Bobhub-Event-Id": due.event_id,
                "Bobhub-Event-Type": due.event_type,
                "Bobhub-Signature": sign(secret, body),
            }
            async with asyncio.timeout(self._timeout):
                if self._allow_private:
                    target = destinations.Target(due.url, {})
                else:
                    target = await destinations.pin(due.url)
                return await self._post(target, body, headers)
        except (TimeoutError, httpx.TimeoutException):
            return Outcome(None, f"no answer within {self._timeout:g} s")
        except httpx.HTTPError as exc:
            return Outcome(None, f"{type(exc).__name__}: {exc}"[:ERROR_TEXT])
        except AppError as exc:
            return Outcome(None, exc.message)

    async def _post(self, target: destinations.Target, body: bytes, headers: dict[str, str]) -> Outcome:
        assert self._http is not None
        sent = {**headers, **target.headers}
        async with self._http.stream(
            "POST", target.url, content=body, headers=sent, extensions=target.extensions
        ) as response:
            if 200 <= response.status_code < 300:
                return Outcome(response.status_code, None)
            # Only the start of an error answer is read: a receiver cannot make us buffer a huge body.
            start = b""
            async for chunk in response.aiter_bytes():
                start += chunk
                if len(start) >= ERROR_TEXT:
                    break
        text = start[:ERROR_TEXT].decode(errors="replace").strip()
        return Outcome(response.status_code, f"HTTP {response.status_code}" + (f": {text}" if text else ""))

    async def _release(self, delivery_ids: list[str]) -> None:
        try:
            async with self._db.session() as session:
                await outbox.release(session, delivery_ids, utcnow())
                await session.commit()
        except Exception:  # their leases run out instead
            self._log.exception("releasing webhook deliveries failed")
