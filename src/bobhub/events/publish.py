"""Publishing events into the outbox: one delivery row per event and matching subscription.

Rows are written in the caller's transaction, so an event exists exactly when the change it reports
was committed. Event and delivery ids are derived from what happened (the record, its modification
time, the change), so the same change seen twice — two overlapping runs, a write-back and the sync
after it — is one event, queued once per subscription.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bobhub.events import types
from bobhub.store import outbox
from bobhub.store.models import SyncRun, utcnow
from bobhub.store.outbox import ChangedRecord, Position, Subscriber
from bobhub.store.records import envelope, list_stream_runs

# Set on the connection that queued deliveries; the dispatcher wakes when that connection commits.
PUBLISHED = "bobhub.events.published"
BATCH = 500  # records per query, and per transaction when publishing after a sync
STREAM_FIELDS = ("status", "records", "created", "updated", "deleted")


@dataclass(frozen=True, slots=True)
class Event:
    """One outgoing event; `body()` is what every subscription receives, signed."""

    id: str
    type: str
    account_id: str
    data: dict[str, Any]
    created_at: dt.datetime

    def body(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "created_at": self.created_at.isoformat(),
            "account_id": self.account_id,
            "data": self.data,
        }


def _digest(*parts: str) -> str:
    return hashlib.sha256(":".join(parts).encode()).hexdigest()[:24]


def event_id(*parts: str) -> str:
    return "evt_" + _digest(*parts)


def delivery_id(subscription_id: str, event: str) -> str:
    return "whd_" + _digest(subscription_id, event)


async def publish(session: AsyncSession, events: Sequence[Event], subscribers: Sequence[Subscriber]) -> int:
    """Queue each event for every subscriber that selects its type; returns the deliveries queued."""
    now = utcnow()
    rows = [
        {
            "id": delivery_id(sub.id, event.id),
            "subscription_id": sub.id,
            "event_id": event.id,
            "event_type": event.type,
            "payload": event.body(),
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
        }
        for event in events
        for sub in subscribers
        if types.selects(sub.events, event.type)
    ]
    if rows:
        await outbox.add_deliveries(session, rows)
        (await session.connection()).info[PUBLISHED] = True
    return len(rows)


def record_event(account_id: str, row: ChangedRecord, since: dt.datetime, now: dt.datetime) -> Event:
    change = "deleted" if row.remote_was_deleted else "created" if row.created_at >= since else "updated"
    kind = f"{types.RECORD_EVENTS[row.resource]}.{change}"
    identity = event_id(account_id, row.id, row.modified_at.isoformat(), kind)
    return Event(identity, kind, account_id, envelope(row), now)


def resources_for(subscribers: Sequence[Subscriber]) -> list[str]:
    """The synced resources some subscriber wants events of: the only ones worth scanning."""
    return [
        resource
        for resource in types.RECORD_EVENTS
        if any(types.selects_any(sub.events, types.record_types(resource)) for sub in subscribers)
    ]


async def publish_page(
    session: AsyncSession,
    account_id: str,
    resource: str,
    *,
    since: dt.datetime,
    after: Position | None,
    subscribers: Sequence[Subscriber],
) -> Position | None:
    """Publish one batch of the resource's records changed since `since`; the next position, or None."""
    rows = await outbox.changed_records(session, account_id, resource, since=since, after=after, limit=BATCH)
    now = utcnow()
    await publish(session, [record_event(account_id, row, since, now) for row in rows], subscribers)
    return (rows[-1].modified_at, rows[-1].id) if len(rows) == BATCH else None


async def run_events(
    session: AsyncSession, account_id: str, run_id: str, status: str, attention: str | None
) -> list[Event]:
    """sync_run.completed for the run, and account.needs_attention when the run raised a concern."""
    run = await session.get(SyncRun, run_id)
    streams = [
        {"name": s.stream, **{key: getattr(s, key) for key in STREAM_FIELDS}}
        for s in await list_stream_runs(session, run_id)
    ]
    now = utcnow()
    data: dict[str, Any] = {
        "run_id": run_id,
        "status": status,
        "kind": run.kind if run else None,
        "started_at": run.started_at.isoformat() if run else None,
        "finished_at": run.finished_at.isoformat() if run and run.finished_at else None,
        "error": run.error if run else None,
        "streams": streams,
    }
    found = [Event(event_id(run_id, "sync_run.completed"), "sync_run.completed", account_id, data, now)]
    if attention is not None:
        note = {"note": attention, "run_id": run_id}
        kind = "account.needs_attention"
        found.append(Event(event_id(run_id, kind), kind, account_id, note, now))
    return found
