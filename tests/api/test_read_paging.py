"""Paging while the store changes: each record once, fresh content after writes, deletions, modified_after."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from bobhub import unified
from bobhub.settings import Settings
from bobhub.store import Database
from bobhub.store import records as store
from tests.api.conftest import SyncAccount, Synced

API_ONLY = {"id", "created_at", "modified_at", "remote_was_deleted", "manager", "groups"}


@pytest.fixture
async def database(api_settings: Settings) -> AsyncIterator[Database]:
    """The API's own database, for the writes a sync would make between two requests."""
    db = Database(api_settings.database_url)
    yield db
    await db.dispose()


def as_unified(employee: dict[str, Any], **changes: Any) -> unified.Employee:
    return unified.Employee(**{**{k: v for k, v in employee.items() if k not in API_ONLY}, **changes})


async def upsert(
    db: Database, account_id: str, employees: list[unified.Employee], now: dt.datetime | None = None
) -> None:
    async with db.session() as session:
        await store.upsert_records(session, account_id, "employees", employees, now=now)
        await session.commit()


async def page(api: httpx.AsyncClient, account: Synced, **params: Any) -> dict[str, Any]:
    response = await api.get("/v1/employees", headers=account.headers, params=params)
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


async def everyone(api: httpx.AsyncClient, account: Synced, **params: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    cursor = None
    while True:
        current = await page(api, account, page_size=200, **params, **({"cursor": cursor} if cursor else {}))
        found += current["results"]
        if (cursor := current["next"]) is None:
            return found


async def test_each_record_once_while_a_sync_writes_between_pages(
    api: httpx.AsyncClient, sync_account: SyncAccount, database: Database
):
    account = await sync_account("full")
    before = await everyone(api, account)
    by_id = {e["id"]: e for e in before}
    ordered = sorted(by_id)
    returned: list[str] = []
    cursor, round_ = None, 0
    while True:
        current = await page(api, account, page_size=8, **({"cursor": cursor} if cursor else {}))
        returned += [e["id"] for e in current["results"]]
        if (cursor := current["next"]) is None:
            break
        round_ += 1
        # Change records on both sides of the cursor (modified_at moves), and add new people.
        changed = [by_id[ordered[i % len(ordered)]] for i in (round_, 3 * round_ + 20, 7 * round_ + 40)]
        fresh = [as_unified(before[0], remote_id=f"new-{round_}-{n}") for n in (1, 2)]
        moved = [as_unified(e, job_title=f"Title {round_}") for e in changed]
        await upsert(database, account.account_id, moved)
        await upsert(database, account.account_id, fresh)
    counts = Counter(returned)
    assert all(counts[record_id] == 1 for record_id in by_id), "an existing record was skipped or repeated"
    assert max(counts.values()) == 1
    assert round_ >= 7


async def test_a_changed_record_is_shown_changed_at_once(
    api: httpx.AsyncClient, sync_account: SyncAccount, database: Database
):
    account = await sync_account("full")
    first = (await page(api, account, page_size=5))["results"]
    await page(api, account, page_size=5)  # read twice: the second answer comes from rendered records
    target = first[2]
    await upsert(database, account.account_id, [as_unified(target, job_title="Chief Reader")])
    again = (await page(api, account, page_size=5))["results"]
    assert [e["id"] for e in again] == [e["id"] for e in first]
    assert again[2]["job_title"] == "Chief Reader"
    assert again[2]["modified_at"] > target["modified_at"]
    assert again[2]["created_at"] == target["created_at"]
    assert [e for i, e in enumerate(again) if i != 2] == [e for i, e in enumerate(first) if i != 2]


async def test_records_hibob_no_longer_returns_are_flagged_or_hidden(
    api: httpx.AsyncClient, sync_account: SyncAccount, database: Database
):
    account = await sync_account("full")
    employees = await everyone(api, account)
    gone = employees[4]
    kept = {e["remote_id"] for e in employees} - {gone["remote_id"]}
    async with database.session() as session:
        assert await store.mark_missing_deleted(session, account.account_id, "employees", kept) == 1
        await session.commit()
    shown = {e["id"]: e for e in await everyone(api, account)}
    assert len(shown) == len(employees)
    assert shown[gone["id"]]["remote_was_deleted"] is True
    assert sum(e["remote_was_deleted"] for e in shown.values()) == 1
    hidden = await everyone(api, account, include_deleted="false")
    assert {e["id"] for e in hidden} == set(shown) - {gone["id"]}
    one = await api.get(f"/v1/employees/{gone['id']}", headers=account.headers)
    assert one.json()["remote_was_deleted"] is True


async def test_modified_after_is_inclusive_and_exact(
    api: httpx.AsyncClient, sync_account: SyncAccount, database: Database
):
    account = await sync_account("full")
    employees = await everyone(api, account)
    moment = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5)
    await upsert(database, account.account_id, [as_unified(employees[7], job_title="Moved")], now=moment)
    since = await everyone(api, account, modified_after=moment.isoformat())
    assert [e["id"] for e in since] == [employees[7]["id"]]
    assert since[0]["modified_at"] == moment.isoformat()
    later = moment + dt.timedelta(microseconds=1)
    assert await everyone(api, account, modified_after=later.isoformat()) == []
    naive = moment.replace(tzinfo=None).isoformat()  # no offset: read as UTC
    assert [e["id"] for e in await everyone(api, account, modified_after=naive)] == [employees[7]["id"]]
