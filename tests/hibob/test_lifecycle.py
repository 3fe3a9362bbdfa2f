"""People's lifecycle actions over real HTTP: start date, invitations, termination, and their 403 wording."""

from __future__ import annotations

import datetime as dt

import pytest

from bobhub.hibob import InvalidRequest, PermissionDenied
from bobhub.sandbox.state import Sandbox
from tests.hibob.conftest import MakeClient


async def test_start_date_invitations_and_termination(bob: MakeClient, sandbox: Sandbox) -> None:
    client = bob("full")
    hire = await client.people.create(
        {
            "firstName": "Lena",
            "surname": "Lifecycle",
            "email": "lena.lifecycle@example.com",
            "work": {"site": "New York", "startDate": "2020-03-02"},
        }
    )
    await client.people.set_start_date(hire.id, dt.date(2020, 3, 1), reason="Contract signed earlier")
    assert (await client.people.get(hire.id, fields=["work.startDate"])).get("work.startDate") == "2020-03-01"
    wizard = (await client.metadata.wizards())[0]
    await client.people.invite(hire.id, wizard.id)
    with pytest.raises(InvalidRequest):
        await client.people.invite(hire.id, 987654)
    await client.people.uninvite(hire.id)
    await client.people.terminate(
        hire.id, sandbox.today - dt.timedelta(days=1), notice_period={"unit": "days", "length": 30}
    )
    gone = await client.people.get(hire.id, fields=["internal.lifecycleStatus", "internal.terminationDate"])
    assert gone.get("internal.lifecycleStatus") == "terminated"
    assert gone.get("internal.terminationDate") == (sandbox.today - dt.timedelta(days=1)).isoformat()
    rows = await client.tables.list("lifecycle", hire.id)
    assert [row.column("status") for row in rows if row.is_current] == ["Terminated"]


async def test_lifecycle_permissions_are_named(bob: MakeClient) -> None:
    employee_id = (await bob("full").people.search(fields=["root.id"]))[0].id
    activtrak = bob("activtrak").people
    with pytest.raises(PermissionDenied) as terminate:
        await activtrak.terminate(employee_id, "2030-01-01")
    assert (
        terminate.value.permission
        == "People's data > Lifecycle > Edit selected employees' Lifecycle sections"
    )
    with pytest.raises(PermissionDenied) as start:
        await activtrak.set_start_date(employee_id, "2030-01-01")
    assert start.value.permission == "People's data > Work > Edit selected employees' Work sections"
    assert "Edit selected employees' Work sections" in (start.value.error or "")
