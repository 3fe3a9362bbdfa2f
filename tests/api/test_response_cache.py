"""The response cache of record reads: repeated reads from memory, ended by any write of this process,
bounded in age for other processes' writes, and never shared between keys."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Iterator
from contextlib import closing

import httpx
import pytest

from bobhub.api.server import ThreadedServer
from bobhub.settings import Settings
from bobhub.store import Database
from bobhub.store import records as store
from bobhub.store.db import sqlite_path
from tests.api.conftest import MakeKey, SyncAccount, bearer
from tests.api.test_read_paging import as_unified, upsert


@pytest.fixture
async def database(api_settings: Settings) -> AsyncIterator[Database]:
    db = Database(api_settings.database_url)
    yield db
    await db.dispose()


@pytest.fixture(scope="module")
def long_cache_server(api_settings: Settings) -> Iterator[ThreadedServer]:
    """A second API on the same database whose answers stay fresh for a minute, so that what the tests see
    is decided by writes alone, however slowly the machine runs."""
    server = ThreadedServer(api_settings.model_copy(update={"api_cache_seconds": 60.0})).start()
    yield server
    server.stop()


@pytest.fixture
async def cached(long_cache_server: ThreadedServer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=long_cache_server.base_url, timeout=60) as client:
        yield client


async def first_employee(api: httpx.AsyncClient, headers: dict[str, str]) -> httpx.Response:
    response = await api.get("/v1/employees", headers=headers, params={"page_size": 1})
    assert response.status_code == 200, response.text
    return response


async def test_a_repeated_read_is_served_from_memory_until_this_process_writes(
    cached: httpx.AsyncClient, sync_account: SyncAccount, database: Database
) -> None:
    account = await sync_account("full")
    first = await first_employee(cached, account.headers)
    again = await first_employee(cached, account.headers)
    assert "age" not in first.headers
    assert "age" in again.headers
    assert again.content == first.content

    employee = first.json()["results"][0]
    await upsert(database, account.account_id, [as_unified(employee, display_name="Renamed Here")])
    changed = await first_employee(cached, account.headers)
    assert "age" not in changed.headers
    assert changed.json()["results"][0]["display_name"] == "Renamed Here"


async def test_another_process_write_is_seen_once_the_age_bound_passed(
    api: httpx.AsyncClient, sync_account: SyncAccount, api_settings: Settings
) -> None:
    account = await sync_account("full")
    first = await first_employee(api, account.headers)
    employee_id = first.json()["results"][0]["id"]
    path = sqlite_path(api_settings.database_url)
    assert path is not None
    # Written with the standard library's sqlite3, as another process would: this process counts no write.
    with closing(sqlite3.connect(path)) as other, other:  # closed, and committed by its own context
        other.execute(
            "UPDATE records SET data = json_set(data, '$.display_name', 'Renamed Elsewhere'),"
            " content_hash = 'elsewhere' WHERE id = ?",
            (employee_id,),
        )
    soon = await first_employee(api, account.headers)
    # Served from memory (within the bound, saying its age) or already read afresh; never old and unmarked.
    renamed = soon.json()["results"][0]["display_name"] == "Renamed Elsewhere"
    assert renamed or "age" in soon.headers
    await asyncio.sleep(api_settings.api_cache_seconds + 0.1)
    later = await first_employee(api, account.headers)
    assert later.json()["results"][0]["display_name"] == "Renamed Elsewhere"


async def test_a_cached_answer_is_never_served_to_another_key(
    cached: httpx.AsyncClient, sync_account: SyncAccount, make_key: MakeKey
) -> None:
    account = await sync_account("full")
    stranger = {**bearer(await make_key(("read",))), "X-Account-Id": account.account_id}
    await first_employee(cached, account.headers)
    assert "age" in (await first_employee(cached, account.headers)).headers
    response = await cached.get("/v1/employees", headers=stranger, params={"page_size": 1})
    assert response.status_code == 404, response.text
    no_key = await cached.get(
        "/v1/employees", headers={"X-Account-Id": account.account_id}, params={"page_size": 1}
    )
    assert no_key.status_code == 401


async def test_only_record_reads_are_cached(cached: httpx.AsyncClient, sync_account: SyncAccount) -> None:
    account = await sync_account("full")
    for path in ("/v1/sync-runs", f"/v1/accounts/{account.account_id}", "/v1/audit-log"):
        answers = [await cached.get(path, headers=account.headers) for _ in range(2)]
        assert [a.status_code for a in answers] == [200, 200], path
        assert not any("age" in a.headers for a in answers), path


async def test_concurrent_reads_of_one_page_all_get_the_whole_page(
    api: httpx.AsyncClient, sync_account: SyncAccount, database: Database
) -> None:
    account = await sync_account("full")
    async with database.session() as session:
        expected = await store.count_records(session, account.account_id, "employees")
    answers = await asyncio.gather(
        *(api.get("/v1/employees", headers=account.headers, params={"page_size": 200}) for _ in range(8))
    )
    assert {a.status_code for a in answers} == {200}
    assert len({a.content for a in answers}) == 1
    assert len(answers[0].json()["results"]) == min(expected, 200)


async def test_every_cached_read_is_a_read_so_its_repeat_comes_from_memory(
    cached: httpx.AsyncClient, sync_account: SyncAccount
) -> None:
    account = await sync_account("full")
    employee = (await first_employee(cached, account.headers)).json()["results"][0]["id"]
    paths = [
        "/v1/employees",
        f"/v1/employees/{employee}",
        f"/v1/employees/{employee}/history",
        "/v1/groups",
        "/v1/locations",
        "/v1/time-off/policies",
        "/v1/time-off/requests",
        "/v1/time-off/balances",
        "/v1/documents",
        "/v1/custom-fields",
        "/v1/org-chart",
    ]
    for path in paths:
        await cached.get(path, headers=account.headers)
    # Reading them all moved no write count: each answer read above is still served from memory.
    for path in paths:
        again = await cached.get(path, headers=account.headers)
        assert again.status_code == 200, (path, again.text)
        assert "age" in again.headers, path
