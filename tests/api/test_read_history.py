"""/v1/employees/{id}/history over real HTTP: each table by effective date; the rows in effect on a day."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import jsonschema
import pytest

from bobhub import unified
from bobhub.settings import Settings
from bobhub.store import Database
from bobhub.store import records as store
from tests.api.conftest import SyncAccount, Synced

TABLES = ("work", "employment", "lifecycle", "compensation", "variable_pay", "equity", "training")
PERSON = "hist-1"


@pytest.fixture(scope="module")
def synced_once() -> dict[str, Synced]:
    return {}


@pytest.fixture
async def account(
    sync_account: SyncAccount, api_settings: Settings, synced_once: dict[str, Synced]
) -> AsyncIterator[Synced]:
    """An account synced once per module plus a made-up employee whose history rows are known exactly
    (written again before every test, which also brings back rows a test flagged deleted)."""
    if "full" not in synced_once:
        synced_once["full"] = await sync_account("full")
    synced = synced_once["full"]
    db = Database(api_settings.database_url)
    rows: dict[str, list[Any]] = {
        "job_records": [
            work("1", "2019-01-01", None, "boss-a"),
            work("2", "2020-01-01", "2020-06-30", "boss-b"),  # ended before the later days asked for
            work("3", "2022-03-01", None, "boss-c"),
        ],
        "variable_pay_records": [
            unified.VariablePayRecord(
                remote_id=f"{PERSON}:variable:{n}",
                employee_remote_id=PERSON,
                effective_date=day,
                amount=n * 100.0,
            )
            for n, day in ((1, "2020-01-01"), (2, "2021-01-01"), (3, "2030-01-01"))
        ],
        "training_records": [
            unified.TrainingRecord(remote_id=f"{PERSON}:training:1", employee_remote_id=PERSON)
        ],
        "employees": [unified.Employee(remote_id=PERSON, display_name="Hester History")],
    }
    async with db.session() as session:
        for resource, records in rows.items():
            await store.upsert_records(session, synced.account_id, resource, records)
        await session.commit()
    yield synced
    await db.dispose()


def work(row: str, start: str, end: str | None, manager: str) -> unified.JobRecord:
    return unified.JobRecord(
        remote_id=f"{PERSON}:work:{row}",
        employee_remote_id=PERSON,
        effective_date=start,
        end_date=end,
        manager_remote_id=manager,
    )


async def history(api: httpx.AsyncClient, account: Synced, ident: str, **params: Any) -> dict[str, Any]:
    response = await api.get(f"/v1/employees/{ident}/history", headers=account.headers, params=params)
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def ids(rows: list[dict[str, Any]]) -> list[str]:
    return [row["remote_id"].rsplit(":", 1)[-1] for row in rows]


async def test_whole_history_by_table_and_effective_date(api: httpx.AsyncClient, account: Synced):
    employees = (await api.get("/v1/employees", headers=account.headers, params={"page_size": 200})).json()
    document = (await api.get("/openapi.json")).json()
    schema = {"$ref": "#/components/schemas/EmployeeHistoryPublic", "components": document["components"]}
    synced = [e for e in employees["results"] if e["remote_id"] != PERSON]
    for employee in synced[:10]:
        found = await history(api, account, employee["remote_id"])
        jsonschema.validate(found, schema)
        assert found["employee_id"] == employee["id"]
        assert found["as_of"] is None
        assert set(found) == {"employee_id", "as_of", *TABLES}
        assert found["work"]
        assert found["lifecycle"]
        for table in TABLES:
            dates = [row["effective_date"] for row in found[table]]
            assert dates == sorted(dates)
            assert all(row["employee_remote_id"] == employee["remote_id"] for row in found[table])
    assert await history(api, account, synced[0]["id"]) == await history(api, account, synced[0]["remote_id"])


async def test_made_up_history_is_returned_whole(api: httpx.AsyncClient, account: Synced):
    found = await history(api, account, PERSON, include_remote_data="true")
    assert ids(found["work"]) == ["1", "2", "3"]
    assert ids(found["variable_pay"]) == ["1", "2", "3"]
    assert ids(found["training"]) == ["1"]
    assert found["employment"] == found["equity"] == []
    assert all("remote_data" in row for table in TABLES for row in found[table])


@pytest.mark.parametrize(
    ("day", "work_rows", "variable_rows"),
    [
        ("2018-12-31", [], []),
        ("2019-01-01", ["1"], []),
        ("2020-01-01", ["2"], ["1"]),
        ("2020-06-30", ["2"], ["1"]),
        ("2020-07-01", ["1"], ["1"]),  # row 2 ended the day before: row 1 is the latest still in effect
        ("2021-12-31", ["1"], ["1", "2"]),
        ("2022-03-01", ["3"], ["1", "2"]),
        ("2031-01-01", ["3"], ["1", "2", "3"]),
    ],
)
async def test_as_of_gives_the_rows_in_effect_that_day(
    api: httpx.AsyncClient, account: Synced, day: str, work_rows: list[str], variable_rows: list[str]
):
    found = await history(api, account, PERSON, as_of=day)
    assert found["as_of"] == day
    assert ids(found["work"]) == work_rows
    assert ids(found["variable_pay"]) == variable_rows
    assert found["training"] == []  # a row without an effective date is never in effect


async def test_as_of_on_synced_data_gives_at_most_one_row_per_stateful_table(
    api: httpx.AsyncClient, account: Synced
):
    employees = (await api.get("/v1/employees", headers=account.headers, params={"page_size": 200})).json()
    for employee in employees["results"][:10]:
        whole = await history(api, account, employee["id"])
        last_start = max(row["effective_date"] for row in whole["work"])
        today = await history(api, account, employee["id"], as_of=last_start)
        for table in ("work", "employment", "lifecycle", "compensation"):
            assert len(today[table]) <= 1
        assert today["work"][0]["effective_date"] == last_start


async def test_deleted_rows_are_flagged_hidden_on_request_and_never_in_effect(
    api: httpx.AsyncClient, account: Synced, api_settings: Settings
):
    db = Database(api_settings.database_url)
    async with db.session() as session:
        kept = {f"{PERSON}:work:1", f"{PERSON}:work:2"}
        await store.mark_missing_deleted(
            session, account.account_id, "job_records", kept, scope=[f"{PERSON}:"]
        )
        await session.commit()
    await db.dispose()
    whole = await history(api, account, PERSON)
    assert [row["remote_was_deleted"] for row in whole["work"]] == [False, False, True]
    assert ids((await history(api, account, PERSON, include_deleted="false"))["work"]) == ["1", "2"]
    assert ids((await history(api, account, PERSON, as_of="2031-01-01"))["work"]) == ["1"]


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/v1/employees/nobody/history", {}, 404),
        (f"/v1/employees/{PERSON}/history", {"as_of": "2021-02-30"}, 400),
        (f"/v1/employees/{PERSON}/history", {"when": "2021-01-01"}, 400),
    ],
)
async def test_bad_requests(
    api: httpx.AsyncClient, account: Synced, path: str, params: dict[str, str], status: int
):
    response = await api.get(path, headers=account.headers, params=params)
    assert response.status_code == status
