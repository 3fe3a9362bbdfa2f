"""The time-off change log, archived forever because HiBob serves only the last six months of it."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bobhub.store.models import TimeOffChange, new_id, utcnow
from bobhub.store.records.content import canonical_json
from bobhub.store.records.sql import chunked, dialect_of, json_text, where_in

# Our own annotation on an item (HiBob's change items carry no change time); it is not part of the key.
CHANGED_AT = "changedAt"
CHANGES = cast(Table, TimeOffChange.__table__)


def _first(item: Mapping[str, Any], *keys: str) -> Any:
    for key in keys:
        if item.get(key) is not None:
            return item[key]
    return None


def change_key(item: Mapping[str, Any]) -> str:
    """`requestId|changeType|hash`: the same HiBob item read in two overlapping windows gets one key."""
    return _keyed(item)[0]


def _keyed(item: Mapping[str, Any]) -> tuple[str, str]:
    """The item's key, and its canonical JSON (serialised once: it gives the hash and is stored)."""
    snapshot = {k: v for k, v in item.items() if k != CHANGED_AT}
    snapshot_json = canonical_json(snapshot)
    digest = hashlib.sha256(snapshot_json.encode()).hexdigest()[:32]
    request = _first(item, "requestId", "request_id")
    kind = _first(item, "changeType", "change_type")
    stored = snapshot_json if len(snapshot) == len(item) else canonical_json(dict(item))
    return f"{request}|{kind}|{digest}", stored


def _when(value: Any, default: dt.datetime) -> dt.datetime:
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, str) and value:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    else:
        return default
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _row(
    account_id: str, key: str, item: tuple[Mapping[str, Any], str], default: dt.datetime, now: dt.datetime
) -> dict[str, Any]:
    change, data_json = item
    request = _first(change, "requestId", "request_id")
    return {
        "id": new_id("chg"),
        "account_id": account_id,
        "change_key": key,
        "request_remote_id": str(request) if request is not None else None,
        "change_type": _first(change, "changeType", "change_type"),
        "changed_at": _when(change.get(CHANGED_AT), default),
        "p_data": data_json,
        "archived_at": now,
    }


@dataclass(frozen=True, slots=True)
class PreparedChanges:
    """Change items keyed and serialised, ready to archive (the CPU part, no database needed)."""

    by_key: dict[str, tuple[Mapping[str, Any], str]]


def prepare_changes(changes: Iterable[Mapping[str, Any]]) -> PreparedChanges:
    by_key: dict[str, tuple[Mapping[str, Any], str]] = {}
    for item in changes:
        key, data_json = _keyed(item)
        by_key[key] = (item, data_json)
    return PreparedChanges(by_key)


async def archive_changes(
    session: AsyncSession,
    account_id: str,
    changes: Sequence[Mapping[str, Any]] | PreparedChanges,
    *,
    changed_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Archive change items (HiBob's JSON); items already archived are skipped. Returns the new ones.

    An item's `changedAt` (ours, ISO or datetime) gives its time, else `changed_at`, else `now`.
    """
    now = now or utcnow()
    default = changed_at or now
    unique = (changes if isinstance(changes, PreparedChanges) else prepare_changes(changes)).by_key
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
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(CHANGES).values(data=json_text("p_data", dialect))
    return statement.on_conflict_do_nothing(index_elements=["account_id", "change_key"])


async def latest_change_time(session: AsyncSession, account_id: str) -> dt.datetime | None:
    query = select(func.max(TimeOffChange.changed_at)).where(TimeOffChange.account_id == account_id)
    return await session.scalar(query)
