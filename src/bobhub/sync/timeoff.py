"""Time-off readers: the change log (archived forever, gaps healed from who's out) and balances by priority.

The change feed is HiBob's only delta feed and it forgets after six months (hibob-api-notes.md §8.4):
we keep every item we read, and a cursor older than the window is a gap, reported and healed from
who's-out ranges (which show approved absences only, so canceled or declined requests in a gap stay lost).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncGenerator, Sequence
from typing import Any

from bobhub.hibob import NotFound, PermissionDenied
from bobhub.hibob.models import TimeOffChange
from bobhub.store import records as store
from bobhub.sync.context import SyncContext, Unavailable
from bobhub.sync.fanout import gather_chunks
from bobhub.sync.stream import Batch, Stream, chunks
from bobhub.unified import mapping

WINDOW_DAYS = 182  # HiBob's six months, kept a little short so `since` is never refused as too old
# Reads may lag writes by ~20 s: each read starts a minute before the last one ended; the archive
# ignores items it already holds.
OVERLAP = dt.timedelta(minutes=1)
BALANCES = "time_off_balances"
CHANGES_BATCH = 2000  # six months of a big company is tens of thousands of changes


def hibob_time(moment: dt.datetime) -> str:
    # Assumption: HiBob reads a datetime without offset as UTC (its docs show none). Truncating to the
    # second only moves `since` earlier, which re-reads a little and skips nothing.
    return moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds")


def parse_time(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


async def read_changes(stream: Stream, ctx: SyncContext) -> AsyncGenerator[Batch, None]:
    """Changes since the cursor (six months back on the first run or with `full`); cursor = read start."""
    async with ctx.db.session() as session:
        cursor = await store.get_cursor(session, ctx.account_id, stream.name)
    window_start = ctx.now - dt.timedelta(days=WINDOW_DAYS)
    since = parse_time(cursor) - OVERLAP if cursor and not ctx.full else window_start
    if since < window_start:
        yield await heal_gap(stream, ctx, since, window_start)
        since = window_start
    # No `to`: HiBob reads up to its own now. The cursor is our clock before the read, so whatever
    # changed during it is read again next time (the archive keeps one copy).
    changes = await ctx.client.time_off.changes(hibob_time(since), include_pending=True)
    ctx.publish("changed_balances", {f"{c.employee_id}:{c.policy_type_display_name}" for c in changes})
    for part in chunks(changes, CHANGES_BATCH):
        yield Batch(records=stream.see(latest_requests(part)).records, changes=[c.raw() for c in part])
    yield Batch(cursor=ctx.now.isoformat())


def latest_requests(changes: Sequence[TimeOffChange]) -> list[Any]:
    """One record per request, from its last change (HiBob sends the feed oldest first).

    Batches are committed in feed order, so a request changed twice ends with its later snapshot.
    """
    latest = {c.request_id: c for c in changes}
    return [mapping.map_request(c.raw()) for c in latest.values()]


async def heal_gap(stream: Stream, ctx: SyncContext, since: dt.datetime, until: dt.datetime) -> Batch:
    outs = await ctx.client.time_off.whos_out(since.date(), until.date(), include_private=True)
    requests = [mapping.map_request(o.raw()) for o in outs if o.request_id is not None]
    note = (
        f"time-off change log gap from {since.date()} to {until.date()} (older than HiBob's six months); "
        f"healed {len(requests)} requests from who's out"
    )
    ctx.notes.append(note)
    stream.outcome.note = note
    return stream.see(requests)


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

    async for found in gather_chunks(picks, one):
        yield stream.see([r for r in found if r is not None])


async def pick_balances(ctx: SyncContext) -> list[str]:
    employees = await ctx.employees()
    types: list[str] = await ctx.once("policy_types", ctx.client.time_off.list_policy_types)
    try:
        changed: set[str] = await ctx.wait_for("changed_balances")
    except Unavailable:
        changed = set()
    async with ctx.db.session() as session:
        stored = {r.remote_id async for r in store.iter_records(session, ctx.account_id, BALANCES)}
        stale = await store.stale_balances(session, ctx.account_id, ctx.balance_budget)
    visible = {e.id for e in employees}
    current = [e.id for e in employees if e.status != "terminated"]
    never = [f"{e}:{t}" for e in current for t in types if f"{e}:{t}" not in stored]
    order = [c for c in sorted(changed) if c.partition(":")[0] in visible] + never + stale
    return list(dict.fromkeys(order))[: ctx.balance_budget]
