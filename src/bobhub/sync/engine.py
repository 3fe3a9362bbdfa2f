"""The engine: runs an account's streams concurrently within its rate budget and records every run.

Per stream: read a batch → upsert it and advance the cursor in one transaction → next batch. Deletions
wait until every stream has finished, so the anomaly guard has seen the whole run before anything is
flagged deleted. A run first marks "interrupted" the account's runs whose process has stopped.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from contextlib import aclosing
from dataclasses import asdict, dataclass
from typing import Any

import httpx
from rich.progress import Progress

from bobhub import events
from bobhub.hibob import InMemoryBudget, RateBudget, RetryPolicy
from bobhub.store import Database, Vault
from bobhub.store import records as store
from bobhub.store.models import SyncRun, utcnow
from bobhub.sync import guard
from bobhub.sync.account import account_client, clear_attention, load_account, note_status
from bobhub.sync.context import CURRENT_METER, CallMeter, ReadSizes, RunOptions, SyncContext
from bobhub.sync.owner import stopped, this_process
from bobhub.sync.progress import Bars
from bobhub.sync.stream import Batch, Stream
from bobhub.sync.streams import STREAMS

SyncResult = dict[str, Any]


@dataclass(slots=True)
class StreamReport:
    """One stream's part of a run, as `sync_stream_runs` stores it."""

    name: str
    status: str = "succeeded"
    records: int = 0
    created: int = 0
    updated: int = 0
    deleted: int = 0
    calls: int = 0
    rate_limited: int = 0
    duration_ms: int = 0
    error: str | None = None


async def run_sync(
    db: Database,
    vault: Vault,
    account_id: str,
    *,
    full: bool = False,
    http_client: httpx.AsyncClient | None = None,
    budget: RateBudget | None = None,
    progress: Progress | None = None,
    balance_budget: int = 200,
    documents_budget: int = 500,
    retry: RetryPolicy | None = None,
    sizes: ReadSizes | None = None,
) -> SyncResult:
    """Sync every stream of one account; `full` also re-reads the time-off window and every document.

    Balances and documents cost a call per employee: a run reads at most `balance_budget` balances and
    `documents_budget` employees' documents, the most overdue first.
    """
    return await run_streams(
        db,
        vault,
        account_id,
        [cls() for cls in STREAMS],
        kind="full" if full else "incremental",
        options=RunOptions(full, balance_budget, documents_budget, sizes or ReadSizes()),
        http_client=http_client,
        budget=budget,
        progress=progress,
        retry=retry,
    )


async def run_streams(
    db: Database,
    vault: Vault,
    account_id: str,
    streams: Sequence[Stream],
    *,
    kind: store.RunKind,
    options: RunOptions | None = None,
    http_client: httpx.AsyncClient | None = None,
    budget: RateBudget | None = None,
    progress: Progress | None = None,
    retry: RetryPolicy | None = None,
) -> SyncResult:
    """Run `streams` for one account as one recorded SyncRun (sync, incremental or webhook refetch)."""
    account = await load_account(db, account_id)
    run, interrupted = await begin(db, account_id, kind)
    bars = Bars(progress)
    async with account_client(
        account, vault, http_client=http_client, budget=budget or InMemoryBudget(), retry=retry
    ) as client:
        ctx = SyncContext(db, account_id, client, options or RunOptions())
        if interrupted:
            ctx.notes.append(f"marked interrupted: {', '.join(interrupted)} (their process had stopped)")
        reports = await asyncio.gather(*(read_stream(ctx, s, bars) for s in streams))
    deleting = [(s, r) for s, r in zip(streams, reports, strict=True) if s.deletes and s.outcome.complete]
    for stream, _ in deleting:
        await check_count(ctx, stream)
    for stream, report in deleting if not ctx.suspicious else ():
        await apply_deletions(ctx, stream, report)
    clean = kind != "webhook" and all(s.outcome.complete for s in streams)
    return await finish(ctx, run, reports, clean=clean)


async def begin(db: Database, account_id: str, kind: store.RunKind) -> tuple[SyncRun, list[str]]:
    """Start a run, after marking interrupted the account's runs whose process had stopped."""
    async with db.session() as session:
        now = utcnow()
        interrupted = await store.interrupt_runs(session, account_id, lambda r: stopped(r, now), now=now)
        run = await store.start_run(session, account_id, kind, now=now, owner=this_process())
        await session.commit()
    return run, interrupted


