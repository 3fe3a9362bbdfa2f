"""People writes over real HTTP: create, update (304 on a no-op), email change, profiles and avatars.

Every write targets an employee the test creates, so the shared company only grows.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from bobhub.sandbox.model import Company
from bobhub.sandbox.state import Sandbox, ServiceUser

Hibob = Callable[[str], httpx.Client]
User = Callable[[str], ServiceUser]
_serial = itertools.count(1)


def person_body(**work: Any) -> dict[str, Any]:
    n = next(_serial)
    return {
        "firstName": "Write",
        "surname": f"Tester{n}",
        "email": f"write.tester{n}@people-writes.example.com",
        "work": {"site": "London", "startDate": "2021-03-01", **work},
    }


def create(client: httpx.Client, **work: Any) -> dict[str, Any]:
    response = client.post("/people", json=person_body(**work))
    assert response.status_code == 200, response.text
    created: dict[str, Any] = response.json()
    return created


def company_of(user: User) -> Company:
    return user("full").company


def events(sandbox: Sandbox, kind: str, employee_id: str) -> list[dict[str, Any]]:
    return [
        e["data"]
        for e in sandbox.webhooks.events
        if e["type"] == kind and e["data"]["employeeId"] == employee_id
    ]


class TestCreate:
    def test_list_values_resolve_to_ids_and_history_rows_start(
        self, hibob: Hibob, user: User, sandbox: Sandbox
    ) -> None:
        company = company_of(user)
        created = create(hibob("full"), title="Software Engineer", department="Backend")
        employee = company.employees[created["id"]]
        assert created["work"]["title"] == company.lists["title"].find_value("Software Engineer").id  # type: ignore[union-attr]
        assert created["/work/department"]["value"] == employee.values["work.department"]
        assert created["work"]["site"] == "London"
        assert created["work"]["siteId"] == int(company.lists["site"].find_value("London").id)  # type: ignore[union-attr]
        assert employee.lifecycle_status == "employed"
        assert employee.active
        assert [r["status"] for r in employee.tables["lifecycle"]] == ["Employed"]
        assert employee.tables["work"][0]["effectiveDate"] == "2021-03-01"
        assert events(sandbox, "employee.created", created["id"]) == [{"employeeId": created["id"]}]

    def test_a_future_start_date_makes_a_hired_inactive_person(self, hibob: Hibob, user: User) -> None:
        client = hibob("full")
        created = create(client, startDate="2099-01-02")
        assert company_of(user).employees[created["id"]].lifecycle_status == "hired"
        people = client.post("/people/search", json={"fields": ["root.id"]}).json()["employees"]
        assert created["id"] not in {p["id"] for p in people}

    def test_flat_dot_keys_work_too(self, hibob: Hibob, user: User) -> None:
        body = person_body()
        flat = {f"root.{k}": body[k] for k in ("firstName", "surname", "email")}
        flat.update({"work.site": "Berlin", "work.startDate": "2022-02-01", "root.secondName": "Middle"})
        response = hibob("full").post("/people", json=flat)
        assert response.status_code == 200
        values = company_of(user).employees[response.json()["id"]].values
        assert values["root.secondName"] == "Middle"
        assert values["work.site"] == "Berlin"

    @pytest.mark.parametrize(
        ("change", "wording"),
        [
            ({"email": None}, "root.email"),
            ({"work": {"site": "London"}}, "work.startDate"),
            ({"work": {"site": "Atlantis", "startDate": "2021-01-01"}}, "site"),
            ({"work": {"site": "London", "startDate": "2021-01-01", "title": "Wizard"}}, "title"),
            ({"work": {"site": "London", "startDate": "01/02/2021"}}, "date"),
            ({"email": "not-an-email"}, "email"),
            ({"shoeSize": 44}, "shoeSize"),
            ({"fullName": "Calculated Name"}, "root.fullName"),
        ],
        ids=[
            "no-email",
            "no-start",
            "unknown-site",
            "unknown-title",
            "bad-date",
            "bad-email",
            "unknown-field",
            "calculated",
        ],  # fmt: skip
    )
    def test_invalid_bodies_are_400(self, hibob: Hibob, change: dict[str, Any], wording: str) -> None:
        body = {**person_body(), **change}
        response = hibob("full").post("/people", json=body)
        assert response.status_code == 400
        assert wording in response.json()["error"]

    def test_duplicate_email_is_400(self, hibob: Hibob, user: User) -> None:
        taken = next(iter(company_of(user).employees.values())).email
        response = hibob("full").post("/people", json={**person_body(), "email": taken.upper()})
        assert response.status_code == 400

    def test_without_add_people_it_is_403_before_the_body_is_read(self, hibob: Hibob) -> None:
        response = hibob("activtrak").post("/people", content=b"{not json")
        assert response.status_code == 403
        assert "Add new people to the company" in response.json()["error"]


class TestUpdate:
    def test_nested_and_flat_bodies_update_and_fire_webhooks(
        self, hibob: Hibob, user: User, sandbox: Sandbox
    ) -> None:
        client = hibob("full")
        created = create(client)
        employee = company_of(user).employees[created["id"]]
        nested = {
            "firstName": "Renamed",
            "personal": {"birthDate": "1990-05-17"},
            "home": {"numberOfKids": 2},
        }
        assert client.put(f"/people/{employee.id}", json=nested).status_code == 200
        assert client.put(f"/people/{employee.email}", json={"root.surname": "Flat"}).status_code == 200
        values = employee.values
        assert (values["root.firstName"], values["root.surname"]) == ("Renamed", "Flat")
        assert values["root.fullName"] == values["root.displayName"] == "Renamed Flat"
        assert values["personal.birthDate"] == "1990-05-17"
        assert values["home.numberOfKids"] == 2
        updates = [e["fieldUpdates"] for e in events(sandbox, "employee.updated", employee.id)]
        assert updates == [["root.firstName", "personal.birthDate", "home.numberOfKids"], ["root.surname"]]

    def test_a_no_op_is_304_with_an_empty_body(self, hibob: Hibob) -> None:
        client = hibob("full")
        created = create(client)
        response = client.put(f"/people/{created['id']}", json={"firstName": "Write"})
        assert response.status_code == 304
        assert response.content == b""

    def test_list_fields_take_item_ids(self, hibob: Hibob, user: User) -> None:
        client = hibob("full")
        created = create(client)
        status = company_of(user).lists["familyStatus"].find_value("Married")
        assert status is not None
        assert (
            client.put(f"/people/{created['id']}", json={"home": {"familyStatus": "Married"}}).status_code
            == 400
        )
        assert (
            client.put(f"/people/{created['id']}", json={"home": {"familyStatus": status.id}}).status_code
            == 200
        )

    @pytest.mark.parametrize(
        ("body", "status"),
        [
            ({"work": {"title": "1"}}, 400),
            ({"root.email": "x@y.com"}, 400),
            ({"root.fullName": "X"}, 400),
            ({"nothing": {"here": 1}}, 400),
            ({"home": {"numberOfKids": "two"}}, 400),
            ([], 400),
        ],
        ids=["history-table-field", "email", "calculated", "unknown", "wrong-type", "not-an-object"],
    )
    def test_fields_put_cannot_write_are_400(self, hibob: Hibob, body: Any, status: int) -> None:
        client = hibob("full")
        created = create(client)
        response = client.put(f"/people/{created['id']}", json=body)
        assert response.status_code == status
        assert set(response.json()) == {"key", "error"}

    def test_edit_is_needed_on_each_touched_section(self, hibob: Hibob) -> None:
        created = create(hibob("full"))
        partial = hibob("partial")
        response = partial.put(f"/people/{created['id']}", json={"personal": {"birthDate": "1990-01-01"}})
        assert response.status_code == 403
        assert "Edit selected employees' Personal sections" in response.json()["error"]
        assert partial.put(f"/people/{created['id']}", json={"surname": "Partial"}).status_code == 200
        assert hibob("activtrak").put(f"/people/{created['id']}", content=b"{bad").status_code == 403

    def test_unknown_employee_is_404(self, hibob: Hibob) -> None:
        assert hibob("full").put("/people/404404", json={"firstName": "X"}).status_code == 404


class TestEmail:
    def test_change_moves_the_email_lookup(self, hibob: Hibob, user: User, sandbox: Sandbox) -> None:
        client = hibob("full")
        created = create(client)
        old = company_of(user).employees[created["id"]].email
        new = f"moved{next(_serial)}@people-writes.example.com"
        assert client.put(f"/people/{created['id']}/email", json={"email": new}).status_code == 200
        assert client.post(f"/people/{new}", json={}).json()["employees"][0]["id"] == created["id"]
        assert client.post(f"/people/{old}", json={}).status_code == 404
        assert events(sandbox, "employee.updated", created["id"])[-1]["fieldUpdates"] == ["root.email"]

    def test_duplicate_invalid_and_forbidden(self, hibob: Hibob, user: User) -> None:
        client = hibob("full")
        one, two = create(client), create(client)
        taken_email = company_of(user).employees[two["id"]].email
        taken = client.put(f"/people/{one['id']}/email", json={"email": taken_email})
        assert taken.status_code == 400
        assert client.put(f"/people/{one['id']}/email", json={"email": "nope"}).status_code == 400
        assert (
            hibob("activtrak").put(f"/people/{one['id']}/email", json={"email": "a@b.co"}).status_code == 403
        )


class TestProfiles:
    def test_active_people_in_the_nested_shape(self, hibob: Hibob, user: User) -> None:
        company = company_of(user)
        profiles = hibob("full").get("/profiles").json()["employees"]
        assert {p["id"] for p in profiles} == {e.id for e in company.employees.values() if e.active}
        profile = profiles[0]
        values = company.employees[profile["id"]].values
        assert profile["email"] == values["root.email"]
        assert profile["work"]["department"] == values["work.department"]
        assert profile["personal"]["shortBirthDate"] == values["personal.shortBirthDate"]
        assert not any(key.startswith("/") for key in profile)

    def test_permissions_apply(self, hibob: Hibob) -> None:
        assert hibob("activtrak").get("/profiles").status_code == 403
        assert all("personal" not in p for p in hibob("partial").get("/profiles").json()["employees"])


class TestAvatars:
    def test_read_by_id_or_email_and_upload(self, hibob: Hibob) -> None:
        client = hibob("full")
        created = create(client)
        url = "https://images.example.com/me.png"
        assert client.put(f"/avatars/{created['id']}", json={"url": url}).status_code == 200
        by_id = client.get(f"/avatars/{created['id']}")
        assert (by_id.status_code, by_id.text) == (200, url)
        assert by_id.headers["content-type"].startswith("text/plain")
        email = client.post(f"/people/{created['id']}", json={"fields": ["root.email"]}).json()["employees"][
            0
        ]["email"]
        assert client.get("/avatars", params={"email": email}).text == url
        assert (
            client.post(f"/people/{created['id']}", json={"fields": ["root.avatarUrl"]}).json()["employees"][
                0
            ]["avatarUrl"]
            == url
        )

    def test_errors(self, hibob: Hibob) -> None:
        client = hibob("full")
        assert client.get("/avatars/404404").status_code == 404
        assert client.get("/avatars").status_code == 400
        created = create(client)
        assert client.put(f"/avatars/{created['id']}", json={"url": "ftp://x"}).status_code == 400
        assert (
            hibob("activtrak")
            .put(f"/avatars/{created['id']}", json={"url": "https://x.io/a.png"})
            .status_code
            == 403
        )
