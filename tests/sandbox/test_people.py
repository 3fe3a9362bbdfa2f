"""People reads over real HTTP: the three-layer shape, humanReadable modes, filters, permissions, lag."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from bobhub.sandbox.model import Company, Employee
from bobhub.sandbox.permissions import STANDARD_AUDIENCE, Grants, all_category_permissions, view
from bobhub.sandbox.state import Sandbox, ServiceUser

Hibob = Callable[[str], httpx.Client]
User = Callable[[str], ServiceUser]
LAPTOP_BUDGET = "work.custom.field_1711886937296"
LAPTOP_MODEL = "category_1720508362305.custom.field_1720508391123"
_serial = itertools.count(1)


def search(client: httpx.Client, **body: Any) -> list[dict[str, Any]]:
    response = client.post("/people/search", json=body)
    assert response.status_code == 200, response.text
    employees: list[dict[str, Any]] = response.json()["employees"]
    return employees


def nested(employee: dict[str, Any], json_path: str) -> Any:
    node: Any = employee
    for part in json_path.split("."):
        node = node[part]
    return node


def slash(field_id: str) -> str:
    return "/" + field_id.replace(".", "/")


def returned_ids(employee: dict[str, Any]) -> set[str]:
    return {key[1:].replace("/", ".") for key in employee if key.startswith("/")}


def company_of(user: User) -> Company:
    return user("full").company


def first_with(company: Company, predicate: Callable[[Employee], bool]) -> Employee:
    return next(e for e in company.employees.values() if predicate(e))


def new_person(client: httpx.Client, **work: Any) -> dict[str, Any]:
    """An employee of the test's own (the shared company is only ever added to)."""
    n = next(_serial)
    body = {
        "firstName": "Test",
        "surname": f"Person{n}",
        "email": f"test.person{n}@people-tests.example.com",
        "work": {"site": "London", "startDate": "2020-01-06", **work},
    }
    response = client.post("/people", json=body)
    assert response.status_code == 200, response.text
    created: dict[str, Any] = response.json()
    return created


class TestThreeLayers:
    def test_root_nested_and_slash_layers_agree_with_the_company(self, hibob: Hibob, user: User) -> None:
        company = company_of(user)
        fields = ["root.firstName", "work.department", "root.email", LAPTOP_BUDGET, LAPTOP_MODEL,
                  "about.socialData.linkedin", "payroll.salary.payment"]  # fmt: skip
        people = search(hibob("full"), fields=fields)
        assert people
        for person in people:
            employee = company.employees[person["id"]]
            assert person["/root/id"] == {"value": employee.id}
            for field_id in fields:
                value = employee.values.get(field_id)
                assert person[slash(field_id)] == {"value": value}
                assert nested(person, company.fields[field_id].json_path) == value
        assert "custom" in people[0]["work"]
        assert set(people[0]["category_1720508362305"]["custom"]) == {"field_1720508391123"}

    def test_default_fields_are_basic_info_about_employment_and_work(self, hibob: Hibob, user: User) -> None:
        company = company_of(user)
        expected = {
            f.id for f in company.fields.values()
            if f.category_id in ("root", "about", "employment", "work") and not f.custom
        }  # fmt: skip
        person = search(hibob("full"))[0]
        assert returned_ids(person) == expected
        assert "personal" not in person
        assert "humanReadable" not in person

    def test_visible_fields_without_a_value_are_null(self, hibob: Hibob, user: User) -> None:
        company = company_of(user)
        employee = first_with(company, lambda e: e.active and "root.secondName" not in e.values)
        person = search(hibob("full"), fields=["root.secondName"], filters=[
            {"fieldPath": "root.id", "operator": "equals", "values": [employee.id]}
        ])[0]  # fmt: skip
        assert person["secondName"] is None
        assert person["/root/secondName"] == {"value": None}


