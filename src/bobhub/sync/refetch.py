"""Targeted refetch after HiBob webhooks: just the employees and requests named, in as few calls as possible.

Employees come back through one search filtered by id and their histories through the bulk endpoints'
`employeeIds=` (200 per call); requests through one read of the change log since its cursor, which
also archives the changes. Nothing is flagged deleted here: only a complete sync may do that.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Iterable, Sequence
from typing import Any

import httpx

from bobhub.hibob import RateBudget, RetryPolicy
from bobhub.hibob.resources.tables import MAX_BULK_EMPLOYEES, BulkTable
from bobhub.store import Database, Vault
from bobhub.sync.company import catalog, field_metadata, history_records
from bobhub.sync.context import SyncContext
from bobhub.sync.engine import SyncResult, run_streams
from bobhub.sync.stream import Batch, Stream, chunks
from bobhub.sync.streams import TimeOffChanges
from bobhub.unified import mapping

RESOURCES: dict[BulkTable, str] = {
    "work": "job_records",
    "employment": "employment_records",
    "lifecycle": "lifecycle_records",
    "salaries": "compensation_records",
}


class SomePeople(Stream):
    """The employees a webhook named, read in one search (or a few, for very many of them)."""

    name, resource, endpoint = "people", "employees", "POST /people/search"

    def __init__(self, ids: Sequence[str]) -> None:
        super().__init__()
        self.ids = ids

    async def read(self, ctx: SyncContext) -> AsyncGenerator[Batch, None]:
        cat, fields = await catalog(ctx), await field_metadata(ctx)
        field_ids = [f.id for f in fields]
        for part in chunks(self.ids, ctx.sizes.people_per_search):
            found = await ctx.client.people.search(fields=field_ids, show_inactive=True, ids=part)
            yield self.see([mapping.map_employee(e, cat) for e in found])


class SomeHistory(Stream):
    """One table's rows of the employees a webhook named."""

    endpoint = "GET /bulk/people/{table}?employeeIds="

    def __init__(self, table: BulkTable, ids: Sequence[str]) -> None:
        super().__init__()
        self.table, self.ids = table, ids
        self.name, self.resource = f"{table}_history", RESOURCES[table]

    async def read(self, ctx: SyncContext) -> AsyncGenerator[Batch, None]:
        for part in chunks(self.ids, MAX_BULK_EMPLOYEES):
            rows = [row async for row in ctx.client.tables.iter(self.table, employee_ids=part)]
            yield self.see(history_records(self.table, rows))


async def refetch(
    db: Database,
    vault: Vault,
    account_id: str,
    *,
    employee_ids: Iterable[str] = (),
    request_ids: Iterable[Any] = (),
    http_client: httpx.AsyncClient | None = None,
    budget: RateBudget | None = None,
    retry: RetryPolicy | None = None,
) -> SyncResult:
    """Read again what webhooks named; `request_ids` only says whether the change log needs a read."""
    ids = sorted(set(employee_ids))
    streams: list[Stream] = []
    if ids:
        streams.append(SomePeople(ids))
        streams.extend(SomeHistory(table, ids) for table in RESOURCES)
    if list(request_ids):
        streams.append(TimeOffChanges())
    return await run_streams(
        db, vault, account_id, streams, kind="webhook", http_client=http_client, budget=budget, retry=retry
    )
