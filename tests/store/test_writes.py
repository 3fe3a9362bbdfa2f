"""The process's write count, on both backends: reads leave it alone, every write moves it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import event, select, text

from bobhub.store import Database, Tenant
from bobhub.store.writes import WRITES


@pytest.fixture
async def db(migrated_url: str) -> AsyncIterator[Database]:
    database = Database(migrated_url)
    yield database
    await database.dispose()


async def test_a_read_and_its_commit_leave_the_count_alone(db: Database) -> None:
    before = WRITES.count
    async with db.session() as session:
        await session.execute(select(Tenant).limit(1))
        await session.execute(text("SELECT 1"))
        await session.commit()
    assert WRITES.count == before


async def test_a_write_moves_the_count_at_the_statement_and_again_after_its_commit(db: Database) -> None:
    before = WRITES.count
    async with db.session() as session:
        session.add(Tenant(name="counted"))
        await session.flush()
        flushed = WRITES.count
        assert flushed > before
        await session.rollback()
    assert WRITES.count > flushed  # the rolled-back connection went back to its pool


async def test_a_core_update_counts_even_when_it_changes_no_row(db: Database) -> None:
    before = WRITES.count
    async with db.session() as session:
        await session.execute(text("UPDATE tenants SET name = name WHERE 1 = 0"))
        await session.commit()
    assert WRITES.count >= before + 2  # the statement, then the commit or the pool's check-in


def _sleep(seconds: float) -> int:
    time.sleep(seconds)
    return 1


async def test_a_statement_cut_short_by_a_cancel_ends_in_the_cancel(db: Database) -> None:
    # The listeners run as the cut connection is rolled back; one that failed there would replace the
    # CancelledError with its own error, and the cancelled task would carry on as if it had not been.
    if db.engine.dialect.name == "sqlite":
        event.listen(
            db.engine.sync_engine, "connect", lambda dbapi, _: dbapi.create_function("sleep", 1, _sleep)
        )
        slow = "SELECT sleep(2)"
    else:
        slow = "SELECT pg_sleep(2)"

    async def query() -> None:
        async with db.session() as session:
            await session.execute(text(slow))

    task = asyncio.get_running_loop().create_task(query())
    await asyncio.sleep(0.5)
    before = WRITES.count
    task.cancel()
    done, _ = await asyncio.wait({task}, timeout=15)
    assert done, "the cancelled statement did not end"
    assert task.cancelled(), task.exception()
    assert WRITES.count > before  # what a cut connection wrote cannot be known: it counts as a write
