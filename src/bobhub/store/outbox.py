"""The outbox's SQL: webhook subscriptions, the deliveries owed to them, and the records that become events.

Functions take an AsyncSession and never commit; the caller's unit of work does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer

from bobhub.store.models import Account, Record, WebhookDelivery, WebhookSubscription
from bobhub.store.records.sql import chunked, dialect_of, past

# Keyset positions: (created_at, id) for subscriptions and deliveries, (modified_at, id) for records.
Position = tuple[dt.datetime, str]

RECORD_COLUMNS = (
    Record.id,
    Record.resource,
    Record.remote_id,
    Record.created_at,
    Record.modified_at,
    Record.remote_was_deleted,
    Record.hidden_fields,
    Record.data,
)
ChangedRecord = Row[str, str, str, dt.datetime, dt.datetime, bool, list[str], dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Subscriber:
    """An active subscription an account's events may go to."""

    id: str
    events: list[str]


@dataclass(frozen=True, slots=True)
class Due:
    """A delivery claimed for one attempt, with where it goes and the key it is signed with."""

    id: str
    event_id: str
    event_type: str
    payload: dict[str, Any]
    attempts: int
    url: str
    secret_ciphertext: str


async def subscribers(session: AsyncSession, account_id: str) -> list[Subscriber]:
    """Active subscriptions of the account's tenant that cover this account (or every account)."""
    tenant = select(Account.tenant_id).where(Account.id == account_id).scalar_subquery()
    query = (
        select(WebhookSubscription.id, WebhookSubscription.events)
        .where(
            WebhookSubscription.tenant_id == tenant,
            WebhookSubscription.active.is_(True),
            or_(WebhookSubscription.account_id.is_(None), WebhookSubscription.account_id == account_id),
        )
        .order_by(WebhookSubscription.id)
    )
    return [Subscriber(row.id, list(row.events)) for row in await session.execute(query)]


async def add_deliveries(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    """Insert delivery rows; a row whose id is already stored (the same event again) is skipped."""
    dialect = dialect_of(session)
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    for chunk in chunked(rows):
        statement = insert(WebhookDelivery).on_conflict_do_nothing(index_elements=["id"])
        await session.execute(statement, list(chunk))


async def changed_records(
    session: AsyncSession,
    account_id: str,
    resource: str,
    *,
    since: dt.datetime,
    after: Position | None,
    limit: int,
) -> list[ChangedRecord]:
    """Records of the resource modified at or after `since`, past `after`, in (modified_at, id) order.

    remote_data, the largest column, is left unread: events do not carry it.
    """
    query = select(*RECORD_COLUMNS).where(
        Record.account_id == account_id, Record.resource == resource, Record.modified_at >= since
    )
    if after is not None:
        query = query.where(past(Record.modified_at, Record.id, after))
    query = query.order_by(Record.modified_at, Record.id).limit(limit)
    return list((await session.execute(query)).all())


async def claim_due(
    session: AsyncSession, *, now: dt.datetime, limit: int, lease_until: dt.datetime
) -> list[Due]:
    """Claim up to `limit` pending deliveries due by `now`, by moving them to `lease_until`.

    A claim is a lease, not a lock: a process that dies mid-attempt leaves the delivery due again once
    the lease ends, so it is retried rather than lost. Only rows still due when the update ran carry
    this exact `lease_until`, so two dispatchers claiming at once never both get the same row.
    """
    due = (
        select(WebhookDelivery.id)
        .where(WebhookDelivery.status == "pending", WebhookDelivery.next_attempt_at <= now)
        .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
        .limit(limit)
    )
    ids = list((await session.scalars(due)).all())
    if not ids:
        return []
    await session.execute(
        update(WebhookDelivery)
        .where(
            WebhookDelivery.id.in_(ids),
            WebhookDelivery.status == "pending",
            WebhookDelivery.next_attempt_at <= now,
        )
        .values(next_attempt_at=lease_until)
        .execution_options(synchronize_session=False)
    )
    query = (
        select(WebhookDelivery, WebhookSubscription.url, WebhookSubscription.secret_ciphertext)
        .join(WebhookSubscription, WebhookSubscription.id == WebhookDelivery.subscription_id)
        .where(WebhookDelivery.id.in_(ids), WebhookDelivery.next_attempt_at == lease_until)
    )
    return [
        Due(d.id, d.event_id, d.event_type, d.payload, d.attempts, url, secret)
        for d, url, secret in (await session.execute(query)).all()
    ]


async def settle_attempt(session: AsyncSession, delivery_id: str, **outcome: Any) -> None:
    """Store how an attempt ended (status, attempts, next_attempt_at, last_status_code, last_error…)."""
    await session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id == delivery_id)
        .values(**outcome)
        .execution_options(synchronize_session=False)
    )


