"""Flagging records HiBob no longer has: `remote_was_deleted` is set, rows are never removed.

A sync compares what it read with what is stored through `seen_at`, which every upsert moves: a record
not seen since the run began was not in its reads. Nothing the size of the company is held in memory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Collection, Iterable, Sequence
from typing import Any

from sqlalchemy import Row, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bobhub.store.models import Record, utcnow
from bobhub.store.records.sql import chunked

PAGE = 5000  # stored rows compared per query, so a big resource is never loaded whole


async def mark_missing_deleted(
    session: AsyncSession,
    account_id: str,
    resource: str,
    seen_remote_ids: Collection[str],
    *,
    scope: Iterable[str] | None = None,
    owners: Collection[str] | None = None,
    now: dt.datetime | None = None,
    page: int = PAGE,
) -> int:
    """Flag `remote_was_deleted` (and move `modified_at`) on records not seen; never deletes a row.

    `scope` limits the check to records whose remote_id starts with one of these prefixes, for a read
    that covered only part of the resource, e.g. `[f"{employee_id}:"]` after refetching one employee's
    history rows; `owners` limits it to records whose `employee_remote_id` is one of these (documents
    read for some employees only). Returns how many records were newly flagged.
    """
    now = now or utcnow()
    prefixes = tuple(scope) if scope is not None else None
    if prefixes == () or (owners is not None and not owners):
        return 0
    seen = seen_remote_ids if isinstance(seen_remote_ids, set | frozenset) else set(seen_remote_ids)
    flagged = 0
    async for rows in _live_pages(session, account_id, resource, page, with_owner=owners is not None):
        missing = [
            row.id
            for row in rows
            if row.remote_id not in seen
            and (prefixes is None or row.remote_id.startswith(prefixes))
            and (owners is None or row.owner in owners)
        ]
        for chunk in chunked(missing):
            await session.execute(
                update(Record)
                .where(Record.id.in_(chunk))
                .values(remote_was_deleted=True, modified_at=now)
                .execution_options(synchronize_session=False)
            )
        flagged += len(missing)
    return flagged


async def _live_pages(
    session: AsyncSession, account_id: str, resource: str, size: int, *, with_owner: bool
) -> AsyncIterator[Sequence[Row[Any]]]:
    """The resource's records not flagged deleted, a page (keyset on remote_id) at a time."""
    columns: list[Any] = [Record.id, Record.remote_id]
    if with_owner:
        columns.append(Record.data["employee_remote_id"].as_string().label("owner"))
    after: str | None = None
    while True:
        query = select(*columns).where(
            Record.account_id == account_id,
            Record.resource == resource,
            Record.remote_was_deleted.is_(False),
        )
        if after is not None:
            query = query.where(Record.remote_id > after)
        rows = (await session.execute(query.order_by(Record.remote_id).limit(size))).all()
        if rows:
            yield rows
        if len(rows) < size:
            return
        after = rows[-1].remote_id


async def mark_unseen_deleted(
    session: AsyncSession,
    account_id: str,
    resource: str,
    *,
    since: dt.datetime,
    owners: Collection[str] | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Flag `remote_was_deleted` on records not seen since `since` (the start of a complete read).

    `owners` limits it to the records of these employees (`employee_remote_id`), for a read that
    covered only them. Returns how many records were newly flagged; never deletes a row.
    """
    now = now or utcnow()
    base = update(Record).where(
        Record.account_id == account_id,
        Record.resource == resource,
        Record.remote_was_deleted.is_(False),
        Record.seen_at < since,
    )
    base = base.values(remote_was_deleted=True, modified_at=now).execution_options(synchronize_session=False)
    if owners is None:
        return _rowcount(await session.execute(base))
    owner = Record.data["employee_remote_id"].as_string()
    flagged = 0
    for chunk in chunked(sorted(owners)):
        flagged += _rowcount(await session.execute(base.where(owner.in_(chunk))))
    return flagged


def _rowcount(result: Any) -> int:
    return int(getattr(result, "rowcount", 0) or 0)
