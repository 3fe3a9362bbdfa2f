"""Employee tables over real HTTP: reads per table and preset, bulk pagination and errors, and writes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from bobhub.sandbox.model import TERMINATED, Company, Employee, ListItem
from bobhub.sandbox.permissions import Grants, edit
from bobhub.sandbox.state import Sandbox, ServiceUser

Hibob = Callable[[str], httpx.Client]
TABLES = ("work", "employment", "lifecycle", "salaries", "variable", "equities", "training", "bank-accounts")


@pytest.fixture
def company(sandbox: Sandbox) -> Company:
    return sandbox.preset_user("full").company


def with_history(company: Company) -> Employee:
    """An employed person whose work table has more than one row."""
    return next(
        e
        for e in company.employees.values()
        if e.lifecycle_status == "employed" and len(e.tables.get("work", [])) > 1
    )


def terminated(company: Company) -> Employee:
    return next(e for e in company.employees.values() if e.lifecycle_status == TERMINATED)


@pytest.fixture
def mine(company: Company) -> Employee:
    """A generated, employed individual contributor this module writes to (third from the end by id).

    Generated people have time-off policies; people other tests create through the API do not.
    """
    candidates = [
        e
        for e in company.employees.values()
        if e.policies and e.lifecycle_status == "employed" and e.active and not e.values.get("work.isManager")
    ]
    return sorted(candidates, key=lambda e: e.id)[-3]


def assert_error(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"key", "error"}
    return dict(body)


def test_full_reads_every_table(hibob: Hibob, company: Company) -> None:
    client = hibob("full")
    employee = with_history(company)
    for table in TABLES:
        response = client.get(f"/people/{employee.id}/{table}")
        assert response.status_code == 200, (table, response.text)
        assert isinstance(response.json()["values"], list)
    rows = client.get(f"/people/{employee.id}/work").json()["values"]
    assert len(rows) == len(employee.tables["work"]) > 1
    assert [r["isCurrent"] for r in rows].count(True) == 1
    assert {"id", "effectiveDate", "endEffectiveDate", "title", "department", "site", "siteId"} <= set(
        rows[0]
    )


def test_view_without_history_reads_the_current_row_only(hibob: Hibob, company: Company) -> None:
    employee = with_history(company)
    for preset in ("partial", "activtrak"):
        rows = hibob(preset).get(f"/people/{employee.id}/work").json()["values"]
        assert len(rows) == 1
        assert rows[0]["isCurrent"] is True
    # partial keeps the Employment histories; activtrak only views Employment
    assert len(hibob("partial").get(f"/people/{employee.id}/lifecycle").json()["values"]) == len(
        employee.tables["lifecycle"]
    )
    assert len(hibob("activtrak").get(f"/people/{employee.id}/employment").json()["values"]) == 1


def test_tables_without_view_are_forbidden(hibob: Hibob, company: Company) -> None:
    employee = with_history(company)
    for table in ("lifecycle", "salaries", "bank-accounts", "training"):
        assert_error(hibob("activtrak").get(f"/people/{employee.id}/{table}"), 403)
    assert_error(hibob("empty").get(f"/people/{employee.id}/work"), 403)


def test_unknown_or_unreachable_employee_is_404(hibob: Hibob, company: Company) -> None:
    assert_error(hibob("full").get("/people/0000000/work"), 404)
    leaver = terminated(company)
    assert hibob("full").get(f"/people/{leaver.id}/work").status_code == 200
    assert_error(hibob("partial").get(f"/people/{leaver.id}/work"), 404)


def test_bulk_without_section_histories_gives_current_rows_only(hibob: Hibob) -> None:
    # HiBob: "View ... sections" alone gives the current effective entry; neither permission is a 403.
    for preset, table in (("partial", "work"), ("activtrak", "work"), ("activtrak", "employment")):
        results = hibob(preset).get(f"/bulk/people/{table}", params={"limit": 200}).json()["results"]
        assert results
        assert all(len(r["values"]) == 1 and r["values"][0]["isCurrent"] for r in results), (preset, table)
    full = hibob("full").get("/bulk/people/work", params={"limit": 200}).json()["results"]
    assert any(len(r["values"]) > 1 for r in full)
    assert_error(hibob("activtrak").get("/bulk/people/salaries"), 403)
    assert_error(hibob("empty").get("/bulk/people/lifecycle"), 403)
    for table in ("work", "employment", "lifecycle", "salaries"):
        assert hibob("full").get(f"/bulk/people/{table}").status_code == 200


def test_bulk_pages_walk_every_accessible_employee_once(hibob: Hibob, company: Company) -> None:
    client = hibob("full")
    first = client.get("/bulk/people/salaries").json()
    assert len(first["results"]) == 50
    assert first["errors"] == []
    assert first["response_metadata"]["next_cursor"]
    seen: list[str] = []
    cursor: str | None = None
    while True:
        params = {"limit": 7, **({"cursor": cursor} if cursor else {})}
        page = client.get("/bulk/people/salaries", params=params).json()
        assert len(page["results"]) <= 7
        for result in page["results"]:
            employee = company.employees[result["employeeId"]]
            assert result["values"] == employee.tables.get("salaries", [])
            seen.append(result["employeeId"])
        cursor = page["response_metadata"]["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == len(company.employees)
    whole = client.get("/bulk/people/salaries", params={"limit": 200}).json()
    assert whole["response_metadata"]["next_cursor"] is None
    assert [r["employeeId"] for r in whole["results"]] == seen


def test_bulk_skips_people_outside_the_audience(hibob: Hibob, company: Company) -> None:
    page = hibob("partial").get("/bulk/people/employment", params={"limit": 200}).json()
    ids = {r["employeeId"] for r in page["results"]}
    expected = {e.id for e in company.employees.values() if e.lifecycle_status != TERMINATED}
    assert ids == expected


def test_bulk_lists_unreachable_requested_employees_under_errors(hibob: Hibob, company: Company) -> None:
    leaver, present = terminated(company), with_history(company)
    ids = f"{present.id},{leaver.id},404404404"
    body = hibob("partial").get("/bulk/people/employment", params={"employeeIds": ids}).json()
    assert [r["employeeId"] for r in body["results"]] == [present.id]
    assert {e["employeeId"] for e in body["errors"]} == {leaver.id, "404404404"}
    assert all(e["error"] == "MISSING_PERMISSION" and e["message"] for e in body["errors"])
    full = hibob("full").get("/bulk/people/employment", params={"employeeIds": ids}).json()
    assert {r["employeeId"] for r in full["results"]} == {present.id, leaver.id}


def test_bulk_rejects_bad_paging(hibob: Hibob, company: Company) -> None:
    client = hibob("full")
    for limit in ("201", "0", "-1", "many"):
        assert_error(client.get("/bulk/people/work", params={"limit": limit}), 400)
    too_many = ",".join(str(n) for n in range(201))
    assert_error(client.get("/bulk/people/work", params={"employeeIds": too_many}), 400)
    assert_error(client.get("/bulk/people/work", params={"cursor": "not-a-cursor"}), 400)
    cursor = client.get("/bulk/people/work", params={"limit": 5}).json()["response_metadata"]["next_cursor"]
    assert client.get("/bulk/people/work", params={"limit": 9, "cursor": cursor}).status_code == 200
    ids = ",".join(list(company.employees)[:3])
    assert_error(client.get("/bulk/people/work", params={"cursor": cursor, "employeeIds": ids}), 400)
    assert_error(client.get("/bulk/people/employment", params={"cursor": cursor}), 400)


def list_id(company: Company, name: str, exclude: Any = None) -> str:
    return next(i.id for i in company.lists[name].by_id.values() if i.id != exclude and not i.archived)


def read_fields(client: httpx.Client, employee: Employee, *fields: str) -> dict[str, Any]:
    """Current field values as people search serves them (absent when empty)."""
    search = {"fields": list(fields), "showInactive": True}
    search["filters"] = [{"fieldPath": "root.id", "operator": "equals", "values": [employee.id]}]
    person = client.post("/people/search", json=search).json()["employees"][0]
    return {f: person.get("/" + f.replace(".", "/"), {}).get("value") for f in fields}


@pytest.fixture
def work_entry(hibob: Hibob, company: Company, mine: Employee) -> Iterator[tuple[int, str, ListItem]]:
    """A work row for `mine` effective today with a new title and site: (entry id, title id, site item)."""
    client = hibob("full")
    title = list_id(company, "title", mine.values.get("work.title"))
    site = company.lists["site"].by_id[list_id(company, "site", str(mine.values.get("work.siteId")))]
    body = {"effectiveDate": company.today.isoformat(), "title": title, "siteId": int(site.id)}
    created = client.post(
        f"/people/{mine.id}/work", json=body | {"department": mine.values["work.department"]}
    )
    assert created.status_code == 200, created.text
    yield created.json()["id"], title, site
    client.delete(f"/people/{mine.id}/work/{created.json()['id']}")


WORK_FIELDS = ("work.title", "work.site", "work.siteId", "work.department")


@pytest.fixture
def work_before(mine: Employee) -> dict[str, Any]:
    return {k: mine.values.get(k) for k in WORK_FIELDS}


def test_a_new_work_row_becomes_current_and_moves_the_fields(
    hibob: Hibob,
    company: Company,
    mine: Employee,
    sandbox: Sandbox,
    work_before: dict[str, Any],
    work_entry: tuple[int, str, ListItem],
) -> None:
    client = hibob("full")
    entry, title, site = work_entry
    event = sandbox.webhooks.events[-1]
    assert event["type"] == "table.entry.created"
    assert event["data"] == {
        "employeeId": mine.id,
        "tableId": "work",
        "effectiveDate": company.today.isoformat(),
    }
    rows = client.get(f"/people/{mine.id}/work").json()["values"]
    current = next(r for r in rows if r["isCurrent"])
    assert (current["id"], current["title"], current["site"]) == (entry, title, site.value)
    previous = rows[rows.index(current) - 1]
    assert previous["endEffectiveDate"] == (company.today - dt.timedelta(days=1)).isoformat()
    assert read_fields(client, mine, "work.title", "work.site") == {
        "work.title": title,
        "work.site": site.value,
    }
    assert client.delete(f"/people/{mine.id}/work/{entry}").status_code == 200
    rows = client.get(f"/people/{mine.id}/work").json()["values"]
    assert entry not in {r["id"] for r in rows}
    assert rows[-1]["isCurrent"]
    assert rows[-1]["endEffectiveDate"] is None
    assert read_fields(client, mine, *WORK_FIELDS) == work_before


def test_work_put_overwrites_the_entry_unless_patch_update(
    hibob: Hibob, company: Company, mine: Employee, work_entry: tuple[int, str, ListItem]
) -> None:
    client = hibob("full")
    entry, title, site = work_entry
    body = {"effectiveDate": company.today.isoformat(), "site": site.value}
    assert client.put(f"/people/{mine.id}/work/{entry}", json=body).status_code == 200
    current = next(r for r in client.get(f"/people/{mine.id}/work").json()["values"] if r["isCurrent"])
    assert (current["title"], current["department"], current["siteId"]) == (None, None, int(site.id))
    assert read_fields(client, mine, "work.title", "work.siteId") == {
        "work.title": None,
        "work.siteId": int(site.id),
    }
    # The legacy patchUpdate flag keeps what the body omits.
    patch = {"title": title}
    assert client.put(f"/people/{mine.id}/work/{entry}?patchUpdate=true", json=patch).status_code == 200
    current = next(r for r in client.get(f"/people/{mine.id}/work").json()["values"] if r["isCurrent"])
    assert (current["title"], current["site"]) == (title, site.value)


def test_work_writes_validate_after_the_permission_check(
    hibob: Hibob, company: Company, mine: Employee
) -> None:
    assert_error(hibob("activtrak").post(f"/people/{mine.id}/work", content=b"{not json"), 403)
    client = hibob("full")
    today = company.today.isoformat()
    site_id = int(list_id(company, "site"))
    assert_error(client.post(f"/people/{mine.id}/work", json={"effectiveDate": today}), 400)
    assert_error(client.post(f"/people/{mine.id}/work", json={"siteId": site_id}), 400)
    assert_error(client.post(f"/people/{mine.id}/work", json={"effectiveDate": today, "siteId": 1}), 400)
    bad_title = {"effectiveDate": today, "siteId": site_id, "title": "no-such-title"}
    assert_error(client.post(f"/people/{mine.id}/work", json=bad_title), 400)
    first = mine.tables["work"][0]["id"]
    assert_error(client.delete(f"/people/{mine.id}/work/{first}"), 400)
    assert_error(client.delete(f"/people/{mine.id}/work/12345"), 404)
    assert_error(client.put(f"/people/{mine.id}/work/12345", json={"effectiveDate": today}), 404)


def optional_rows(company: Company) -> dict[str, dict[str, Any]]:
    """One new row for each non-historical table."""
    money, day = {"value": 5000, "currency": "USD"}, "2026-01-01"
    return {
        "variable": {
            "effectiveDate": day,
            "amount": money,
            "variableType": "Bonus",
            "paymentPeriod": "Annual",
        },
        "equities": {
            "effectiveDate": day,
            "quantity": 100,
            "equityType": "Options",
            "grantType": "Initial Grant",
        },
        "training": {"name": list_id(company, "TrainingName"), "status": "Completed", "startDate": day},
        "bank-accounts": {
            "bankAccountType": "Checking",
            "accountNumber": "12345678",
            "allocation": "remaining",
        },
    }


def test_non_historical_tables_round_trip(
    hibob: Hibob, company: Company, mine: Employee, sandbox: Sandbox
) -> None:
    client = hibob("full")
    for table, body in optional_rows(company).items():
        response = client.post(f"/people/{mine.id}/{table}", json=body)
        assert response.status_code == 200, (table, response.text)
        entry = response.json()["id"]
        assert sandbox.webhooks.events[-1]["data"] == {"employeeId": mine.id, "tableId": table, "id": entry}
        rows = client.get(f"/people/{mine.id}/{table}").json()["values"]
        assert {k: v for k, v in rows[-1].items() if k in body} == body
        if table in ("equities", "bank-accounts"):
            replacement = (
                {"quantity": 50, "equityType": "RSU"} if table == "equities" else {"bankName": "Chase"}
            )
            assert client.put(f"/people/{mine.id}/{table}/{entry}", json=replacement).status_code == 200
            row = client.get(f"/people/{mine.id}/{table}").json()["values"][-1]
            assert {k: row[k] for k in replacement} == replacement
            assert all(row[k] is None for k in body if k not in replacement)
        assert client.delete(f"/people/{mine.id}/{table}/{entry}").status_code == 200
        assert entry not in {r["id"] for r in client.get(f"/people/{mine.id}/{table}").json()["values"]}
    assert_error(client.post(f"/people/{mine.id}/salaries", json={"effectiveDate": "2026-01-01"}), 400)
    assert_error(client.post(f"/people/{mine.id}/bank-accounts", json={"allocation": "all"}), 400)


@pytest.fixture
def financial_viewer(sandbox: Sandbox, company: Company) -> Iterator[ServiceUser]:
    """A service user like `full` but without Edit on Financial (no preset has that shape)."""
    full = sandbox.preset_user("full")
    grants = Grants(full.grants.permissions - {edit("Financial")}, full.grants.audience)
    viewer = ServiceUser("SERVICE-TABLES-VIEWER", "viewer-token", "custom", company, grants)
    sandbox.service_users[viewer.id] = viewer
    yield viewer
    del sandbox.service_users[viewer.id]


def test_bank_account_numbers_are_masked_without_edit(
    hibob: Hibob, base_url: str, mine: Employee, financial_viewer: ServiceUser
) -> None:
    account = {"bankAccountType": "Savings", "accountNumber": "9876543210", "iban": "GB11SBOX12345678"}
    entry = hibob("full").post(f"/people/{mine.id}/bank-accounts", json=account).json()["id"]
    auth = (financial_viewer.id, financial_viewer.token)
    with httpx.Client(base_url=f"{base_url}/v1", auth=auth) as viewer:
        row = next(
            r for r in viewer.get(f"/people/{mine.id}/bank-accounts").json()["values"] if r["id"] == entry
        )
        assert row["accountNumber"] == "*****3210"
        assert row["iban"] == "*****5678"
        assert viewer.post(f"/people/{mine.id}/bank-accounts", json=account).status_code == 403
    assert hibob("full").delete(f"/people/{mine.id}/bank-accounts/{entry}").status_code == 200


def test_salary_and_employment_rows_drive_payroll_fields(
    hibob: Hibob, company: Company, mine: Employee
) -> None:
    client = hibob("full")
    before = {k: v for k, v in mine.values.items() if k.startswith("payroll.")}
    today = company.today.isoformat()
    raise_ = {"effectiveDate": today, "base": {"value": 123456, "currency": "EUR"}, "payPeriod": "Annual"}
    entry = client.post(f"/people/{mine.id}/salaries", json=raise_).json()["id"]
    assert mine.values["payroll.salary.payment"] == {"value": 123456, "currency": "EUR"}
    assert mine.values["payroll.salary.yearlyPayment"] == {"value": 123456, "currency": "EUR"}
    assert client.delete(f"/people/{mine.id}/salaries/{entry}").status_code == 200
    # Employment list columns take the item id or, as HiBob documents them, the item's value.
    part_time = company.lists["payrollEmploymentContract"].find_value("Part-Time")
    assert part_time is not None
    body = {"effectiveDate": today, "contract": "Part-Time", "fte": 50}
    entry = client.post(f"/people/{mine.id}/employment", json=body).json()["id"]
    assert mine.values["payroll.employment.contract"] == part_time.id
    assert mine.values["payroll.employment.fte"] == 50
    assert "payroll.employment.type" not in mine.values
    assert client.delete(f"/people/{mine.id}/employment/{entry}").status_code == 200
    assert {k: v for k, v in mine.values.items() if k.startswith("payroll.")} == before
