"""Time off over real HTTP: settings, reason codes, balances and adjustments, requests, who's out, changes."""

from __future__ import annotations

import datetime as dt

import pytest

from bobhub.hibob import PermissionDenied
from bobhub.sandbox.state import Sandbox
from tests.hibob.conftest import MakeClient


async def test_policy_types_policies_and_reason_codes(bob: MakeClient) -> None:
    time_off = bob("full").time_off
    types = await time_off.list_policy_types()
    assert "Holiday" in types
    holiday = await time_off.get_policy_type("Holiday")
    assert holiday.name == "Holiday"
    assert holiday.unit in ("days", "hours")
    names = await time_off.list_policy_names("Holiday")
    policy = await time_off.get_policy(names[0])
    assert policy.name == names[0]
    assert policy.allowance is not None
    await time_off.create_reason_codes("Holiday", ["Client library test"])
    codes = await time_off.list_reason_codes("Holiday")
    assert "Client library test" in {c.display_name for c in codes}


async def test_balance_request_lifecycle_and_adjustment(bob: MakeClient, sandbox: Sandbox) -> None:
    client = bob("full")
    employee = next(e for e in await client.people.search(fields=["root.id"]))
    today = sandbox.today
    before = await client.time_off.get_balance(employee.id, "Holiday", today)
    assert before.total_balance_as_of_date is not None
    await client.time_off.adjust_balance(
        employee.id, "Holiday", 2, effective_date=today, reason="Client library test"
    )
    after = await client.time_off.get_balance(employee.id, "Holiday", today)
    assert after.total_balance_as_of_date == pytest.approx(before.total_balance_as_of_date + 2)
    start = today + dt.timedelta(days=60)
    created = await client.time_off.create_request(
        employee.id,
        {
            "policyType": "Holiday",
            "requestRangeType": "days",
            "startDate": start.isoformat(),
            "startDatePortion": "all_day",
            "endDate": (start + dt.timedelta(days=1)).isoformat(),
            "endDatePortion": "all_day",
        },
    )
    request_id = created["requestId"]
    request = await client.time_off.get_request(employee.id, request_id)
    assert request.request_id == request_id
    assert request.start_date == start.isoformat()
    await client.time_off.cancel_request(employee.id, request_id)
    assert (await client.time_off.get_request(employee.id, request_id)).status == "canceled"
    since = dt.datetime.now() - dt.timedelta(minutes=5)
    changes = await client.time_off.changes(since, include_pending=True)
    assert {c.change_type for c in changes if c.request_id == request_id} >= {"Canceled"}


async def test_whos_out_and_out_today(bob: MakeClient, sandbox: Sandbox) -> None:
    time_off = bob("activtrak").time_off
    today = sandbox.today
    outs = await time_off.whos_out(today - dt.timedelta(days=90), today + dt.timedelta(days=90))
    assert outs
    assert all(o.employee_id and o.start_date for o in outs)
    today_outs = await time_off.out_today(today)
    assert {o.employee_id for o in today_outs} <= {o.employee_id for o in outs}


async def test_time_off_permissions_are_named(bob: MakeClient, sandbox: Sandbox) -> None:
    activtrak = bob("activtrak").time_off
    with pytest.raises(PermissionDenied) as settings:
        await activtrak.list_policy_types()
    assert settings.value.permission == "Features > Time off settings > See company's time off settings"
    with pytest.raises(PermissionDenied) as adjust:
        await activtrak.adjust_balance("1", "Holiday", 1, effective_date=sandbox.today, reason="x")
    assert adjust.value.permission == (
        "People's data > Balance > Adjust selected people's time off balances and bank their overtime"
    )
    assert "Adjust selected people's time off balances" in (adjust.value.error or "")