async def release(session: AsyncSession, delivery_ids: Sequence[str], now: dt.datetime) -> None:
    """Make claimed deliveries due again at once (an attempt cut short by shutdown)."""
    for chunk in chunked(delivery_ids):
        await session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.id.in_(chunk), WebhookDelivery.status == "pending")
            .values(next_attempt_at=now)
            .execution_options(synchronize_session=False)
        )


async def prune_settled(session: AsyncSession, *, before: dt.datetime, limit: int = 1000) -> int:
    """Remove up to `limit` delivered or failed deliveries created before `before`; pending ones stay."""
    oldest = (
        select(WebhookDelivery.id)
        .where(WebhookDelivery.status.in_(("delivered", "failed")), WebhookDelivery.created_at < before)
        .limit(limit)
    )
    ids = list((await session.scalars(oldest)).all())
    if ids:
        await session.execute(
            delete(WebhookDelivery)
            .where(WebhookDelivery.id.in_(ids))
            .execution_options(synchronize_session=False)
        )
    return len(ids)


async def add_subscription(session: AsyncSession, subscription: WebhookSubscription) -> WebhookSubscription:
    session.add(subscription)
    await session.flush()
    return subscription


async def get_subscription(
    session: AsyncSession, tenant_id: str, subscription_id: str
) -> WebhookSubscription | None:
    query = select(WebhookSubscription).where(
        WebhookSubscription.tenant_id == tenant_id, WebhookSubscription.id == subscription_id
    )
    return (await session.scalars(query)).one_or_none()


async def list_subscriptions(
    session: AsyncSession,
    tenant_id: str,
    *,
    after: Position | None,
    created_after: dt.datetime | None,
    limit: int,
) -> list[WebhookSubscription]:
    """The tenant's subscriptions, oldest first, past the keyset position `after`."""
    query = select(WebhookSubscription).where(WebhookSubscription.tenant_id == tenant_id)
    if created_after is not None:
        query = query.where(WebhookSubscription.created_at > created_after)
    if after is not None:
        query = query.where(past(WebhookSubscription.created_at, WebhookSubscription.id, after))
    query = query.order_by(WebhookSubscription.created_at, WebhookSubscription.id).limit(limit)
    return list((await session.scalars(query)).all())


async def delete_subscription(session: AsyncSession, subscription: WebhookSubscription) -> None:
    """Remove the subscription; its deliveries go with it (ON DELETE CASCADE)."""
    await session.delete(subscription)
    await session.flush()


async def list_deliveries(
    session: AsyncSession,
    subscription_id: str,
    *,
    before: Position | None,
    status: str | None,
    limit: int,
) -> list[WebhookDelivery]:
    """A subscription's deliveries, newest first, before the keyset position `before` (payloads unread)."""
    query = (
        select(WebhookDelivery)
        .where(WebhookDelivery.subscription_id == subscription_id)
        .options(defer(WebhookDelivery.payload, raiseload=True))
    )
    if status is not None:
        query = query.where(WebhookDelivery.status == status)
    if before is not None:
        query = query.where(past(WebhookDelivery.created_at, WebhookDelivery.id, before, newest_first=True))
    query = query.order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id.desc()).limit(limit)
    return list((await session.scalars(query)).all())