class TestHumanReadable:
    def test_append_adds_display_values_for_non_null_fields(self, hibob: Hibob, user: User) -> None:
        company = company_of(user)

        def day_month_year(iso: str) -> str:
            year, month, day = iso.split("-")
            return f"{day}/{month}/{year}"

        display: dict[str, Callable[[Any], str | None]] = {
            "work.department": lambda v: company.list_label("department", v),
            "work.startDate": day_month_year,
            "work.isManager": lambda v: "Yes" if v else "No",
            "work.employeeIdInCompany": str,
            "payroll.salary.payment": lambda v: f"{v['currency']} {v['value']:,}",
            "root.secondName": str,
            "personal.nationality": lambda v: ", ".join(str(company.list_label("nationality", i)) for i in v),
        }
        people = search(hibob("full"), fields=list(display), humanReadable="APPEND")
        for person in people:
            values = company.employees[person["id"]].values
            for field_id, show in display.items():
                path = company.fields[field_id].json_path
                assert nested(person, path) == values.get(field_id)
                if values.get(field_id) is None:
                    with pytest.raises(KeyError):
                        nested(person["humanReadable"], path)
                else:
                    assert nested(person["humanReadable"], path) == show(values[field_id])
        assert any("secondName" in p["humanReadable"] for p in people)
        assert any("secondName" not in p["humanReadable"] for p in people)

    @pytest.mark.parametrize("mode", ["REPLACE", "replace"])
    def test_replace_puts_display_values_in_both_layers(self, hibob: Hibob, user: User, mode: str) -> None:
        company = company_of(user)
        person = search(
            hibob("full"), fields=["work.department", "work.secondLevelManager"], humanReadable=mode
        )[0]
        values = company.employees[person["id"]].values
        label = company.list_label("department", values["work.department"])
        assert person["work"]["department"] == label
        assert person["/work/department"] == {"value": label}
        assert "humanReadable" not in person

    def test_an_invalid_mode_is_ignored(self, hibob: Hibob, user: User) -> None:
        company = company_of(user)
        person = search(hibob("full"), fields=["work.department"], humanReadable="SOMETIMES")[0]
        assert person["work"]["department"] == company.employees[person["id"]].values["work.department"]
        assert "humanReadable" not in person


class TestWhoIsReturned:
    def test_show_inactive_adds_hired_and_terminated_people(self, hibob: Hibob, user: User) -> None:
        company = company_of(user)
        client = hibob("full")
        active = {p["id"] for p in search(client, fields=["root.id"])}
        everyone = {p["id"] for p in search(client, fields=["root.id"], showInactive=True)}
        assert active == {e.id for e in company.employees.values() if e.active}
        assert everyone == set(company.employees)
        assert {company.employees[i].lifecycle_status for i in everyone - active} == {"hired", "terminated"}

    def test_filters_by_id_and_by_email_in_any_case(self, hibob: Hibob, user: User) -> None:
        company = company_of(user)
        one, two = [e for e in company.employees.values() if e.active][:2]
        client = hibob("full")
        by_id = search(
            client, filters=[{"fieldPath": "root.id", "operator": "equals", "values": [one.id, two.id]}]
        )
        assert sorted(p["id"] for p in by_id) == sorted([one.id, two.id])
        by_email = search(client, filters=[
            {"fieldPath": "root.email", "operator": "equals", "values": [one.email.upper()]}
        ])  # fmt: skip
        assert [p["id"] for p in by_email] == [one.id]

    @pytest.mark.parametrize(
        "body",
        [
            {"filters": []},
            {"filters": [{}]},
            {"filters": [{"fieldPath": "root.id", "operator": "equals", "values": ["1"]}] * 2},
            {"filters": [{"fieldPath": "work.department", "operator": "equals", "values": ["1"]}]},
            {"filters": [{"fieldPath": "root.id", "operator": "notEqual", "values": ["1"]}]},
            {"filters": [{"fieldPath": "root.id", "operator": "equals", "values": []}]},
            {"fields": [f"root.field{i}" for i in range(401)]},
            {"showInactive": "yes"},
        ],
        ids=[
            "empty-list",
            "empty-filter",
            "two-filters",
            "other-field",
            "other-operator",
            "no-values",
            "401-fields",
            "bad-flag",
        ],  # fmt: skip
    )
    def test_bad_search_bodies_are_400(self, hibob: Hibob, body: dict[str, Any]) -> None:
        response = hibob("full").post("/people/search", json=body)
        assert response.status_code == 400
        assert set(response.json()) == {"key", "error"}

    def test_400_field_ids_are_allowed(self, hibob: Hibob) -> None:
        fields = ["root.firstName"] + [f"unknown.field{i}" for i in range(399)]
        person = search(hibob("full"), fields=fields)[0]
        assert returned_ids(person) == {"root.id", "root.firstName"}


class TestPermissions:
    def test_hidden_and_unknown_fields_are_silently_omitted(self, hibob: Hibob) -> None:
        people = search(hibob("partial"), fields=["root.firstName", "personal.birthDate", "nope.nothing"],
                        humanReadable="APPEND")  # fmt: skip
        for person in people:
            assert returned_ids(person) == {"root.id", "root.firstName"}
            assert "personal" not in person
            assert "nope" not in person
            assert "personal" not in person["humanReadable"]

    def test_partial_sees_no_personal_fields_and_no_terminated_people(self, hibob: Hibob, user: User) -> None:
        company = company_of(user)
        people = search(hibob("partial"), fields=list(company.fields), showInactive=True)
        assert {p["id"] for p in people} == {
            e.id for e in company.employees.values() if e.lifecycle_status != "terminated"
        }
        personal = {f.id for f in company.fields.values() if f.category_id == "personal"}
        assert all(not returned_ids(p) & personal for p in people)

    def test_activtrak_sees_only_its_categories(self, hibob: Hibob, user: User) -> None:
        company = company_of(user)
        people = search(hibob("activtrak"), fields=list(company.fields))
        categories = {company.fields[f].category_id for p in people for f in returned_ids(p)}
        assert categories == {"root", "employment", "work", "workContact"}

    def test_empty_sees_nobody(self, hibob: Hibob, user: User) -> None:
        client = hibob("empty")
        assert client.post("/people/search", json={"showInactive": True}).json() == {"employees": []}
        some_id = next(iter(company_of(user).employees))
        assert client.post(f"/people/{some_id}", json={}).status_code == 404