async def read_stream(ctx: SyncContext, stream: Stream, bars: Bars) -> StreamReport:
    """Read and store one stream; a failure stops this stream only, and is recorded."""
    meter = CallMeter()
    CURRENT_METER.set(meter)  # this coroutine runs in its own task: the meter is this stream's
    report, started = StreamReport(stream.name), time.monotonic()
    bars.start(stream.name)
    try:
        async with aclosing(stream.read(ctx)) as batches:
            async for batch in batches:
                await ingest(ctx, stream, batch, report)
                bars.advance(stream.name, len(batch.records))
    except Exception as exc:  # any failure of one stream is that stream's error, not the run's end
        report.status, report.error = "failed", f"{type(exc).__name__}: {exc}"
        stream.outcome.complete = False
    finally:
        for key in stream.provides:
            ctx.withdraw(key, f"the {stream.name} stream failed")
    report.calls, report.rate_limited = meter.calls, meter.rate_limited
    report.duration_ms = int((time.monotonic() - started) * 1000)
    bars.done(stream.name, report.status)
    return report


async def ingest(ctx: SyncContext, stream: Stream, batch: Batch, report: StreamReport) -> None:
    """Commit a batch's rows with its cursor and bookmarks in one transaction: all of them or none.

    Serialising and hashing come first, outside the write lock, so that they overlap with the
    writes of other streams instead of queueing behind them.
    """
    records = store.prepare_records(stream.resource, batch.records) if batch.records else None
    changes = store.prepare_changes(batch.changes) if batch.changes else None
    async with ctx.write_lock, ctx.db.session() as session:
        if records is not None:
            stats = await store.upsert_records(session, ctx.account_id, stream.resource, records, now=ctx.now)
            report.records += len(batch.records)
            stream.outcome.seen += stats.created + stats.updated + stats.unchanged + stats.revived
            report.created += stats.created + stats.revived
            report.updated += stats.updated
        if changes is not None:
            await store.archive_changes(session, ctx.account_id, changes, changed_at=ctx.now)
        if batch.read:
            await store.mark_read(session, ctx.account_id, stream.name, batch.read, now=ctx.now)
        if batch.cursor is not None:
            await store.set_cursor(session, ctx.account_id, stream.name, batch.cursor)
        await session.commit()


async def check_count(ctx: SyncContext, stream: Stream) -> None:
    """The guard's count check: far fewer records than stored means lost access, not mass deletion."""
    if stream.outcome.owners is not None:
        return  # a read of some employees' records only: fewer than stored is expected
    async with ctx.db.session() as session:
        stored = await store.count_records(session, ctx.account_id, stream.resource)
    if reason := guard.count_drop(stream.name, stream.outcome.seen, stored):
        ctx.suspicious.append(reason)


async def apply_deletions(ctx: SyncContext, stream: Stream, report: StreamReport) -> None:
    """Flag what a complete read did not return (never removed: `remote_was_deleted`).

    Every record the run read has `seen_at` at or after the run's start; the others were not read.
    """
    async with ctx.db.session() as session:
        report.deleted = await store.mark_unseen_deleted(
            session,
            ctx.account_id,
            stream.resource,
            since=ctx.now,
            owners=stream.outcome.owners,
            now=ctx.now,
        )
        await session.commit()


async def finish(ctx: SyncContext, run: Any, reports: Sequence[StreamReport], *, clean: bool) -> SyncResult:
    """Record the stream runs and the run, and the account's status: a suspicious run turns it "needs
    attention"; a clean one (every stream read completely, nothing suspicious) turns it back."""
    failed = [r for r in reports if r.status == "failed"]
    status: store.RunStatus = "suspicious" if ctx.suspicious else "failed" if failed else "succeeded"
    if clean and status == "succeeded" and await clear_attention(ctx.db, ctx.account_id):
        ctx.notes.append("the account is linked again: this sync saw what the service user saw before")
    error = "; ".join(f"{r.name}: {r.error}" for r in failed) or None
    summary = {"streams": [asdict(r) for r in reports], "notes": ctx.notes, "suspicious": ctx.suspicious}
    async with ctx.db.session() as session:
        for r in reports:
            fields = {k: v for k, v in asdict(r).items() if k != "name"}
            await store.record_stream_run(session, run.id, r.name, **fields)
        attached = await session.merge(run)  # the run was started in another session
        await store.finish_run(session, attached, status, error=error, summary=summary)
        await session.commit()
    attention = " ".join(ctx.suspicious) or None
    await note_status(ctx.db, ctx.account_id, attention)
    await events.after_sync(ctx.db, ctx.account_id, run.id, since=ctx.now, status=status, attention=attention)
    shown = ("name", "status", "records", "created", "updated", "deleted", "calls")
    streams = [{k: asdict(r)[k] for k in shown} for r in reports]
    return {"run_id": run.id, "status": status, "streams": streams, "notes": ctx.notes}
