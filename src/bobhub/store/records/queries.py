"""Reading synced records: counts, one record, every record of a resource, and balances due a refresh."""

from __future__ import annotations

from collections.abc import AsyncIterator

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bobhub.store.models import Record

BALANCES = "time_off_balances"


async def count_records(
    session: AsyncSession, account_id: str, resource: str, *, include_deleted: bool = False
) -> int:
    query = select(func.count()).where(Record.account_id == account_id, Record.resource == resource)
    if not include_deleted:
        query = query.where(Record.remote_was_deleted.is_(False))
    return int(await session.scalar(query) or 0)


async def get_record(session: AsyncSession, account_id: str, resource: str, remote_id: str) -> Record | None:
    query = select(Record).where(
        Record.account_id == account_id, Record.resource == resource, Record.remote_id == remote_id
    )
    # Bulk upserts bypass the identity map, so an object loaded earlier must be refreshed from the row.
    return await session.scalar(query.execution_options(populate_existing=True))


async def list_remote_ids(
    session: AsyncSession, account_id: str, resource: str, *, include_deleted: bool = False
) -> set[str]:
    """The remote ids stored for a resource, without loading the records themselves."""
    query = select(Record.remote_id).where(Record.account_id == account_id, Record.resource == resource)
    if not include_deleted:
        query = query.where(Record.remote_was_deleted.is_(False))
    return set((await session.scalars(query)).all())


async def list_owners(session: AsyncSession, account_id: str, resource: str) -> set[str]:
    """The employees (`employee_remote_id`) who have records of a resource not flagged deleted."""
    owner = Record.data["employee_remote_id"].as_string()
    query = (
        select(owner)
        .distinct()
        .where(
            Record.account_id == account_id,
            Record.resource == resource,
            Record.remote_was_deleted.is_(False),
        )
    )
    return {value for value in await session.scalars(query) if value is not None}


async def iter_records(
    session: AsyncSession,
    account_id: str,
    resource: str,
    *,
    batch: int = 1000,
    include_deleted: bool = False,
) -> AsyncIterator[Record]:
    """Every record of the resource in remote_id order, read `batch` rows at a time (keyset pages).

    Ordering by remote_id makes two stores holding the same data export byte for byte the same.
    """
    after: str | None = None
    while True:
        query = select(Record).where(Record.account_id == account_id, Record.resource == resource)
        if not include_deleted:
            query = query.where(Record.remote_was_deleted.is_(False))
        if after is not None:
            query = query.where(Record.remote_id > after)
        query = query.order_by(Record.remote_id).limit(batch).execution_options(populate_existing=True)
        rows = (await session.scalars(query)).all()
        for row in rows:
            yield row
        if len(rows) < batch:
            return
        after = rows[-1].remote_id


async def stale_balances(session: AsyncSession, account_id: str, limit: int) -> list[str]:
    """Remote ids of stored balances, least recently refreshed (`seen_at`) first."""
    query = (
        select(Record.remote_id)
        .where(
            Record.account_id == account_id,
            Record.resource == BALANCES,
            Record.remote_was_deleted.is_(False),
        )
        .order_by(Record.seen_at, Record.remote_id)
        .limit(limit)
    )
    return list((await session.scalars(query)).all())
