"""Deterministic HR changes (hires, updates, terminations, time off), directly and via the admin API."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest

from bobhub.sandbox.changes import apply_changes
from bobhub.sandbox.generator import generate_company
from bobhub.sandbox.model import EMPLOYED, HIRED, TERMINATED, Company
from bobhub.sandbox.state import Sandbox

TODAY = dt.date(2026, 3, 10)
NOW = dt.datetime(2026, 3, 10, 12, 0)
COUNTS = {"hire": 3, "update": 4, "terminate": 2, "time_off": 5}


def fresh(company_id: int = 1, seed: int = 11) -> Company:
    return generate_company(company_id, employees=40, seed=seed, today=TODAY)


def changed(company: Company, **counts: int) -> tuple[Sandbox, dict[str, Any]]:
    sandbox = Sandbox(today=TODAY)
    return sandbox, apply_changes(sandbox, company, now=NOW, **{**COUNTS, **counts})


class TestDeterminism:
    def test_same_company_same_changes(self) -> None:
        one, two = fresh(1), fresh(2)
        _, first = changed(one)
        _, second = changed(two)
        assert first == second
        for employee_id in (*first["hired"], *first["updated"], *first["terminated"]):
            assert one.employees[employee_id].values == {
                **two.employees[employee_id].values,
                "root.companyId": one.id,
            }
        assert [one.requests[r].start_date for r in first["time_off"]] == [
            two.requests[r].start_date for r in second["time_off"]
        ]

    def test_repeated_calls_make_new_changes(self) -> None:
        company = fresh()
        _, first = changed(company)
        _, second = changed(company)
        assert not set(first["hired"]) & set(second["hired"])
        assert not set(first["terminated"]) & set(second["terminated"])
        assert not set(first["time_off"]) & set(second["time_off"])

    def test_counts_are_capped_by_who_is_eligible(self) -> None:
        company = generate_company(1, employees=4, seed=2, today=TODAY)
        _, result = changed(company, hire=0, update=0, terminate=50, time_off=0)
        assert len(result["terminated"]) < 4


class TestHires:
    def test_hires_look_like_generated_employees(self) -> None:
        company = fresh()
        sandbox, result = changed(company, hire=4)
        assert len(result["hired"]) == 4
        assert len(company.employees) == 44
        for employee_id in result["hired"]:
            employee = company.employees[employee_id]
            values = employee.values
            assert employee.lifecycle_status in (HIRED, EMPLOYED)
            assert values["internal.status"] == (
                "Inactive" if employee.lifecycle_status == HIRED else "Active"
            )
            assert company.employee(employee.email) is employee
            assert set(employee.tables) == {"work", "employment", "lifecycle", "salaries"}
            current_work = next(r for r in employee.tables["work"] if r["isCurrent"])
            assert current_work["title"] == values["work.title"]
            assert company.employees[values["work.manager"]].active
            assert values["work.startDate"] >= TODAY.isoformat()
            assert set(employee.policies) == set(company.policy_types)
            assert company.list_label("title", values["work.title"])
        created = [e["data"] for e in sandbox.webhooks.events if e["type"] == "employee.created"]
        assert [d["employeeId"] for d in created] == result["hired"]


class TestUpdates:
    def test_updates_change_fields_and_fire_webhooks(self) -> None:
        before = fresh()
        company = fresh()
        sandbox, result = changed(company, hire=0, update=12, terminate=0, time_off=0)
        events = {
            e["data"]["employeeId"]: e["data"]
            for e in sandbox.webhooks.events
            if e["type"] == "employee.updated"
        }
        assert set(events) == set(result["updated"])
        for employee_id in result["updated"]:
            employee = company.employees[employee_id]
            assert employee.version == 1
            for field_id in events[employee_id]["fieldUpdates"]:
                assert employee.values[field_id] != before.employees[employee_id].values.get(field_id)
        retitled = [i for i in result["updated"] if events[i]["fieldUpdates"] == ["work.title"]]
        assert retitled, "a dozen updates include a promotion"
        rows = company.employees[retitled[0]].tables["work"]
        current = [r for r in rows if r["isCurrent"]]
        assert len(current) == 1
        assert current[0]["effectiveDate"] == TODAY.isoformat()
        entries = [e["data"] for e in sandbox.webhooks.events if e["type"] == "table.entry.created"]
        assert {"employeeId": retitled[0], "tableId": "work", "effectiveDate": TODAY.isoformat()} in entries


class TestTerminations:
    def test_terminated_today(self) -> None:
        company = fresh()
        sandbox, result = changed(company, hire=0, update=0, terminate=3, time_off=0)
        assert len(result["terminated"]) == 3
        for employee_id in result["terminated"]:
            employee = company.employees[employee_id]
            assert employee.lifecycle_status == TERMINATED
            assert not employee.active
            assert employee.values["internal.terminationDate"] == TODAY.isoformat()
            assert company.list_label("terminationReason", employee.values["internal.terminationReason"])
            current = [r for r in employee.tables["lifecycle"] if r["isCurrent"]]
            assert [(r["status"], r["employeeStatus"]) for r in current] == [("Terminated", "Inactive")]
        left = [e["data"]["employeeId"] for e in sandbox.webhooks.events if e["type"] == "employee.left"]
        assert left == result["terminated"]


class TestTimeOff:
    def test_requests_are_booked_through_the_time_off_rules(self) -> None:
        company = fresh()
        changes_before = len(company.changes)
        sandbox, result = changed(company, hire=0, update=0, terminate=0, time_off=6)
        assert len(result["time_off"]) == 6
        for request_id in result["time_off"]:
            request = company.requests[request_id]
            assert request.status in ("approved", "pending")
            assert request.start_date > TODAY
            assert request.cost > 0
        assert len(company.changes) == changes_before + 6
        requested = [e["data"] for e in sandbox.webhooks.events if e["type"] == "timeoff.request.requested"]
        assert [d["timeoffRequestId"] for d in requested] == result["time_off"]


@pytest.fixture
def new_company(admin: httpx.Client) -> dict[str, Any]:
    """A company of its own, so the changes never disturb the shared one other tests read."""
    created = admin.post("/companies", json={"employees": 30, "seed": 21})
    assert created.status_code == 200
    body: dict[str, Any] = created.json()
    return body


def client_for(base_url: str, company: dict[str, Any], preset: str) -> httpx.Client:
    su = next(u for u in company["service_users"] if u["preset"] == preset)
    return httpx.Client(base_url=f"{base_url}/v1", auth=(su["id"], su["token"]), timeout=30)


class TestAdminApi:
    def test_changes_are_visible_through_the_api(
        self, admin: httpx.Client, base_url: str, new_company: dict[str, Any], sandbox: Sandbox
    ) -> None:
        body = {"company": new_company["company"], "hire": 2, "update": 1, "terminate": 1, "time_off": 1}
        response = admin.post("/changes", json=body)
        assert response.status_code == 200
        result = response.json()
        assert [len(result[k]) for k in ("hired", "updated", "terminated", "time_off")] == [2, 1, 1, 1]
        search = {"fields": ["root.id", "internal.lifecycleStatus"], "showInactive": True}
        with (
            client_for(base_url, new_company, "full") as full,
            client_for(base_url, new_company, "partial") as partial,
        ):
            people = full.post("/people/search", json=search).json()["employees"]
            assert {p["id"] for p in people} >= set(result["hired"]) | set(result["terminated"])
            assert len(people) == 32
            statuses = {p["id"]: p["internal"]["lifecycleStatus"] for p in people}
            assert statuses[result["terminated"][0]] == TERMINATED
            hidden = {p["id"] for p in partial.post("/people/search", json=search).json()["employees"]}
            assert result["terminated"][0] not in hidden
        types = {e["type"] for e in sandbox.webhooks.events if e["companyId"] == new_company["company"]}
        assert {"employee.created", "employee.updated", "employee.left", "timeoff.request.requested"} <= types

    def test_bad_counts_are_400(self, admin: httpx.Client) -> None:
        assert admin.post("/changes", json={"hire": -1}).status_code == 400
        assert admin.post("/changes", json={"company": 999, "hire": 1}).status_code == 404
