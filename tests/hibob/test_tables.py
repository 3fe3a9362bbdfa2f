"""Employee tables over real HTTP: single reads, bulk iteration behind the cursor, row writes, 403 wording."""

from __future__ import annotations

import math

import pytest

from bobhub.hibob import InvalidRequest, PermissionDenied
from bobhub.hibob.models import BulkError
from bobhub.sandbox.state import Sandbox
from tests.hibob.conftest import MakeClient, calls


async def _someone(client_preset: MakeClient) -> str:
    people = await client_preset("full").people.search(fields=["root.id"])
    return people[0].id


async def test_single_table_reads(bob: MakeClient) -> None:
    client = bob("full")
    employee_id = await _someone(bob)
    work = await client.tables.list("work", employee_id)
    assert work
    assert sum(1 for row in work if row.is_current) == 1
    assert all(row.effective_date for row in work)
    assert work[0].column("site") is not None
    for table in ("employment", "lifecycle", "salaries", "variable", "equities", "training", "bank-accounts"):
        assert isinstance(await client.tables.list(table, employee_id), list)  # type: ignore[arg-type]


async def test_bulk_iteration_walks_every_page_once(bob: MakeClient, sandbox: Sandbox) -> None:
    client = bob("full")
    everyone = {e.id for e in await client.people.search(fields=["root.id"], show_inactive=True)}
    before = calls(sandbox, "GET /bulk/people/work")
    pages = client.tables.iter("work", page_size=25)
    rows = [row async for row in pages]
    assert [row.employee_id for row in rows if row.employee_id in everyone] == [r.employee_id for r in rows]
    assert {row.employee_id for row in rows} == everyone
    assert len(rows) == len(everyone)
    assert pages.pages == math.ceil(len(everyone) / 25)
    assert calls(sandbox, "GET /bulk/people/work") - before == pages.pages
    assert all(row.values and row.values[0].effective_date for row in rows)
    assert pages.errors == []


async def test_bulk_reports_employees_it_could_not_return(bob: MakeClient) -> None:
    known = await _someone(bob)
    pages = bob("full").tables.iter("employment", employee_ids=[known, "1234567890"])
    rows = [row async for row in pages]
    assert [row.employee_id for row in rows] == [known]
    assert pages.errors
    assert isinstance(pages.errors[0], BulkError)
    assert pages.errors[0].employee_id == "1234567890"
    assert pages.errors[0].error == "MISSING_PERMISSION"


async def test_row_writes(bob: MakeClient) -> None:
    client = bob("full")
    employee_id = await _someone(bob)
    created = await client.tables.create(
        "work", employee_id, {"effectiveDate": "2031-01-01", "site": "New York", "reason": "Move"}
    )
    entry_id = created["id"]
    await client.tables.update(
        "work", employee_id, entry_id, {"effectiveDate": "2031-02-01", "site": "New York"}
    )
    rows = {row.id: row for row in await client.tables.list("work", employee_id)}
    assert rows[entry_id].effective_date == "2031-02-01"
    await client.tables.delete("work", employee_id, entry_id)
    assert entry_id not in {row.id for row in await client.tables.list("work", employee_id)}
    training = await client.tables.create("training", employee_id, {"name": "Security", "status": "Done"})
    await client.tables.delete("training", employee_id, training["id"])
    with pytest.raises(ValueError, match="in place"):
        await client.tables.update("salaries", employee_id, 1, {})
    with pytest.raises(InvalidRequest):
        await client.tables.create("work", employee_id, {"effectiveDate": "not a date", "site": "New York"})


async def test_without_histories_only_current_rows_come_back(bob: MakeClient) -> None:
    rows = [row async for row in bob("partial").tables.iter("work")]
    assert rows
    for row in rows:
        assert [entry.is_current for entry in row.values] == [True]


async def test_missing_permissions_are_named_in_hibob_wording(bob: MakeClient, sandbox: Sandbox) -> None:
    employee_id = await _someone(bob)
    before = calls(sandbox, "GET /bulk/people/salaries")
    with pytest.raises(PermissionDenied) as denied:
        [row async for row in bob("activtrak").tables.iter("salaries")]
    wording = "View selected employees' Payroll sections"
    assert denied.value.permission == f"People's data > Payroll > {wording}"
    assert wording in (denied.value.error or "")  # the sandbox says which permission it checked
    assert calls(sandbox, "GET /bulk/people/salaries") == before + 1  # a 403 is never retried
    with pytest.raises(PermissionDenied) as payroll:
        await bob("activtrak").tables.list("variable", employee_id)
    assert payroll.value.permission == f"People's data > Payroll > {wording}"
    with pytest.raises(PermissionDenied) as edit:
        await bob("activtrak").tables.create(
            "work", employee_id, {"effectiveDate": "2031-01-01", "site": "x"}
        )
    assert edit.value.permission == "People's data > Work > Edit selected employees' Work sections"
