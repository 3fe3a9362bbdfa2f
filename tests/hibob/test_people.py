"""People over real HTTP: search, read by id or email, create, update, email, profiles, hidden vs empty."""

from __future__ import annotations

import pytest

from bobhub.hibob import NotFound, PermissionDenied
from bobhub.sandbox.state import Sandbox
from tests.hibob.conftest import MakeClient, calls


async def test_full_preset_fetches_everyone_with_every_field_in_one_search(
    bob: MakeClient, sandbox: Sandbox
) -> None:
    client = bob("full")
    metadata = {f.id for f in await client.metadata.fields.list()}
    before = calls(sandbox, "POST /people/search")
    people = await client.people.search(fields="all", show_inactive=True)
    assert calls(sandbox, "POST /people/search") == before + 1
    company = next(iter(sandbox.companies.values()))
    assert {e.id for e in people} == set(company.employees)
    for employee in people:
        assert employee.requested == metadata
        assert employee.hidden == frozenset()  # full sees every category
        assert employee.returned == metadata


async def test_partial_preset_hides_personal_fields_and_terminated_people(bob: MakeClient) -> None:
    people = await bob("partial").people.search(
        fields=["root.id", "personal.birthDate", "internal.lifecycleStatus"], show_inactive=True
    )
    assert people
    for employee in people:
        assert employee.is_hidden("personal.birthDate")
        assert "personal.birthDate" in employee.hidden
        assert employee.get("internal.lifecycleStatus") != "terminated"


async def test_human_readable_values_are_list_labels(bob: MakeClient) -> None:
    client = bob("full")
    departments = await client.metadata.lists.get("department")
    people = await client.people.search(fields=["root.id", "work.department"], human_readable="APPEND")
    with_department = [e for e in people if e.get("work.department")]
    assert with_department
    for employee in with_department:
        assert employee.human["work.department"] == departments.label(employee.get("work.department"))


async def test_filters_by_ids_and_emails_and_reads_one_by_id_or_email(
    bob: MakeClient, sandbox: Sandbox
) -> None:
    client = bob("full")
    everyone = await client.people.search(fields=["root.id", "root.email"])
    first, second = everyone[0], everyone[1]
    by_ids = await client.people.search(ids=[first.id, second.id], fields=["root.id"])
    assert {e.id for e in by_ids} == {first.id, second.id}
    by_email = await client.people.search(emails=[first.get("root.email")], fields=["root.id"])
    assert [e.id for e in by_email] == [first.id]
    before = calls(sandbox)
    assert await client.people.search(ids=[]) == []  # HiBob rejects an empty filter; no call is made
    assert calls(sandbox) == before
    one = await client.people.get(first.id, fields=["root.id", "root.email"])
    assert one.id == first.id
    assert (await client.people.get(first.get("root.email"))).id == first.id
    with pytest.raises(NotFound):
        await client.people.get("9999999999999999999")


async def test_more_than_400_fields_split_into_requests_merged_by_employee(
    bob: MakeClient, sandbox: Sandbox
) -> None:
    client = bob("full")
    real = [f.id for f in await client.metadata.fields.list()]
    bogus = [f"work.custom.field_{n}" for n in range(1, 450 - len(real) + 1)]
    before = calls(sandbox, "POST /people/search")
    people = await client.people.search(fields=[*real, *bogus], show_inactive=True)
    assert calls(sandbox, "POST /people/search") == before + 2
    for employee in people:
        assert employee.returned == set(real)
        assert employee.hidden == set(bogus)  # HiBob silently drops unknown ids


async def test_create_update_and_change_email(bob: MakeClient) -> None:
    client = bob("full")
    created = await client.people.create(
        {
            "firstName": "Ada",
            "surname": "Client",
            "email": "ada.client@example.com",
            "work": {"site": "New York", "startDate": "2030-01-01"},
        }
    )
    assert created.id
    assert await client.people.update(created.id, {"firstName": "Adah"}) is True
    assert await client.people.update(created.id, {"firstName": "Adah"}) is False  # HiBob's 304
    await client.people.change_email(created.id, "adah.client@example.com")
    again = await client.people.get(created.id, fields=["root.firstName", "root.email"])
    assert again.get("root.firstName") == "Adah"
    assert again.get("root.email") == "adah.client@example.com"


async def test_profiles_and_missing_permissions(bob: MakeClient) -> None:
    profiles = await bob("full").people.profiles()
    assert profiles
    assert all(p.id for p in profiles)
    with pytest.raises(PermissionDenied) as denied:
        await bob("activtrak").people.profiles()
    assert denied.value.permission == "Features > Directory > View the company's people directory"
    assert "View the company's people directory" in (denied.value.error or "")
