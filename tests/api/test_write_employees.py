"""Employee write-back over real HTTP against the sandbox: create, edit, terminate, dry runs and read-back."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import httpx
import pytest

from bobhub.sandbox.state import Sandbox
from bobhub.settings import Settings
from tests.api.conftest import MakeKey, bearer
from tests.writeback.companies import Linked, link_company, stored, stored_all, write_calls


@pytest.fixture
async def linked(
    api: httpx.AsyncClient, api_settings: Settings, make_key: MakeKey, sandbox: Sandbox, base_url: str
) -> Linked:
    return await link_company(api, api_settings, make_key, sandbox, base_url)


NEW: dict[str, Any] = {
    "first_name": "Ada",
    "last_name": "Lovelace",
    "work_email": "ada.lovelace@example.org",
    "start_date": "2025-03-01",
    "location": "London",
    "department": "engineering",
    "job_title": "Software Engineer",
    "country": "UK",
    "compensation": {"amount": 85000, "currency": "GBP"},
}


def hibob_employee(linked: Linked, identifier: str) -> httpx.Response:
    with linked.hibob() as hibob:
        return hibob.post(f"/people/{identifier}", json={"fields": ["root.firstName", "work.title"]})


async def audit_rows(api: httpx.AsyncClient, linked: Linked, action: str) -> list[dict[str, Any]]:
    response = await api.get("/v1/audit-log", params={"action": action}, headers=linked.headers)
    assert response.status_code == 200, response.text
    rows: list[dict[str, Any]] = response.json()["results"]
    return rows


class TestCreate:
    async def test_dry_run_answers_the_requests_and_sends_nothing(
        self, api: httpx.AsyncClient, linked: Linked, admin: httpx.Client
    ):
        before = write_calls(admin)
        response = await api.post("/v1/employees?dry_run=true", json=NEW, headers=linked.headers)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["status"] == "dry_run"
        assert body["result"] is None
        create, salary = body["requests"]
        assert create == {
            "method": "POST",
            "path": "/v1/people",
            "body": {
                "firstName": "Ada",
                "surname": "Lovelace",
                "email": "ada.lovelace@example.org",
                # HiBob's create takes list names, canonical as the lists spell them; the UK by its name.
                "work": {
                    "startDate": "2025-03-01",
                    "site": "London",
                    "department": "Engineering",
                    "title": "Software Engineer",
                },
                "address": {"country": "United Kingdom"},
            },
        }
        assert salary["path"] == "/v1/people/{new employee id}/salaries"
        assert salary["body"]["base"] == {"value": 85000, "currency": "GBP"}
        assert write_calls(admin) == before
        assert hibob_employee(linked, NEW["work_email"]).status_code == 404
        [row] = await audit_rows(api, linked, "employees.create")
        assert (row["result"], row["request"]["requests"]) == ("dry_run", body["requests"])

    async def test_creates_verifies_and_stores(
        self, api: httpx.AsyncClient, linked: Linked, api_settings: Settings
    ):
        response = await api.post("/v1/employees", json=NEW, headers=linked.headers)
        assert response.status_code == 200, response.text
        body = response.json()
        assert (body["status"], body["unconfirmed_fields"]) == ("verified", [])
        new_id = body["result"]["remote_id"]
        assert body["requests"][1]["path"] == f"/v1/people/{new_id}/salaries"
        result = body["result"]
        assert (result["first_name"], result["department"], result["location"]) == (
            "Ada",
            "Engineering",
            "London",
        )
        assert result["sections"]["address"]["country"]["label"] == "United Kingdom"
        assert result["id"].startswith("rec_")
        ours = await stored(api_settings, linked.account_id, "employees", new_id)
        assert ours is not None
        assert ours["id"] == result["id"]
        assert ours["job_title"] == "Software Engineer"
        pay = list(await stored_all(api_settings, linked.account_id, "compensation_records"))
        assert [(r["amount"], r["currency"]) for r in pay if r["employee_remote_id"] == new_id] == [
            (85000, "GBP")
        ]
        assert hibob_employee(linked, new_id).json()["employees"][0]["firstName"] == "Ada"
        read = await api.get(f"/v1/employees/{result['id']}", headers=linked.headers)
        assert read.status_code == 200, read.text
        assert (read.json()["first_name"], read.json()["department"]) == ("Ada", "Engineering")
        [row] = await audit_rows(api, linked, "employees.create")
        assert (row["result"], row["target"], row["id"]) == (
            "verified",
            f"employees/{new_id}",
            body["audit_id"],
        )

    async def test_an_unknown_list_label_is_400_naming_the_field(
        self, api: httpx.AsyncClient, linked: Linked, admin: httpx.Client
    ):
        before = write_calls(admin)
        response = await api.post(
            "/v1/employees", json={**NEW, "department": "Alchemy"}, headers=linked.headers
        )
        assert response.status_code == 400
        assert response.json()["detail"].startswith("department: 'Alchemy' is not in HiBob's department list")
        assert write_calls(admin) == before
        [row] = await audit_rows(api, linked, "employees.create")
        assert (row["result"], row["request"]) == ("failed", None)

    async def test_bad_input_is_400_naming_the_field(self, api: httpx.AsyncClient, linked: Linked):
        cases: list[tuple[dict[str, Any], str]] = [
            ({"location": None}, "location: "),
            ({"firstname": "Ada"}, "firstname: Extra inputs are not permitted"),
            ({"start_date": "March"}, "start_date: "),
            ({"work_email": "not-an-email"}, "work_email: not an email address"),
            ({"manager_remote_id": "nobody"}, "manager_remote_id: no employee 'nobody'"),
        ]
        for change, named in cases:
            body = {k: v for k, v in {**NEW, **change}.items() if v is not None}
            response = await api.post("/v1/employees", json=body, headers=linked.headers)
            assert response.status_code == 400, change
            assert response.json()["detail"].startswith(named), response.text


class TestUpdate:
    async def test_dry_run_shows_the_edit_and_the_new_work_row(
        self, api: httpx.AsyncClient, linked: Linked, admin: httpx.Client
    ):
        employee = linked.employed()
        change = {"first_name": "Grace", "department": "Engineering", "effective_date": "2026-01-01"}
        before = write_calls(admin)
        response = await api.patch(
            f"/v1/employees/{employee}?dry_run=true", json=change, headers=linked.headers
        )
        assert response.status_code == 200, response.text
        edit, work = response.json()["requests"]
        assert edit == {"method": "PUT", "path": f"/v1/people/{employee}", "body": {"firstName": "Grace"}}
        assert (work["method"], work["path"]) == ("POST", f"/v1/people/{employee}/work")
        current = linked.company.employees[employee].values
        # A new work row is whole: the title and site the caller left alone are carried over.
        assert work["body"]["effectiveDate"] == "2026-01-01"
        assert work["body"]["title"] == current["work.title"]
        assert work["body"]["siteId"] == current["work.siteId"]
        assert write_calls(admin) == before
        assert hibob_employee(linked, employee).json()["employees"][0]["firstName"] != "Grace"

    async def test_edits_verifies_and_updates_the_store(
        self, api: httpx.AsyncClient, linked: Linked, api_settings: Settings
    ):
        employee = linked.employed()
        change = {
            "first_name": "Grace",
            "sections": {"about": {"about": "Writes compilers."}},
            "job_title": "Staff Engineer",
            "effective_date": dt.date.today().isoformat(),
        }
        response = await api.patch(f"/v1/employees/{employee}", json=change, headers=linked.headers)
        assert response.status_code == 200, response.text
        body = response.json()
        assert (body["status"], body["unconfirmed_fields"]) == ("verified", [])
        ours = await stored(api_settings, linked.account_id, "employees", employee)
        assert ours is not None
        assert ours["first_name"] == "Grace"
        assert ours["sections"]["about"]["about"] == "Writes compilers."
        rows = await stored_all(api_settings, linked.account_id, "job_records")
        dated = [
            r
            for r in rows
            if r["employee_remote_id"] == employee and r["effective_date"] == change["effective_date"]
        ]
        assert len(dated) == 1
        assert body["result"]["id"] == ours["id"]
        read = await api.get(f"/v1/employees/{ours['id']}", headers=linked.headers)
        assert read.status_code == 200, read.text
        assert read.json()["first_name"] == "Grace"

    async def test_email_start_date_employment_and_compensation(
        self, api: httpx.AsyncClient, linked: Linked, api_settings: Settings
    ):
        employee = linked.employed(1)
        change = {
            "work_email": "grace.hopper@example.org",
            "start_date": "2020-02-03",
            "effective_date": "2026-02-01",
            "employment": {"contract": "Part-Time", "weekly_hours": 20},
            "compensation": {"amount": 4000, "currency": "EUR", "pay_period": "Monthly"},
        }
        response = await api.patch(f"/v1/employees/{employee}", json=change, headers=linked.headers)
        assert response.status_code == 200, response.text
        body = response.json()
        assert (body["status"], body["unconfirmed_fields"]) == ("verified", [])
        paths = [(r["method"], r["path"].removeprefix(f"/v1/people/{employee}")) for r in body["requests"]]
        assert paths == [
            ("PUT", "/email"),
            ("POST", f"/v1/employees/{employee}/start-date"),
            ("POST", "/employment"),
            ("POST", "/salaries"),
        ]
        employment = body["requests"][2]["body"]
        assert employment["weeklyHours"] == 20
        assert employment["type"]
        ours = await stored(api_settings, linked.account_id, "employees", employee)
        assert ours is not None
        assert ours["work_email"] == "grace.hopper@example.org"

    async def test_read_back_waits_out_hibobs_lag(
        self, api: httpx.AsyncClient, linked: Linked, admin: httpx.Client
    ):
        added = admin.post("/faults", json={"kind": "lag", "seconds": 3, "user": linked.user.id})
        assert added.status_code == 200
        started = time.monotonic()
        response = await api.patch(
            f"/v1/employees/{linked.employed()}", json={"last_name": "Lagged"}, headers=linked.headers
        )
        assert response.status_code == 200, response.text
        assert response.json()["status"] == "verified"
        assert 3 <= time.monotonic() - started < 15

    async def test_bad_changes_are_400_naming_the_field(self, api: httpx.AsyncClient, linked: Linked):
        cases: list[tuple[dict[str, Any], str]] = [
            ({"department": "Engineering"}, "effective_date: required"),
            ({"sections": {"work": {"title": "CEO"}}}, "sections.work.title: a work or employment field"),
            ({"sections": {"personal": {"shoe_size": 44}}}, "sections.personal.shoe_size: "),
            ({"custom_fields": {"work.custom.field_0": 1}}, "custom_fields.work.custom.field_0: "),
            ({"gender": "Robot"}, "gender: 'Robot' is not in HiBob's legalGender list"),
            ({}, "the body changes nothing"),
        ]
        for change, named in cases:
            response = await api.patch(
                f"/v1/employees/{linked.employed()}", json=change, headers=linked.headers
            )
            assert response.status_code == 400, change
            assert response.json()["detail"].startswith(named), response.text

    async def test_a_missing_edit_permission_is_403_naming_it(
        self,
        api: httpx.AsyncClient,
        api_settings: Settings,
        make_key: MakeKey,
        sandbox: Sandbox,
        base_url: str,
    ):
        partial = await link_company(api, api_settings, make_key, sandbox, base_url, preset="partial")
        response = await api.patch(
            f"/v1/employees/{partial.employed()}",
            json={"date_of_birth": "1990-05-17"},
            headers=partial.headers,
        )
        assert response.status_code == 403
        wording = "People's data > Personal > Edit selected employees' Personal sections"
        assert wording in response.json()["detail"]
        [row] = await audit_rows(api, partial, "employees.update")
        assert row["result"] == "forbidden"
        assert row["detail"]["permission"] == wording
        assert row["request"]["requests"][0]["method"] == "PUT"


class TestIsolation:
    async def test_another_tenants_account_is_404_and_nothing_is_sent(
        self, api: httpx.AsyncClient, linked: Linked, make_key: MakeKey, admin: httpx.Client
    ):
        stranger = {**bearer(await make_key()), "X-Account-Id": linked.account_id}
        before = write_calls(admin)
        response = await api.patch(
            f"/v1/employees/{linked.employed()}", json={"first_name": "X"}, headers=stranger
        )
        assert response.status_code == 404
        assert write_calls(admin) == before

    async def test_another_accounts_employee_is_404(
        self,
        api: httpx.AsyncClient,
        linked: Linked,
        api_settings: Settings,
        make_key: MakeKey,
        sandbox: Sandbox,
        base_url: str,
        admin: httpx.Client,
    ):
        other = await link_company(api, api_settings, make_key, sandbox, base_url)
        theirs = await stored(api_settings, other.account_id, "employees", other.employed())
        assert theirs is not None
        before = write_calls(admin)
        for ident in (theirs["id"], other.employed()):
            response = await api.patch(
                f"/v1/employees/{ident}", json={"first_name": "X"}, headers=linked.headers
            )
            assert response.status_code == 404
        assert write_calls(admin) == before

    async def test_a_read_only_key_may_not_write(
        self,
        api: httpx.AsyncClient,
        api_settings: Settings,
        make_key: MakeKey,
        sandbox: Sandbox,
        base_url: str,
    ):
        reader = await link_company(
            api, api_settings, make_key, sandbox, base_url, scopes=("read",), sync=False
        )
        response = await api.post("/v1/employees?dry_run=true", json=NEW, headers=reader.headers)
        assert response.status_code == 403
        assert "write" in response.json()["detail"]


class TestTerminate:
    async def test_dry_run_then_terminate(
        self, api: httpx.AsyncClient, linked: Linked, api_settings: Settings, admin: httpx.Client
    ):
        employee = linked.employed(2)
        date = (dt.date.today() + dt.timedelta(days=30)).isoformat()
        termination = {
            "termination_date": date,
            "termination_reason": "resignation - personal",
            "reason_type": "Resignation",
            "notice_period": {"unit": "weeks", "length": 4},
        }
        before = write_calls(admin)
        dry = await api.post(
            f"/v1/employees/{employee}/terminate?dry_run=true", json=termination, headers=linked.headers
        )
        assert dry.status_code == 200, dry.text
        [call] = dry.json()["requests"]
        reasons = linked.company.lists["terminationReason"]
        assert call["body"]["terminationReason"] == reasons.find_value("Resignation - personal").id
        assert call["body"]["noticePeriod"] == {"unit": "weeks", "length": 4}
        assert write_calls(admin) == before
        response = await api.post(
            f"/v1/employees/{employee}/terminate", json=termination, headers=linked.headers
        )
        assert response.status_code == 200, response.text
        assert (response.json()["status"], response.json()["requests"]) == (
            "verified",
            dry.json()["requests"],
        )
        ours = await stored(api_settings, linked.account_id, "employees", employee)
        assert ours is not None
        assert ours["termination_date"] == date

    async def test_last_day_after_termination_is_400(self, api: httpx.AsyncClient, linked: Linked):
        body = {"termination_date": "2026-01-31", "last_day_of_work": "2026-02-15"}
        response = await api.post(
            f"/v1/employees/{linked.employed()}/terminate", json=body, headers=linked.headers
        )
        assert response.status_code == 400
        assert "last_day_of_work" in response.json()["detail"]
