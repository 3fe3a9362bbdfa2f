"""The people reader: everyone in one search with every field, checked by the anomaly guard, then mapped."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import AsyncGenerator, Mapping
from typing import Any

from bobhub.store import records as store
from bobhub.sync import guard
from bobhub.sync.company import catalog, field_metadata
from bobhub.sync.context import EmployeeRef, SyncContext
from bobhub.sync.stream import Batch, Stream, chunks
from bobhub.unified import mapping

PEOPLE_BATCH = 500


async def read_people(stream: Stream, ctx: SyncContext) -> AsyncGenerator[Batch, None]:
    """One `POST /people/search` for the whole company (HiBob does not page it), in batches of 500."""
    cat, fields = await catalog(ctx), await field_metadata(ctx)
    # Every field id from the metadata already read: fields="all" would read the metadata again.
    employees = await ctx.client.people.search(fields=[f.id for f in fields], show_inactive=True)
    visible = guard.visible_categories(employees, fields)
    async with ctx.db.session() as session:
        before = await store.get_cursor(session, ctx.account_id, stream.name)
    refs = [EmployeeRef(e.id, _status(e.values)) for e in employees]
    statuses = Counter(r.status for r in refs if r.status)
    lost = guard.vanished(before, "categories", visible), guard.vanished(before, "statuses", statuses)
    if any(lost):
        ctx.suspicious.append(guard.vanished_note(*lost))
    ctx.publish("employees", refs)
    for part in chunks(employees, PEOPLE_BATCH):
        yield stream.see([mapping.map_employee(e, cat) for e in part])
    if not any(lost):
        # The people cursor is what this service user sees; the next read compares against it.
        yield Batch(
            cursor=json.dumps({"categories": sorted(visible), "statuses": dict(sorted(statuses.items()))})
        )


def _status(values: Mapping[str, Any]) -> str | None:
    found = values.get("internal.lifecycleStatus") or values.get("internal.status")
    return str(found) if found is not None else None
