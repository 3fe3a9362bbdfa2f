"""Sync bookkeeping: stream bookmarks, sync runs and the stream runs inside them, and account status."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bobhub.store.models import Account, AccountStatus, SyncRun, SyncState, SyncStreamRun, utcnow

RunKind = Literal["full", "incremental", "webhook"]
RunStatus = Literal["running", "succeeded", "failed", "suspicious"]
RUN_KINDS: tuple[RunKind, ...] = ("full", "incremental", "webhook")
RUN_STATUSES: tuple[RunStatus, ...] = ("running", "succeeded", "failed", "suspicious")


async def get_cursor(session: AsyncSession, account_id: str, stream: str) -> str | None:
    query = select(SyncState.cursor).where(SyncState.account_id == account_id, SyncState.stream == stream)
    return await session.scalar(query)


async def set_cursor(
    session: AsyncSession, account_id: str, stream: str, cursor: str | None, *, now: dt.datetime | None = None
) -> None:
    """Save a stream's bookmark; call it in the transaction that commits the rows it covers."""
    now = now or utcnow()
    state = await session.get(SyncState, (account_id, stream))
    if state is None:
        session.add(SyncState(account_id=account_id, stream=stream, cursor=cursor, updated_at=now))
    else:
        state.cursor = cursor
        state.updated_at = now
    await session.flush()


async def start_run(
    session: AsyncSession, account_id: str, kind: RunKind, *, now: dt.datetime | None = None
) -> SyncRun:
    if kind not in RUN_KINDS:
        raise ValueError(f"unknown sync run kind {kind!r}")
    run = SyncRun(account_id=account_id, kind=kind, status="running", started_at=now or utcnow())
    session.add(run)
    await session.flush()
    return run


async def finish_run(
    session: AsyncSession,
    run: SyncRun,
    status: RunStatus,
    error: str | None = None,
    summary: dict[str, Any] | None = None,
    *,
    now: dt.datetime | None = None,
) -> None:
    if status not in RUN_STATUSES or status == "running":
        raise ValueError(f"a run cannot finish as {status!r}")
    run.status = status
    run.error = error
    run.summary = summary
    run.finished_at = now or utcnow()
    await session.flush()


async def record_stream_run(
    session: AsyncSession,
    run_id: str,
    stream: str,
    *,
    status: str,
    records: int,
    created: int,
    updated: int,
    deleted: int,
    calls: int,
    rate_limited: int,
    duration_ms: int,
    error: str | None = None,
) -> SyncStreamRun:
    row = SyncStreamRun(
        run_id=run_id,
        stream=stream,
        status=status,
        records=records,
        created=created,
        updated=updated,
        deleted=deleted,
        calls=calls,
        rate_limited=rate_limited,
        duration_ms=duration_ms,
        error=error,
        finished_at=utcnow(),
    )
    session.add(row)
    await session.flush()
    return row


async def list_runs(session: AsyncSession, account_id: str, limit: int = 20) -> list[SyncRun]:
    """The account's latest runs, newest first."""
    query = (
        select(SyncRun)
        .where(SyncRun.account_id == account_id)
        .order_by(SyncRun.started_at.desc(), SyncRun.id.desc())
        .limit(limit)
    )
    return list((await session.scalars(query)).all())


async def list_stream_runs(session: AsyncSession, run_id: str) -> list[SyncStreamRun]:
    query = (
        select(SyncStreamRun)
        .where(SyncStreamRun.run_id == run_id)
        .order_by(SyncStreamRun.finished_at, SyncStreamRun.stream)
    )
    return list((await session.scalars(query)).all())


async def set_sync_status(
    session: AsyncSession, account_id: str, status: AccountStatus, note: str | None
) -> None:
    """Set an account's status with the sync's explanation (e.g. "needs_attention" after an anomaly)."""
    account = await session.get(Account, account_id)
    if account is None:
        raise LookupError(f"no account {account_id}")
    account.status = status
    account.sync_status_note = note
    account.updated_at = utcnow()
    await session.flush()
