"""Writing synced records: batched upserts that never lose data and write only what changed.

Each record's JSON is serialised once, canonically (`prepare.py`): the same text gives its hash and is
what the row stores. Rows are written with Core statements, without the ORM's per-object work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Row, Table, bindparam, case, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bobhub.store.models import Record, new_id, utcnow
from bobhub.store.records.content import canonical_json, keep_hidden
from bobhub.store.records.prepare import (
    Incoming,
    PreparedRecords,
    SyncedRecord,
    prepare_records,
    record_digest,
)
from bobhub.store.records.sql import chunked, dialect_of, json_text, where_in

RECORDS = cast(Table, Record.__table__)  # Core statements: no ORM bulk-write overhead


@dataclass
class UpsertStats:
    """Each distinct remote_id counts once: as created, updated, unchanged or revived (was deleted)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    revived: int = 0

    @property
    def changed(self) -> int:
        """Records whose stored copy moved (their `modified_at` is now)."""
        return self.created + self.updated + self.revived

    def add(self, other: UpsertStats) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.revived += other.revived


_StoredRow = Row[str, str, str, str | None, bool]


@dataclass(slots=True)
class _Writes:
    inserts: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    touches: list[dict[str, Any]] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)


async def upsert_records(
    session: AsyncSession,
    account_id: str,
    resource: str,
    records: Sequence[SyncedRecord] | PreparedRecords,
    *,
    now: dt.datetime | None = None,
) -> UpsertStats:
    """Create or update records of one resource, in batches; never commits.

    No silent loss: a field in a record's `hidden_fields` keeps its previously stored value; `modified_at`
    moves only when the stored content (data + hidden_fields) changes or a deleted record comes back,
    so a change in `remote_data` alone updates it without moving `modified_at`. Every record seen gets
    `seen_at = now`; one flagged `remote_was_deleted` and seen again is revived. Unchanged records are
    not rewritten: only their `seen_at` moves. `records` may come prepared (`prepare_records`).
    """
    now = now or utcnow()
    stats = UpsertStats()
    dialect = dialect_of(session)
    prepared = records if isinstance(records, PreparedRecords) else prepare_records(resource, records)
    if prepared.resource != resource:
        raise ValueError(f"{prepared.resource} records cannot be stored as {resource}")
    for chunk in chunked(prepared.items):
        writes = await _plan(session, account_id, resource, chunk, now, stats)
        if writes.inserts:
            await session.execute(_insert(dialect), writes.inserts)
        if writes.updates:
            await session.execute(_update(dialect, content=True), writes.updates)
        if writes.touches:
            await session.execute(_update(dialect, content=False), writes.touches)
        if writes.seen:
            seen = update(RECORDS).where(RECORDS.c.id.in_(writes.seen), RECORDS.c.seen_at < now)
            await session.execute(seen.values(seen_at=now))
    return stats


def _insert(dialect: str) -> Any:
    return insert(RECORDS).values(
        data=json_text("p_data", dialect),
        hidden_fields=json_text("p_hidden", dialect),
        remote_data=json_text("p_remote", dialect),
    )


def _update(dialect: str, *, content: bool) -> Any:
    """An executemany UPDATE by id: the content and payload, or (`content` False) the payload only."""
    now = bindparam("p_now", type_=RECORDS.c.seen_at.type)
    values: dict[str, Any] = {
        "remote_data": json_text("p_remote", dialect),
        "remote_hash": bindparam("p_remote_hash"),
        # seen_at never moves back: a run that started earlier and writes later must not make a
        # record look unseen to the run that read it after (which flags unseen records deleted).
        "seen_at": case((RECORDS.c.seen_at > now, RECORDS.c.seen_at), else_=now),
    }
    if content:
        values |= {
            "data": json_text("p_data", dialect),
            "hidden_fields": json_text("p_hidden", dialect),
            "content_hash": bindparam("p_content_hash"),
            "modified_at": now,
            "remote_was_deleted": False,
        }
    return update(RECORDS).where(RECORDS.c.id == bindparam("p_id")).values(values)


async def _stored(
    session: AsyncSession, account_id: str, resource: str, chunk: Sequence[Incoming]
) -> tuple[dict[str, _StoredRow], dict[str, dict[str, Any]]]:
    """The stored rows of the chunk's remote_ids, and the data of those whose new copy hides fields."""
    scope = (Record.account_id == account_id, Record.resource == resource)
    columns = (
        Record.remote_id,
        Record.id,
        Record.content_hash,
        Record.remote_hash,
        Record.remote_was_deleted,
    )
    ids = [item.remote_id for item in chunk]
    dialect = dialect_of(session)
    rows = await session.execute(where_in(select(*columns).where(*scope), Record.remote_id, ids, dialect))
    stored = {row.remote_id: row for row in rows}
    with_hidden = [item.remote_id for item in chunk if item.hidden and item.remote_id in stored]
    if not with_hidden:
        return stored, {}
    old = await session.execute(
        where_in(select(Record.remote_id, Record.data).where(*scope), Record.remote_id, with_hidden, dialect)
    )
    return stored, {row.remote_id: row.data for row in old}


async def _plan(
    session: AsyncSession,
    account_id: str,
    resource: str,
    chunk: Sequence[Incoming],
    now: dt.datetime,
    stats: UpsertStats,
) -> _Writes:
    stored, old_data = await _stored(session, account_id, resource, chunk)
    writes = _Writes()
    for item in chunk:
        old = old_data.get(item.remote_id)
        data = keep_hidden(item.data, old, item.hidden) if old is not None else item.data
        data_json = item.data_json if data is item.data else canonical_json(data)
        hidden_json = item.hidden_json
        digest = item.digest if data is item.data else record_digest(data_json, hidden_json)
        row = stored.get(item.remote_id)
        payload = {"p_remote": item.remote_json, "p_remote_hash": item.remote_hash, "p_now": now}
        if row is None:
            stats.created += 1
            writes.inserts.append(_new_row(account_id, resource, item, now, digest, data_json, hidden_json))
        elif row.remote_was_deleted or row.content_hash != digest:
            if row.remote_was_deleted:
                stats.revived += 1
            else:
                stats.updated += 1
            content = {"p_data": data_json, "p_hidden": hidden_json, "p_content_hash": digest}
            writes.updates.append({"p_id": row.id, **payload, **content})
        else:
            stats.unchanged += 1
            if row.remote_hash == item.remote_hash:
                writes.seen.append(row.id)
            else:
                writes.touches.append({"p_id": row.id, **payload})
    return writes


def _new_row(
    account_id: str,
    resource: str,
    item: Incoming,
    now: dt.datetime,
    digest: str,
    data_json: str,
    hidden_json: str,
) -> dict[str, Any]:
    return {
        "id": new_id("rec"),
        "account_id": account_id,
        "resource": resource,
        "remote_id": item.remote_id,
        "p_data": data_json,
        "p_hidden": hidden_json,
        "p_remote": item.remote_json,
        "remote_hash": item.remote_hash,
        "content_hash": digest,
        "created_at": now,
        "modified_at": now,
        "remote_was_deleted": False,
        "seen_at": now,
    }
