"""Writing synced records: batched upserts that never lose data, and flagging rows HiBob no longer has."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import Row, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bobhub.store.models import Record, new_id, utcnow
from bobhub.store.records.content import content_hash, keep_hidden, remote_hash
from bobhub.store.records.sql import chunked, dialect_of, where_in


class SyncedRecord(Protocol):
    """What the store needs of a unified record (bobhub.unified models satisfy it)."""

    @property
    def remote_id(self) -> str: ...

    @property
    def hidden_fields(self) -> Sequence[str]: ...

    @property
    def remote_data(self) -> Mapping[str, Any] | None: ...

    def content(self) -> dict[str, Any]: ...


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
class _Incoming:
    remote_id: str
    data: dict[str, Any]
    hidden: list[str]
    remote_data: dict[str, Any] | None
    remote_hash: str | None


@dataclass(slots=True)
class _Writes:
    inserts: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    touches: list[dict[str, Any]] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)


def _prepare(resource: str, records: Iterable[SyncedRecord]) -> list[_Incoming]:
    # The last copy of a remote_id wins, as if the records had been upserted one after the other.
    incoming: dict[str, _Incoming] = {}
    for record in records:
        kind = getattr(record, "RESOURCE", resource)
        if kind != resource:
            raise ValueError(f"a {kind} record cannot be stored as {resource}")
        raw = dict(record.remote_data) if record.remote_data is not None else None
        incoming[record.remote_id] = _Incoming(
            remote_id=record.remote_id,
            data=record.content(),
            hidden=sorted(set(record.hidden_fields)),
            remote_data=raw,
            remote_hash=remote_hash(raw),
        )
    return list(incoming.values())


async def upsert_records(
    session: AsyncSession,
    account_id: str,
    resource: str,
    records: Sequence[SyncedRecord],
    *,
    now: dt.datetime | None = None,
) -> UpsertStats:
    """Create or update records of one resource, in batches; never commits.

    No silent loss: a field in a record's `hidden_fields` keeps its previously stored value; `modified_at`
    moves only when the stored content (data + hidden_fields) changes or a deleted record comes back,
    so a change in `remote_data` alone updates it without moving `modified_at`. Every record seen gets
    `seen_at = now`; one flagged `remote_was_deleted` and seen again is revived.
    """
    now = now or utcnow()
    stats = UpsertStats()
    for chunk in chunked(_prepare(resource, records)):
        writes = await _plan(session, account_id, resource, chunk, now, stats)
        if writes.inserts:
            await session.execute(insert(Record), writes.inserts)
        for rows in (writes.updates, writes.touches):
            if rows:
                await session.execute(update(Record), rows)
        if writes.seen:
            await session.execute(
                update(Record)
                .where(Record.id.in_(writes.seen))
                .values(seen_at=now)
                .execution_options(synchronize_session=False)
            )
    return stats


async def _stored(
    session: AsyncSession, account_id: str, resource: str, chunk: Sequence[_Incoming]
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
    chunk: Sequence[_Incoming],
    now: dt.datetime,
    stats: UpsertStats,
) -> _Writes:
    stored, old_data = await _stored(session, account_id, resource, chunk)
    writes = _Writes()
    for item in chunk:
        old = old_data.get(item.remote_id)
        data = keep_hidden(item.data, old, item.hidden) if old is not None else item.data
        digest = content_hash(data, item.hidden)
        row = stored.get(item.remote_id)
        if row is None:
            stats.created += 1
            writes.inserts.append(_new_row(account_id, resource, item, data, digest, now))
        elif row.remote_was_deleted or row.content_hash != digest:
            if row.remote_was_deleted:
                stats.revived += 1
            else:
                stats.updated += 1
            writes.updates.append(_changed_row(row.id, item, data, digest, now))
        else:
            stats.unchanged += 1
            if row.remote_hash == item.remote_hash:
                writes.seen.append(row.id)
            else:
                touch = {"remote_data": item.remote_data, "remote_hash": item.remote_hash, "seen_at": now}
                writes.touches.append({"id": row.id, **touch})
    return writes


def _changed_row(
    record_id: str, item: _Incoming, data: dict[str, Any], digest: str, now: dt.datetime
) -> dict[str, Any]:
    return {
        "id": record_id,
        "data": data,
        "hidden_fields": item.hidden,
        "remote_data": item.remote_data,
        "remote_hash": item.remote_hash,
        "content_hash": digest,
        "modified_at": now,
        "seen_at": now,
        "remote_was_deleted": False,
    }


def _new_row(
    account_id: str, resource: str, item: _Incoming, data: dict[str, Any], digest: str, now: dt.datetime
) -> dict[str, Any]:
    return {
        "id": new_id("rec"),
        "account_id": account_id,
        "resource": resource,
        "remote_id": item.remote_id,
        "data": data,
        "hidden_fields": item.hidden,
        "remote_data": item.remote_data,
        "remote_hash": item.remote_hash,
        "content_hash": digest,
        "created_at": now,
        "modified_at": now,
        "remote_was_deleted": False,
        "seen_at": now,
    }


async def mark_missing_deleted(
    session: AsyncSession,
    account_id: str,
    resource: str,
    seen_remote_ids: Collection[str],
    *,
    scope: Iterable[str] | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Flag `remote_was_deleted` (and move `modified_at`) on records not seen; never deletes a row.

    `scope` limits the check to records whose remote_id starts with one of these prefixes, for a read
    that covered only part of the resource, e.g. `[f"{employee_id}:"]` after refetching one employee's
    history rows. Returns how many records were newly flagged.
    """
    now = now or utcnow()
    prefixes = tuple(scope) if scope is not None else None
    if prefixes == ():
        return 0
    seen = seen_remote_ids if isinstance(seen_remote_ids, set | frozenset) else set(seen_remote_ids)
    rows = await session.execute(
        select(Record.id, Record.remote_id).where(
            Record.account_id == account_id,
            Record.resource == resource,
            Record.remote_was_deleted.is_(False),
        )
    )
    missing = [
        row.id
        for row in rows
        if row.remote_id not in seen and (prefixes is None or row.remote_id.startswith(prefixes))
    ]
    for chunk in chunked(missing):
        await session.execute(
            update(Record)
            .where(Record.id.in_(chunk))
            .values(remote_was_deleted=True, modified_at=now)
            .execution_options(synchronize_session=False)
        )
    return len(missing)