@pytest.fixture
def viewer(sandbox: Sandbox, user: User, base_url: str) -> Iterator[httpx.Client]:
    """A service user that may view every category but edit none (added to the running sandbox)."""
    company = company_of(user)
    views = {p for p in all_category_permissions(company) if p == view(p.section)}
    su = ServiceUser(
        "SERVICE-VIEWER", "viewer-token", "viewer", company, Grants(frozenset(views), STANDARD_AUDIENCE)
    )
    sandbox.service_users[su.id] = su
    with httpx.Client(base_url=f"{base_url}/v1", auth=(su.id, su.token)) as client:
        yield client
    del sandbox.service_users[su.id]


class TestSensitiveFields:
    FIELDS = ("personal.birthDate", "personal.age", "personal.shortBirthDate", "identification.ssn",
              "financial.iban", "financial.accountNumber")  # fmt: skip

    def test_view_only_hides_birth_date_and_masks_numbers(self, viewer: httpx.Client, user: User) -> None:
        company = company_of(user)
        people = search(viewer, fields=list(self.FIELDS))
        for person in people:
            values = company.employees[person["id"]].values
            assert "birthDate" not in person["personal"]
            assert "age" not in person["personal"]
            assert person["personal"]["shortBirthDate"] == values.get("personal.shortBirthDate")
            for field_id in ("identification.ssn", "financial.iban"):
                if values.get(field_id):
                    assert person[slash(field_id)] == {"value": "*****" + values[field_id][-4:]}
        assert any(values_of(company, p).get("identification.ssn") for p in people)

    def test_edit_rights_show_them_in_full(self, hibob: Hibob, user: User) -> None:
        company = company_of(user)
        for person in search(hibob("full"), fields=list(self.FIELDS)):
            values = values_of(company, person)
            assert person["personal"]["birthDate"] == values.get("personal.birthDate")
            assert person["/identification/ssn"] == {"value": values.get("identification.ssn")}


def values_of(company: Company, person: dict[str, Any]) -> dict[str, Any]:
    return company.employees[person["id"]].values


class TestReadOne:
    def test_by_id_or_email_including_inactive_people(self, hibob: Hibob, user: User) -> None:
        company = company_of(user)
        leaver = first_with(company, lambda e: e.lifecycle_status == "terminated")
        client = hibob("full")
        for identifier in (leaver.id, leaver.email):
            response = client.post(f"/people/{identifier}", json={"fields": ["root.surname"]})
            assert response.status_code == 200
            (person,) = response.json()["employees"]
            assert person["id"] == leaver.id
            assert person["surname"] == leaver.values["root.surname"]

    def test_unknown_or_outside_the_audience_is_404(self, hibob: Hibob, user: User) -> None:
        leaver = first_with(company_of(user), lambda e: e.lifecycle_status == "terminated")
        assert hibob("full").post("/people/1234", json={}).status_code == 404
        response = hibob("partial").post(f"/people/{leaver.id}", json={})
        assert response.status_code == 404
        assert set(response.json()) == {"key", "error"}


class TestReadAfterWriteLag:
    def test_reads_show_the_previous_values_while_the_lag_lasts(self, hibob: Hibob, sandbox: Sandbox) -> None:
        client = hibob("full")
        created = new_person(client)
        su = sandbox.preset_user("full")
        sandbox.faults.add("lag", user=su.id, seconds=30)
        assert client.put(f"/people/{created['id']}", json={"root.firstName": "Later"}).status_code == 200
        newcomer = new_person(client)
        body = {"fields": ["root.firstName"]}
        assert (
            client.post(f"/people/{created['id']}", json=body).json()["employees"][0]["firstName"] == "Test"
        )
        assert client.post(f"/people/{newcomer['id']}", json=body).status_code == 404
        sandbox.faults.clear()
        assert (
            client.post(f"/people/{created['id']}", json=body).json()["employees"][0]["firstName"] == "Later"
        )
        assert client.post(f"/people/{newcomer['id']}", json=body).status_code == 200
