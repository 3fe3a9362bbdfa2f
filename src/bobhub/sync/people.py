"""The people reader: everyone in one search, or ids first and then batches by id for big companies.

`POST /people/search` is not paginated (hibob-api-notes.md §4): one answer holds the whole company
with every field, which for 100,000 people is gigabytes. For large companies HiBob recommends
client-side batching, i.e. chunks of ids in one `root.id` `equals` filter (§10). Assumption: HiBob
accepts `ReadSizes.people_per_search` (1,000) ids in one filter; it documents no cap on `values`.
A company is read in batches when its last stored head count is above `people_in_one_search`, or
when nothing is stored yet and the ids search finds that many: a small company costs one search
per sync (two on its first). The ids are published at once, so the per-employee streams (balances,
documents) start while people are still being read; someone hired between the ids search and the
batches is read by the next sync. Every read is checked by the anomaly guard once it is complete.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import AsyncGenerator, AsyncIterator, Mapping, Sequence
from typing import Any

from bobhub.hibob import Employee
from bobhub.store import records as store
from bobhub.sync import guard
from bobhub.sync.company import catalog, field_metadata
from bobhub.sync.context import EmployeeRef, SyncContext
from bobhub.sync.stream import Batch, Stream, chunks
from bobhub.unified import mapping

PEOPLE_BATCH = 250  # employees mapped and committed together
# The per-employee streams need the ids, and balances the lifecycle status (terminated people have none).
ID_FIELDS = ("root.id", "internal.lifecycleStatus")


async def read_people(stream: Stream, ctx: SyncContext) -> AsyncGenerator[Batch, None]:
    """Map and yield everyone HiBob shows; the people cursor records what this service user sees."""
    cat, fields = await catalog(ctx), await field_metadata(ctx)
    async with ctx.db.session() as session:
        before = await store.get_cursor(session, ctx.account_id, stream.name)
        stored = await store.count_records(session, ctx.account_id, stream.resource)
    ids = None if 0 < stored <= ctx.sizes.people_in_one_search else await read_ids(ctx)
    visible: set[str] = set()
    statuses: Counter[str] = Counter()
    async for employees in searches(ctx, [f.id for f in fields], ids):
        if ids is None:
            ctx.publish("employees", [EmployeeRef(e.id, _status(e.values)) for e in employees])
        visible |= guard.visible_categories(employees, fields)
        statuses.update(s for e in employees if (s := _status(e.values)))
        employees.reverse()  # mapped from the end of the list, so that each one is let go once mapped
        while employees:
            part = [employees.pop() for _ in range(min(PEOPLE_BATCH, len(employees)))]
            yield stream.see([mapping.map_employee(e, cat) for e in part])
    lost = guard.vanished(before, "categories", visible), guard.vanished(before, "statuses", statuses)
    if any(lost):
        ctx.suspicious.append(guard.vanished_note(*lost))
        return
    # The people cursor is what this service user sees; the next read compares against it.
    yield Batch(
        cursor=json.dumps({"categories": sorted(visible), "statuses": dict(sorted(statuses.items()))})
    )


async def read_ids(ctx: SyncContext) -> list[str] | None:
    """Everyone's id (and status) in one small search, published at once for the per-employee streams.

    Returns the ids to read in batches, or None when the company is small enough for one search.
    """
    found = await ctx.client.people.search_values(ID_FIELDS, show_inactive=True)
    refs = [EmployeeRef(str(v["root.id"]), _status(v)) for v in found if v.get("root.id") is not None]
    del found
    ctx.publish("employees", refs)
    if len(refs) <= ctx.sizes.people_in_one_search:
        return None
    return [r.id for r in refs]


async def searches(
    ctx: SyncContext, field_ids: list[str], ids: Sequence[str] | None
) -> AsyncIterator[list[Employee]]:
    """Everyone in one search (`ids` None), or a search per chunk of ids."""
    people = ctx.client.people
    if ids is None:
        yield await people.search(fields=field_ids, show_inactive=True)
        return
    for part in chunks(ids, ctx.sizes.people_per_search):
        yield await people.search(fields=field_ids, show_inactive=True, ids=part)


def _status(values: Mapping[str, Any]) -> str | None:
    found = values.get("internal.lifecycleStatus") or values.get("internal.status")
    return str(found) if found is not None else None
