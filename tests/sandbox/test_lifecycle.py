"""Lifecycle actions over real HTTP: terminate (now, with garden leave, later), invitations, start date."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from bobhub.sandbox.model import Company, Employee
from bobhub.sandbox.state import Sandbox, ServiceUser

Hibob = Callable[[str], httpx.Client]
User = Callable[[str], ServiceUser]
_serial = itertools.count(1)


def company_of(user: User) -> Company:
    return user("full").company


def hire(client: httpx.Client, company: Company) -> Employee:
    """An employed person of the test's own (started in 2020)."""
    n = next(_serial)
    body = {"firstName": "Life", "surname": f"Cycle{n}", "email": f"life.cycle{n}@lifecycle.example.com",
            "work": {"site": "Austin", "startDate": "2020-06-01"}}  # fmt: skip
    response = client.post("/people", json=body)
    assert response.status_code == 200, response.text
    return company.employees[response.json()["id"]]


def day(company: Company, offset: int) -> str:
    return (company.today + dt.timedelta(days=offset)).isoformat()


def item(company: Company, list_name: str, value: str) -> str:
    found = company.lists[list_name].find_value(value)
    assert found is not None
    return found.id


class TestTerminate:
    def test_terminated_today_leaves_the_active_people(
        self, hibob: Hibob, user: User, sandbox: Sandbox
    ) -> None:
        company, client = company_of(user), hibob("full")
        person = hire(client, company)
        reason = item(company, "terminationReason", "Relocation")
        body = {"terminationDate": day(company, 0), "terminationReason": reason,
                "reasonType": item(company, "lifecycleReasonType", "Resignation"),
                "noticePeriod": {"unit": "weeks", "length": 2}}  # fmt: skip
        response = client.post(f"/employees/{person.id}/terminate", json=body)
        assert response.status_code == 200
        values = person.values
        assert (values["internal.lifecycleStatus"], values["internal.status"]) == ("terminated", "Inactive")
        assert values["internal.terminationReason"] == reason
        assert values["internal.notice"] == "2 weeks"
        current = next(r for r in person.tables["lifecycle"] if r["isCurrent"])
        assert (current["status"], current["effectiveDate"]) == ("Terminated", day(company, 0))
        assert {
            "type": "employee.left",
            "data": {"employeeId": person.id},
        }.items() <= sandbox.webhooks.events[-1].items()
        active = client.post("/people/search", json={"fields": ["root.id"]}).json()["employees"]
        assert person.id not in {p["id"] for p in active}
        assert hibob("partial").post(f"/people/{person.id}", json={}).status_code == 404

    def test_a_past_last_day_of_work_means_garden_leave_until_termination(
        self, hibob: Hibob, user: User, sandbox: Sandbox
    ) -> None:
        company, client = company_of(user), hibob("full")
        person = hire(client, company)
        body = {"terminationDate": day(company, 30), "lastDayOfWork": day(company, -2)}
        assert client.post(f"/employees/{person.id}/terminate", json=body).status_code == 200
        assert (person.lifecycle_status, person.active) == ("garden leave", True)
        statuses = [(r["status"], r["isCurrent"]) for r in person.tables["lifecycle"]]
        assert statuses == [("Employed", False), ("Garden leave", True), ("Terminated", False)]
        assert sandbox.webhooks.events[-1]["type"] == "employee.updated"

    def test_a_future_termination_keeps_the_current_status(self, hibob: Hibob, user: User) -> None:
        company, client = company_of(user), hibob("full")
        person = hire(client, company)
        body = {"terminationDate": day(company, 20)}
        assert client.post(f"/employees/{person.id}/terminate", json=body).status_code == 200
        assert person.lifecycle_status == "employed"
        assert person.values["internal.terminationDate"] == day(company, 20)

    @pytest.mark.parametrize(
        "body",
        [
            {},
            {"terminationDate": "soon"},
            {"terminationDate": "2030-01-01", "terminationReason": "Bored"},
            {"terminationDate": "2030-01-01", "lastDayOfWork": "2030-02-01"},
            {"terminationDate": "2030-01-01", "noticePeriod": {"unit": "fortnights", "length": 1}},
            {"terminationDate": "2001-01-01"},
        ],
        ids=["no-date", "bad-date", "unknown-reason", "last-day-after", "bad-notice", "before-start"],
    )
    def test_bad_bodies_are_400(self, hibob: Hibob, user: User, body: dict[str, Any]) -> None:
        client = hibob("full")
        person = hire(client, company_of(user))
        response = client.post(f"/employees/{person.id}/terminate", json=body)
        assert response.status_code == 400
        assert set(response.json()) == {"key", "error"}

    def test_terminating_twice_is_400(self, hibob: Hibob, user: User) -> None:
        company, client = company_of(user), hibob("full")
        person = hire(client, company)
        body = {"terminationDate": day(company, -1)}
        assert client.post(f"/employees/{person.id}/terminate", json=body).status_code == 200
        assert client.post(f"/employees/{person.id}/terminate", json=body).status_code == 400

    def test_edit_on_lifecycle_is_needed_before_anything_else(self, hibob: Hibob) -> None:
        response = hibob("activtrak").post("/employees/404404/terminate", content=b"{bad")
        assert response.status_code == 403
        assert "Edit selected employees' Lifecycle sections" in response.json()["error"]
        assert (
            hibob("full")
            .post("/employees/404404/terminate", json={"terminationDate": "2030-01-01"})
            .status_code
            == 404
        )


class TestInvitations:
    def test_uninvite_and_invite_with_a_known_wizard(self, hibob: Hibob, user: User) -> None:
        client = hibob("full")
        person = hire(client, company_of(user))
        wizard = client.get("/onboarding/wizards").json()["wizards"][0]["id"]
        assert client.post(f"/employees/{person.id}/uninvite").status_code == 200
        assert (
            client.post(f"/employees/{person.id}/invitations", json={"welcomeWizardId": wizard}).status_code
            == 200
        )
        unknown = client.post(f"/employees/{person.id}/invitations", json={"welcomeWizardId": 999})
        assert unknown.status_code == 400
        assert client.post(f"/employees/{person.id}/invitations", json={}).status_code == 400

    def test_permissions_and_unknown_people(self, hibob: Hibob, user: User) -> None:
        person = hire(hibob("full"), company_of(user))
        assert hibob("activtrak").post(f"/employees/{person.id}/uninvite").status_code == 403
        assert hibob("full").post("/employees/404404/uninvite").status_code == 404


class TestStartDate:
    def test_sets_the_start_date_and_fires_an_update(
        self, hibob: Hibob, user: User, sandbox: Sandbox
    ) -> None:
        client = hibob("full")
        person = hire(client, company_of(user))
        body = {"startDate": "2020-07-01", "reason": "Visa delay"}
        assert client.post(f"/employees/{person.id}/start-date", json=body).status_code == 200
        assert person.values["work.startDate"] == "2020-07-01"
        assert sandbox.webhooks.events[-1]["data"] == {
            "employeeId": person.id,
            "fieldUpdates": ["work.startDate"],
        }
        assert (
            client.post(f"/employees/{person.id}/start-date", json={"startDate": "July"}).status_code == 400
        )
        assert hibob("activtrak").post(f"/employees/{person.id}/start-date", json=body).status_code == 403
