"""Time-off balances by priority: a call per employee and policy type, within a per-run budget.

Balances whose requests changed since the last run come first, then those never read, then the least
recently refreshed; the change log itself is read in `changelog.py`.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from itertools import chain
from typing import Any

from bobhub.hibob import NotFound, PermissionDenied
from bobhub.store import records as store
from bobhub.sync.context import SyncContext, Unavailable
from bobhub.sync.fanout import gather_chunks
from bobhub.sync.stream import Batch, Stream
from bobhub.unified import mapping

BALANCES = "time_off_balances"


async def read_balances(stream: Stream, ctx: SyncContext) -> AsyncGenerator[Batch, None]:
    """Balances whose requests changed first, then never-read ones, then the oldest, within the budget."""
    picks = await pick_balances(ctx)
    as_of = ctx.now.date()

    async def one(remote_id: str) -> Any:
        employee_id, _, policy_type = remote_id.partition(":")
        try:
            balance = await ctx.client.time_off.get_balance(employee_id, policy_type, as_of)
        except (NotFound, PermissionDenied):
            return None  # someone who left the audience since the people read; retried next run
        return mapping.map_balance(balance.raw(), policy_type, as_of.isoformat())

    async for _, found in gather_chunks(picks, one):
        yield stream.see([r for r in found if r is not None])


async def pick_balances(ctx: SyncContext) -> list[str]:
    employees = await ctx.employees()
    types: list[str] = await ctx.once("policy_types", ctx.client.time_off.list_policy_types)
    try:
        changed: set[str] = await ctx.wait_for("changed_balances")
    except Unavailable:
        changed = set()
    async with ctx.db.session() as session:
        stored = await store.list_remote_ids(session, ctx.account_id, BALANCES)
        stale = await store.stale_balances(session, ctx.account_id, ctx.balance_budget)
    visible = {e.id for e in employees}
    # Lazily, and only up to the budget: a big company has employees × policy types balances.
    never = (f"{e.id}:{t}" for e in employees if e.status != "terminated" for t in types)
    order = chain(
        (c for c in sorted(changed) if c.partition(":")[0] in visible),
        (b for b in never if b not in stored),
        stale,
    )
    picks: dict[str, None] = {}
    for remote_id in order:
        if len(picks) >= ctx.balance_budget:
            break
        picks.setdefault(remote_id)
    return list(picks)
