"""Sync bookkeeping on both backends: bookmarks, runs and stream runs, the change archive, stale balances."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

import pytest
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from bobhub.store import Account
from bobhub.store.records import (
    archive_changes,
    change_key,
    clear_sync_attention,
    finish_run,
    get_cursor,
    interrupt_runs,
    latest_change_time,
    least_recent,
    list_runs,
    list_stream_runs,
    mark_missing_deleted,
    mark_read,
    read_keys,
    record_stream_run,
    set_cursor,
    set_sync_status,
    stale_balances,
    start_run,
    upsert_records,
)
from tests.store.factories import make_account

T0 = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def at(hours: int) -> dt.datetime:
    return T0 + dt.timedelta(hours=hours)


class Balance(BaseModel):
    RESOURCE: ClassVar[str] = "time_off_balances"
    remote_id: str
    hidden_fields: list[str] = []
    remote_data: dict[str, Any] | None = None
    balance: float = 0

    def content(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude={"remote_data"})


def change(request_id: int, kind: str = "Created", **extra: Any) -> dict[str, Any]:
    return {
        "changeType": kind,
        "requestId": request_id,
        "employeeId": "E1",
        "createdOn": "2025-01-01",
        **extra,
    }


class TestCursors:
    async def test_set_get_and_overwrite(self, session: AsyncSession, account: str) -> None:
        assert await get_cursor(session, account, "time_off_changes") is None
        await set_cursor(session, account, "time_off_changes", "2025-01-01T00:00:00Z")
        await set_cursor(session, account, "time_off_changes", "2025-02-01T00:00:00Z")
        await set_cursor(session, account, "people", "x")
        assert await get_cursor(session, account, "time_off_changes") == "2025-02-01T00:00:00Z"
        assert await get_cursor(session, account, "people") == "x"

    async def test_cursors_are_per_account(self, session: AsyncSession, account: str) -> None:
        other = await make_account(session, "globex")
        await set_cursor(session, account, "people", "mine")
        assert await get_cursor(session, other, "people") is None


class TestRuns:
    async def test_start_finish_and_list_newest_first(self, session: AsyncSession, account: str) -> None:
        first = await start_run(session, account, "full", now=at(0))
        assert first.id.startswith("run_")
        assert (first.status, first.finished_at) == ("running", None)
        await finish_run(session, first, "succeeded", summary={"streams": 3}, now=at(1))
        second = await start_run(session, account, "webhook", now=at(2))
        await finish_run(session, second, "suspicious", error="people count fell to 40 %")
        runs = await list_runs(session, account)
        assert [r.id for r in runs] == [second.id, first.id]
        assert (runs[1].status, runs[1].summary, runs[1].finished_at) == ("succeeded", {"streams": 3}, at(1))
        assert runs[0].error == "people count fell to 40 %"
        assert [r.id for r in await list_runs(session, account, limit=1)] == [second.id]
        assert await list_runs(session, await make_account(session, "globex")) == []

    async def test_unknown_kind_or_final_status_is_refused(self, session: AsyncSession, account: str) -> None:
        with pytest.raises(ValueError, match="kind"):
            await start_run(session, account, "weekly")  # type: ignore[arg-type]
        run = await start_run(session, account, "incremental")
        with pytest.raises(ValueError, match="running"):
            await finish_run(session, run, "running")

    async def test_runs_whose_process_stopped_are_interrupted(
        self, session: AsyncSession, account: str
    ) -> None:
        gone = await start_run(session, account, "full", now=at(0), owner={"pid": 1})
        live = await start_run(session, account, "incremental", now=at(1), owner={"pid": 2})
        done = await start_run(session, account, "webhook", now=at(2), owner={"pid": 1})
        await finish_run(session, done, "succeeded", now=at(3))
        other = await start_run(session, await make_account(session, "globex"), "full", owner={"pid": 1})

        marked = await interrupt_runs(
            session, account, lambda run: run.summary["owner"]["pid"] == 1, now=at(4)
        )

        assert marked == [gone.id]
        runs = {r.id: r for r in await list_runs(session, account)}
        assert (runs[gone.id].status, runs[gone.id].finished_at) == ("interrupted", at(4))
        assert "stopped before it finished" in (runs[gone.id].error or "")
        assert (runs[live.id].status, runs[done.id].status, other.status) == (
            "running",
            "succeeded",
            "running",
        )

    async def test_stream_runs(self, session: AsyncSession, account: str) -> None:
        run = await start_run(session, account, "full")
        counts = {"records": 10, "created": 4, "updated": 1, "deleted": 2, "calls": 3, "rate_limited": 1}
        await record_stream_run(session, run.id, "people", status="succeeded", duration_ms=120, **counts)
        await record_stream_run(
            session, run.id, "work", status="failed", duration_ms=5, error="403", **{**counts, "records": 0}
        )
        rows = await list_stream_runs(session, run.id)
        assert sorted((r.stream, r.status, r.records, r.error) for r in rows) == [
            ("people", "succeeded", 10, None),
            ("work", "failed", 0, "403"),
        ]
        people = next(r for r in rows if r.stream == "people")
        assert (people.created, people.updated, people.deleted, people.calls, people.rate_limited) == (
            4,
            1,
            2,
            3,
            1,
        )
        assert people.duration_ms == 120


class TestArchiveChanges:
    async def test_idempotent_and_counts_new_only(self, session: AsyncSession, account: str) -> None:
        assert await archive_changes(session, account, [change(1), change(2)], changed_at=at(1)) == 2
        again = [change(2), change(1), change(1, "Canceled"), change(1, "Canceled")]
        assert await archive_changes(session, account, again, changed_at=at(2)) == 1
        assert await archive_changes(session, account, again) == 0
        assert await latest_change_time(session, account) == at(2)

    async def test_our_change_time_is_not_part_of_the_key(self, session: AsyncSession, account: str) -> None:
        assert change_key(change(5)) == change_key(change(5, changedAt="2025-03-01T10:00:00Z"))
        assert change_key(change(5)) != change_key(change(5, "Deleted"))
        assert change_key(change(5)).startswith("5|Created|")
        assert await archive_changes(session, account, [change(5, changedAt="2025-03-01T10:00:00Z")]) == 1
        assert await latest_change_time(session, account) == dt.datetime(2025, 3, 1, 10, tzinfo=dt.UTC)

    async def test_archives_are_per_account(self, session: AsyncSession, account: str) -> None:
        other = await make_account(session, "globex")
        await archive_changes(session, account, [change(1)], changed_at=at(1))
        assert await latest_change_time(session, other) is None
        assert await archive_changes(session, other, [change(1)]) == 1

    async def test_large_batch(self, session: AsyncSession, account: str) -> None:
        changes = [change(i) for i in range(3_100)]
        assert await archive_changes(session, account, changes, changed_at=at(1)) == 3_100
        assert await archive_changes(session, account, [*changes, change(9_999)]) == 1


class TestStaleBalances:
    async def test_oldest_refreshed_first(self, session: AsyncSession, account: str) -> None:
        await upsert_records(
            session, account, "time_off_balances", [Balance(remote_id="E1:Holiday")], now=at(3)
        )
        await upsert_records(
            session, account, "time_off_balances", [Balance(remote_id="E2:Holiday")], now=at(1)
        )
        await upsert_records(session, account, "time_off_balances", [Balance(remote_id="E3:Sick")], now=at(2))
        await upsert_records(session, account, "time_off_balances", [Balance(remote_id="E4:Sick")], now=at(0))
        assert await stale_balances(session, account, 3) == ["E4:Sick", "E2:Holiday", "E3:Sick"]
        # A refresh (even with the same numbers) moves a balance to the back of the queue.
        await upsert_records(session, account, "time_off_balances", [Balance(remote_id="E4:Sick")], now=at(4))
        assert await stale_balances(session, account, 10) == [
            "E2:Holiday",
            "E3:Sick",
            "E1:Holiday",
            "E4:Sick",
        ]

    async def test_skips_deleted_and_other_accounts(self, session: AsyncSession, account: str) -> None:
        other = await make_account(session, "globex")
        await upsert_records(session, other, "time_off_balances", [Balance(remote_id="X:Holiday")], now=at(0))
        balances = [Balance(remote_id="E1:Holiday"), Balance(remote_id="E2:Holiday")]
        await upsert_records(session, account, "time_off_balances", balances, now=at(1))
        await mark_missing_deleted(session, account, "time_off_balances", {"E2:Holiday"})
        assert await stale_balances(session, account, 10) == ["E2:Holiday"]


class TestSyncStatus:
    async def test_sets_status_and_note(self, session: AsyncSession, account: str) -> None:
        await set_sync_status(session, account, "needs_attention", "Personal category vanished for everyone")
        stored = await session.get(Account, account)
        assert stored is not None
        assert (stored.status, stored.sync_status_note) == (
            "needs_attention",
            "Personal category vanished for everyone",
        )
        with pytest.raises(LookupError):
            await set_sync_status(session, "acc_missing", "linked", None)

    async def test_only_a_sync_alarm_is_cleared(self, session: AsyncSession, account: str) -> None:
        await set_sync_status(session, account, "needs_attention", "every Terminated employee vanished")
        assert await clear_sync_attention(session, account) is True
        stored = await session.get(Account, account, populate_existing=True)
        assert stored is not None
        assert (stored.status, stored.sync_status_note) == ("linked", None)
        assert await clear_sync_attention(session, account) is False
        await set_sync_status(session, account, "needs_attention", None)  # the doctor's finding
        assert await clear_sync_attention(session, account) is False


class TestBookmarks:
    async def test_never_read_and_least_recent(self, session: AsyncSession, account: str) -> None:
        await mark_read(session, account, "documents", ["E1", "E2"], now=at(0))
        await mark_read(session, account, "documents", ["E3"], now=at(1))
        await mark_read(session, account, "documents", ["E1"], now=at(2))
        await mark_read(session, await make_account(session, "globex"), "documents", ["X"], now=at(0))
        await mark_read(session, account, "other_stream", ["E9"], now=at(0))

        assert await read_keys(session, account, "documents") == {"E1", "E2", "E3"}
        assert await least_recent(session, account, "documents", 2) == ["E2", "E3"]
        assert await least_recent(session, account, "documents", 10) == ["E2", "E3", "E1"]
        assert await get_cursor(session, account, "documents") is None  # the stream's own cursor apart
