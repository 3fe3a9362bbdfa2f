"""The time-off change log: read in slices of bounded size, archived forever, gaps healed from who's out.

The change feed is HiBob's only delta feed and it forgets after six months (hibob-api-notes.md §8.4):
we keep every item we read, and a cursor older than the window is a gap, reported and healed from
who's-out ranges (which show approved absences only, so canceled or declined requests in a gap stay lost).
HiBob answers a window in one response, however large (six months of 100,000 people is hundreds of
thousands of items), so a long window is read as consecutive `since`/`to` slices sized to hold about
`ReadSizes.changes_per_read` items each; the cursor advances after each slice commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncGenerator, AsyncIterator, Sequence
from typing import Any

from bobhub.hibob.models import TimeOffChange
from bobhub.store import records as store
from bobhub.sync.context import SyncContext
from bobhub.sync.stream import Batch, Stream, chunks
from bobhub.unified import mapping

WINDOW_DAYS = 182  # HiBob's six months, kept a little short so `since` is never refused as too old
# Reads may lag writes by ~20 s: each read starts a minute before the last one ended; the archive
# ignores items it already holds.
OVERLAP = dt.timedelta(minutes=1)
# Assumption: HiBob's `since`/`to` bounds are not documented as inclusive or exclusive; consecutive
# slices overlap by a second so that no change at a boundary falls between them.
EDGE = dt.timedelta(seconds=1)
FIRST_SLICE = dt.timedelta(days=1)  # the first read of a long window, before its density is known
MIN_SLICE = dt.timedelta(minutes=10)
CHANGES_BATCH = 2000  # change-log items per committed batch


def hibob_time(moment: dt.datetime) -> str:
    # Assumption: HiBob reads a datetime without offset as UTC (its docs show none). Truncating to the
    # second only moves `since` earlier, which re-reads a little and skips nothing.
    return moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds")


def parse_time(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


async def read_changes(stream: Stream, ctx: SyncContext) -> AsyncGenerator[Batch, None]:
    """Changes since the cursor (six months back on the first run or with `full`); cursor = read end."""
    async with ctx.db.session() as session:
        cursor = await store.get_cursor(session, ctx.account_id, stream.name)
    if cursor is None:
        # Never read before: no stored balance can be due because of a change, so none waits for this.
        ctx.publish("changed_balances", set())
    window_start = ctx.now - dt.timedelta(days=WINDOW_DAYS)
    since = parse_time(cursor) - OVERLAP if cursor and not ctx.full else window_start
    if since < window_start:
        yield await heal_gap(stream, ctx, since, window_start)
        since = window_start
    changed: set[str] | None = set() if cursor is not None else None
    async for changes, end in read_window(ctx, since):
        if changed is not None:
            changed.update(f"{c.employee_id}:{c.policy_type_display_name}" for c in changes)
        # The last slice has no end: HiBob reads up to its own now, and the cursor is our clock before
        # the run, so whatever changed during it is read again next time (the archive keeps one copy).
        cursor = (end or ctx.now).isoformat()
        parts = chunks(changes, CHANGES_BATCH)[::-1] or [()]
        del changes  # each part is let go once stored, and a slice before the next one is read
        while parts:
            part = parts.pop()
            items = [c.raw() for c in part]
            yield Batch(records=latest_requests(part, items), changes=items, cursor=None if parts else cursor)
        del part, items
    if changed is not None:
        ctx.publish("changed_balances", changed)


async def read_window(
    ctx: SyncContext, since: dt.datetime
) -> AsyncIterator[tuple[list[TimeOffChange], dt.datetime | None]]:
    """The log from `since` to now as (changes, slice end) pairs, the last one's end None."""
    start, span = since.replace(microsecond=0), FIRST_SLICE
    while True:
        end = start + span
        if end >= ctx.now:
            yield await ctx.client.time_off.changes(hibob_time(start), include_pending=True), None
            return
        found = await ctx.client.time_off.changes(hibob_time(start), to=hibob_time(end), include_pending=True)
        count = len(found)
        yield found, end
        del found
        # Aim the next slice at the target size from this one's density; an empty one grows fourfold.
        density = count / span.total_seconds()
        wanted = dt.timedelta(seconds=ctx.sizes.changes_per_read / density) if count else span * 4
        start, span = end - EDGE, max(MIN_SLICE, wanted)


def latest_requests(changes: Sequence[TimeOffChange], items: Sequence[dict[str, Any]]) -> list[Any]:
    """One record per request, from its last change (`items`: the changes' JSON); the feed is oldest first.

    Batches are committed in feed order, so a request changed twice ends with its later snapshot.
    """
    latest = {c.request_id: item for c, item in zip(changes, items, strict=True)}
    return [mapping.map_request(item) for item in latest.values()]


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
