"""The time-off change log, archived forever because HiBob serves only the last six months of it."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bobhub.store.models import TimeOffChange, new_id, utcnow
from bobhub.store.records.content import canonical_json
from bobhub.store.records.sql import chunked, dialect_of, where_in

# Our own annotation on an item (HiBob's change items carry no change time); it is not part of the key.
CHANGED_AT = "changedAt"


def _first(item: Mapping[str, Any], *keys: str) -> Any:
    for key in keys:
        if item.get(key) is not None:
            return item[key]
    return None


def change_key(item: Mapping[str, Any]) -> str:
    """`requestId|changeType|hash`: the same HiBob item read in two overlapping windows gets one key."""
    snapshot = {k: v for k, v in item.items() if k != CHANGED_AT}
    digest = hashlib.sha256(canonical_json(snapshot).encode()).hexdigest()[:32]
    request = _first(item, "requestId", "request_id")
    kind = _first(item, "changeType", "change_type")
    return f"{request}|{kind}|{digest}"


def _when(value: Any, default: dt.datetime) -> dt.datetime:
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, str) and value:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    else:
        return default
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _row(
    account_id: str, key: str, item: Mapping[str, Any], default: dt.datetime, now: dt.datetime
) -> dict[str, Any]:
    request = _first(item, "requestId", "request_id")
    return {
        "id": new_id("chg"),
        "account_id": account_id,
        "change_key": key,
        "request_remote_id": str(request) if request is not None else None,
        "change_type": _first(item, "changeType", "change_type"),
        "changed_at": _when(item.get(CHANGED_AT), default),
        "data": dict(item),
        "archived_at": now,
    }


async def archive_changes(
    session: AsyncSession,
    account_id: str,
    changes: Sequence[Mapping[str, Any]],
    *,
    changed_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Archive change items (HiBob's JSON); items already archived are skipped. Returns the new ones.

    An item's `changedAt` (ours, ISO or datetime) gives its time, else `changed_at`, else `now`.
    """
    now = now or utcnow()
    default = changed_at or now
    unique = {change_key(item): item for item in changes}
    keys = list(unique)
    dialect = dialect_of(session)
    added = 0
    for chunk in chunked(keys):
        query = select(TimeOffChange.change_key).where(TimeOffChange.account_id == account_id)
        known = set(await session.scalars(where_in(query, TimeOffChange.change_key, chunk, dialect)))
        rows = [_row(account_id, k, unique[k], default, now) for k in chunk if k not in known]
        if rows:
            await session.execute(_insert_new(dialect), rows)
            added += len(rows)
    return added


def _insert_new(dialect: str) -> Any:
    # ON CONFLICT DO NOTHING keeps a concurrent archiver of the same account from failing the batch.
    if dialect == "postgresql":
        return postgresql.insert(TimeOffChange).on_conflict_do_nothing(
            index_elements=["account_id", "change_key"]
        )
    if dialect == "sqlite":
        return sqlite.insert(TimeOffChange).on_conflict_do_nothing(
            index_elements=["account_id", "change_key"]
        )
    return insert(TimeOffChange)


async def latest_change_time(session: AsyncSession, account_id: str) -> dt.datetime | None:
    query = select(func.max(TimeOffChange.changed_at)).where(TimeOffChange.account_id == account_id)
    return await session.scalar(query)
