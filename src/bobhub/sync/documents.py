"""The documents reader: employees' document metadata by priority, within a per-run call budget.

HiBob has no company-wide documents call: reading everyone's documents costs one call per employee
(10,000 calls for 10,000 people). A run therefore reads the employees never read first, then those
read longest ago, up to `documents_budget` calls (`full` reads everyone); each employee's read time is
bookmarked with the documents it found. The employees left for a later run keep their stored
documents: only those of the employees read, or of people HiBob no longer returns, can be flagged
deleted (and only when the anomaly guard lets the run delete anything).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Sequence
from typing import Any

from bobhub.hibob import NotFound
from bobhub.store import records as store
from bobhub.sync.context import SyncContext
from bobhub.sync.fanout import gather_chunks
from bobhub.sync.stream import Batch, Stream
from bobhub.unified import mapping


async def read_documents(stream: Stream, ctx: SyncContext) -> AsyncGenerator[Batch, None]:
    """Document endpoints have no rate limit; the budget still caps how many are in flight."""
    employees = [e.id for e in await ctx.employees()]
    picks = employees if ctx.full else await pick_employees(stream, ctx, employees)
    if len(picks) < len(employees):
        stream.outcome.owners = set(picks) | await gone_owners(ctx, stream, employees)
        ctx.notes.append(
            f"documents: read for {len(picks)} of {len(employees)} employees (never read first, then "
            f"the least recently read; budget {ctx.documents_budget} a run); the others keep their "
            "last copy until their turn"
        )

    async def one(employee_id: str) -> list[Any] | None:
        try:
            documents = await ctx.client.documents.list(employee_id)
        except NotFound:
            stream.outcome.complete = False  # gone between the people read and this one
            return None
        return [mapping.map_document(employee_id, d.raw()) for d in documents]

    async for ids, found in gather_chunks(picks, one):
        read = [i for i, docs in zip(ids, found, strict=True) if docs is not None]
        batch = stream.see([record for docs in found if docs for record in docs])
        batch.read = read
        yield batch


async def gone_owners(ctx: SyncContext, stream: Stream, employees: Sequence[str]) -> set[str]:
    """Employees with stored documents who are no longer in the people read: theirs are gone too."""
    async with ctx.db.session() as session:
        owners = await store.list_owners(session, ctx.account_id, stream.resource)
    return owners - set(employees)


async def pick_employees(stream: Stream, ctx: SyncContext, employees: Sequence[str]) -> list[str]:
    """Never read first (in people order), then the least recently read, up to the budget."""
    budget = ctx.documents_budget
    if budget <= 0:
        return []
    visible = set(employees)
    async with ctx.db.session() as session:
        known = await store.read_keys(session, ctx.account_id, stream.name)
        never = [e for e in employees if e not in known][:budget]
        room = budget - len(never)
        # Bookmarks of people no longer visible may come first: ask for enough to fill the room anyway.
        wanted = room + len(known - visible)
        stale = await store.least_recent(session, ctx.account_id, stream.name, wanted) if room else []
    return never + [e for e in stale if e in visible][:room]
