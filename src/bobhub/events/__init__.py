"""Outgoing events: what changed in the store, queued per subscription (an outbox) and delivered signed.

`record_changes` and `after_sync` queue events; the `Dispatcher` (run by the API) sends them, and
`verify_signature` is what a receiver uses to check one.
"""

from __future__ import annotations

import datetime as dt

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from bobhub.events import publish as outbox_events
from bobhub.events.dispatcher import Dispatcher
from bobhub.events.publish import Event
from bobhub.events.signing import generate_secret, sign, verify_signature
from bobhub.events.types import EVENT_TYPES
from bobhub.store import Database, outbox

__all__ = [
    "EVENT_TYPES",
    "Dispatcher",
    "Event",
    "after_sync",
    "generate_secret",
    "record_changes",
    "sign",
    "verify_signature",
]


async def after_sync(
    db: Database, account_id: str, run_id: str, *, since: dt.datetime, status: str, attention: str | None
) -> None:
    """Queue the events of one finished sync run (records changed since `since`, the run, attention).

    Nearly free without subscriptions: one query, then nothing. Record events are committed a batch at
    a time, so the first sync of a large company does not become one huge transaction.
    """
    try:
        async with db.session() as session:
            subscribers = await outbox.subscribers(session, account_id)
        if not subscribers:
            return
        for resource in outbox_events.resources_for(subscribers):
            after: outbox.Position | None = None
            while True:
                async with db.session() as session:
                    after = await outbox_events.publish_page(
                        session, account_id, resource, since=since, after=after, subscribers=subscribers
                    )
                    await session.commit()
                if after is None:
                    break
        async with db.session() as session:
            found = await outbox_events.run_events(session, account_id, run_id, status, attention)
            await outbox_events.publish(session, found, subscribers)
            await session.commit()
    except Exception:
        # The run and its records are already committed: failing to queue its events must not turn a
        # finished sync into an error, so the failure is logged for the operator instead.
        structlog.get_logger("bobhub.events").exception("queuing events failed", run_id=run_id)


async def record_changes(session: AsyncSession, account_id: str, *, since: dt.datetime) -> None:
    """Queue employee.* and time_off_request.* events for the account's records changed since `since`.

    Runs in the caller's unit of work: it does not commit.
    """
    subscribers = await outbox.subscribers(session, account_id)
    for resource in outbox_events.resources_for(subscribers):
        after: outbox.Position | None = None
        while True:
            after = await outbox_events.publish_page(
                session, account_id, resource, since=since, after=after, subscribers=subscribers
            )
            if after is None:
                break
