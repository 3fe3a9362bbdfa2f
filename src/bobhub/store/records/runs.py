"""Sync bookkeeping: stream bookmarks, sync runs and the stream runs inside them, and account status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Literal

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bobhub.store.models import Account, AccountStatus, SyncRun, SyncState, SyncStreamRun, utcnow

RunKind = Literal["full", "incremental", "webhook"]
# "interrupted": the process running it stopped (killed, crashed) before it could finish it.
RunStatus = Literal["running", "succeeded", "failed", "suspicious", "interrupted"]
RUN_KINDS: tuple[RunKind, ...] = ("full", "incremental", "webhook")
RUN_STATUSES: tuple[RunStatus, ...] = ("running", "succeeded", "failed", "suspicious", "interrupted")
INTERRUPTED = "the process running this sync stopped before it finished (killed or crashed)"


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
    session: AsyncSession,
    account_id: str,
    kind: RunKind,
    *,
    now: dt.datetime | None = None,
    owner: dict[str, Any] | None = None,
) -> SyncRun:
    """A new running run; `owner` (kept in its summary until it finishes) says which process runs it."""
    if kind not in RUN_KINDS:
        raise ValueError(f"unknown sync run kind {kind!r}")
    summary = {"owner": owner} if owner is not None else None
    run = SyncRun(
        account_id=account_id, kind=kind, status="running", started_at=now or utcnow(), summary=summary
    )
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


async def interrupt_runs(
    session: AsyncSession,
    account_id: str,
    stopped: Callable[[SyncRun], bool],
    *,
    now: dt.datetime | None = None,
) -> list[str]:
    """Mark "interrupted" the account's running runs whose process `stopped` says is gone; their ids."""
    query = select(SyncRun).where(SyncRun.account_id == account_id, SyncRun.status == "running")
    gone = [run for run in await session.scalars(query) if stopped(run)]
    for run in gone:
        run.status, run.error, run.finished_at = "interrupted", INTERRUPTED, now or utcnow()
    await session.flush()
    return [run.id for run in gone]


async def clear_sync_attention(session: AsyncSession, account_id: str) -> bool:
    """Back to "linked" an account a sync had turned "needs attention" (its note says why); True if so.

    An account the doctor found lacking (no sync note) keeps its status: a sync cannot tell it is fixed.
    """
    result = await session.execute(
        update(Account)
        .where(
            Account.id == account_id,
            Account.status == "needs_attention",
            Account.sync_status_note.is_not(None),
        )
        .values(status="linked", sync_status_note=None, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))
