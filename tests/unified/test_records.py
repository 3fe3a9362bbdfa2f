"""Sandbox history tables, time off, lists, documents and custom fields mapped to unified records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from bobhub.hibob import HiBobClient
from bobhub.sandbox.state import ServiceUser
from bobhub.unified import (
    BankAccountRecord,
    CompensationRecord,
    JobRecord,
    LifecycleRecord,
    VariablePayRecord,
    mapping,
)

Users = Callable[[str], ServiceUser]


async def test_history_tables_from_bulk_reads(base_url: str, user: Users) -> None:
    su = user("full")
    async with HiBobClient(su.id, su.token, base_url=base_url) as bob:
        rows = {t: [r async for r in bob.tables.iter(t)] for t in ("work", "lifecycle", "salaries")}
    jobs = [j for r in rows["work"] for j in mapping.map_table_rows("work", r.employee_id, r.values)]
    assert jobs
    assert all(isinstance(j, JobRecord) and j.effective_date for j in jobs)
    assert any(isinstance(j, JobRecord) and j.manager_remote_id for j in jobs)
    assert len({j.remote_id for j in jobs}) == len(jobs)
    cycles = [
        c for r in rows["lifecycle"] for c in mapping.map_table_rows("lifecycle", r.employee_id, r.values)
    ]
    statuses = {c.status.value for c in cycles if isinstance(c, LifecycleRecord) and c.status}
    assert {"pending", "active", "terminated"} <= statuses
    pay = [p for r in rows["salaries"] for p in mapping.map_table_rows("salaries", r.employee_id, r.values)]
    assert all(isinstance(p, CompensationRecord) and p.amount and p.currency for p in pay)


async def test_time_off_requests_and_changes(base_url: str, user: Users) -> None:
    su = user("full")
    async with HiBobClient(su.id, su.token, base_url=base_url) as bob:
        changes = await bob.time_off.changes(dt.datetime.now(dt.UTC) - dt.timedelta(days=150))
        assert changes
        first = changes[-1]
        read = await bob.time_off.get_request(first.employee_id, first.request_id)
    from_change = mapping.map_request(first)
    from_read = mapping.map_request(read)
    assert from_change.remote_id == from_read.remote_id == str(first.request_id)
    assert from_read.status is not None
    assert from_read.status.value in {
        "approved",
        "pending",
        "canceled",
        "declined",
    }
    assert (from_change.start_date, from_change.employee_remote_id) == (read.start_date, read.employee_id)
    assert all(mapping.map_request(c).status is not None for c in changes)


async def test_lists_locations_documents_custom_fields(base_url: str, user: Users) -> None:
    su = user("full")
    async with HiBobClient(su.id, su.token, base_url=base_url) as bob:
        lists = await bob.metadata.lists.list()
        fields = await bob.metadata.fields.list()
        people = await bob.people.search(fields=["root.id"])
        docs = await bob.documents.list(people[0].id)
    groups = mapping.map_named_lists(lists)
    departments = {g.remote_id: g for g in groups if g.type == "department"}
    assert departments
    assert all(g.parent_remote_id in departments for g in departments.values() if g.parent_remote_id)
    assert {loc.remote_id for loc in mapping.map_locations(lists)}
    definitions = mapping.custom_fields(fields)
    assert definitions
    assert all(".custom." in d.remote_id for d in definitions)
    assert all(
        d.employee_remote_id == people[0].id for d in (mapping.map_document(people[0].id, x) for x in docs)
    )


@pytest.mark.parametrize(
    ("source", "value"),
    [("Hired", "pending"), ("employed", "active"), ("Leave", "leave"), ("parental leave", "leave"),
     ("Garden leave", "active"), ("terminated", "terminated"), ("Sabbatical", "inactive"), (None, None)],
)  # fmt: skip
def test_employment_status_table(source: str | None, value: str | None) -> None:
    mapped = mapping.employment_status(source)
    assert (mapped.value, mapped.source_value) == (value, source)


def test_gender_and_access_status() -> None:
    assert mapping.gender("Non-binary").value == "non_binary"
    assert mapping.gender("Prefer not to say").model_dump() == {
        "value": "other",
        "source_value": "Prefer not to say",
    }
    assert mapping.access_status("Inactive").value == "inactive"


def test_bank_accounts_stay_masked_and_variable_pay_reads_money() -> None:
    row = {"id": 3, "accountNumber": "12345678", "iban": "DE89370400440532013000", "routingNumber": "***9"}
    [bank] = mapping.map_table_rows("bank-accounts", "7", [row])
    assert isinstance(bank, BankAccountRecord)
    assert (bank.account_number, bank.routing_number) == ("****5678", "***9")
    assert "0532013000" not in str(bank.model_dump())
    [bonus] = mapping.map_table_rows("variable", "7", [{"id": 4, "amount": {"value": 10, "currency": "USD"}}])
    assert isinstance(bonus, VariablePayRecord)
    assert (bonus.amount, bonus.currency) == (10.0, "USD")
