"""The store after a write: what read-back saw is upserted like a sync batch, then events are queued."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from bobhub import events
from bobhub.store import records as store
from bobhub.store.models import Record, utcnow
from bobhub.unified.models import UnifiedRecord


async def save(session: AsyncSession, account_id: str, records: Sequence[UnifiedRecord]) -> dt.datetime:
    """Upsert the records (hidden fields keep their stored values) and queue their events; never commits.

    Returns the upsert time, the `since` of the events queued.
    """
    now = utcnow()
    by_resource: dict[str, list[UnifiedRecord]] = defaultdict(list)
    for record in records:
        by_resource[record.RESOURCE].append(record)
    for resource, found in by_resource.items():
        await store.upsert_records(session, account_id, resource, found, now=now)
    await events.record_changes(session, account_id, since=now)
    return now


async def stored(session: AsyncSession, account_id: str, record: UnifiedRecord | None) -> Record | None:
    """Our copy of a record after `save`, for its id and envelope."""
    if record is None:
        return None
    return await store.get_record(session, account_id, record.RESOURCE, record.remote_id)
