"""Readers of company-wide data: field metadata, named lists (groups, sites), time-off policies, histories."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Sequence
from typing import Any

from bobhub.hibob.models import BulkRow, FieldMetadata, NamedList
from bobhub.hibob.resources.tables import BulkTable
from bobhub.sync.context import SyncContext
from bobhub.sync.stream import Batch, Stream
from bobhub.unified import mapping

HISTORY_BATCH = 1000  # employees per committed batch (five bulk pages): fewer, larger transactions


async def field_metadata(ctx: SyncContext) -> list[FieldMetadata]:
    fields: list[FieldMetadata] = await ctx.once("fields", ctx.client.metadata.fields.list)
    return fields


async def named_lists(ctx: SyncContext) -> list[NamedList]:
    lists: list[NamedList] = await ctx.once("lists", ctx.client.metadata.lists.list)
    return lists


async def catalog(ctx: SyncContext) -> mapping.FieldCatalog:
    fields, lists = await field_metadata(ctx), await named_lists(ctx)
    return mapping.FieldCatalog.from_metadata(fields, lists)


async def read_custom_fields(stream: Stream, ctx: SyncContext) -> AsyncGenerator[Batch, None]:
    fields = await field_metadata(ctx)
    yield stream.see(mapping.custom_fields(fields))


async def read_groups(stream: Stream, ctx: SyncContext) -> AsyncGenerator[Batch, None]:
    yield stream.see(mapping.map_named_lists(await named_lists(ctx)))


async def read_locations(stream: Stream, ctx: SyncContext) -> AsyncGenerator[Batch, None]:
    yield stream.see(mapping.map_locations(await named_lists(ctx)))


async def read_policies(stream: Stream, ctx: SyncContext) -> AsyncGenerator[Batch, None]:
    time_off = ctx.client.time_off
    types: list[str] = await ctx.once("policy_types", time_off.list_policy_types)
    for policy_type in types:
        policies = [await time_off.get_policy(n) for n in await time_off.list_policy_names(policy_type)]
        yield stream.see([mapping.map_policy(policy_type, p.raw()) for p in policies])


async def read_history(stream: Stream, ctx: SyncContext, table: BulkTable) -> AsyncGenerator[Batch, None]:
    """Every employee's rows of one table through HiBob's bulk endpoint, a page per batch."""
    pages = ctx.client.tables.iter(table)
    rows: list[BulkRow] = []
    async for row in pages:
        rows.append(row)
        if len(rows) >= HISTORY_BATCH:
            yield stream.see(history_records(table, rows))
            rows = []
    if rows:
        yield stream.see(history_records(table, rows))
    if pages.errors:
        # Employees HiBob would not return: their stored rows stay as they are.
        stream.outcome.complete = False
        stream.outcome.note = f"HiBob withheld {len(pages.errors)} employees' {table} rows"


def history_records(table: str, rows: Sequence[BulkRow]) -> list[Any]:
    records: list[Any] = []
    for row in rows:
        records.extend(mapping.map_table_rows(table, row.employee_id, [v.raw() for v in row.values]))
    return records
