"""Per-item bookmarks of a stream: when each item (e.g. an employee's documents) was last read.

They live in `sync_state` beside the streams' cursors, one row per item named `{stream}/{key}`, so a
stream that reads a few items per run can pick those never read, then those read longest ago.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bobhub.store.models import SyncState, utcnow
from bobhub.store.records.sql import chunked, dialect_of

SEPARATOR = "/"


def _prefix(stream: str) -> str:
    return f"{stream}{SEPARATOR}"


async def mark_read(
    session: AsyncSession,
    account_id: str,
    stream: str,
    keys: Sequence[str],
    *,
    now: dt.datetime | None = None,
) -> None:
    """Note that `keys` were read at `now`; call it in the transaction that commits what was read."""
    now = now or utcnow()
    prefix = _prefix(stream)
    rows = [{"account_id": account_id, "stream": prefix + k, "cursor": None, "updated_at": now} for k in keys]
    dialect = dialect_of(session)
    for chunk in chunked(rows):
        await session.execute(_upsert(dialect), chunk)


def _upsert(dialect: str) -> Any:
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(SyncState)
    return statement.on_conflict_do_update(
        index_elements=["account_id", "stream"], set_={"updated_at": statement.excluded.updated_at}
    )


async def read_keys(session: AsyncSession, account_id: str, stream: str) -> set[str]:
    """Every key of the stream ever read."""
    prefix = _prefix(stream)
    query = select(SyncState.stream).where(
        SyncState.account_id == account_id, SyncState.stream.startswith(prefix, autoescape=True)
    )
    return {name[len(prefix) :] for name in await session.scalars(query)}


async def least_recent(session: AsyncSession, account_id: str, stream: str, limit: int) -> list[str]:
    """Up to `limit` keys of the stream, read longest ago first."""
    prefix = _prefix(stream)
    query = (
        select(SyncState.stream)
        .where(SyncState.account_id == account_id, SyncState.stream.startswith(prefix, autoescape=True))
        .order_by(SyncState.updated_at, SyncState.stream)
        .limit(limit)
    )
    return [name[len(prefix) :] for name in await session.scalars(query)]
