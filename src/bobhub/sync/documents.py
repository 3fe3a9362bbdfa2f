"""The documents reader: each employee's document metadata (HiBob has no company-wide documents call)."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Any

from bobhub.hibob import NotFound
from bobhub.sync.context import SyncContext
from bobhub.sync.fanout import gather_chunks
from bobhub.sync.stream import Batch, Stream
from bobhub.unified import mapping


async def read_documents(stream: Stream, ctx: SyncContext) -> AsyncGenerator[Batch, None]:
    """Document endpoints have no rate limit; the budget still caps how many are in flight."""
    employees = [e.id for e in await ctx.employees()]

    async def one(employee_id: str) -> list[Any]:
        try:
            documents = await ctx.client.documents.list(employee_id)
        except NotFound:
            stream.outcome.complete = False  # gone between the people read and this one
            return []
        return [mapping.map_document(employee_id, d.raw()) for d in documents]

    async for found in gather_chunks(employees, one):
        yield stream.see([record for records in found for record in records])
