"""Time off over real HTTP: settings, balances and adjustments, requests, who's out, and the changes feed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from bobhub.sandbox.model import TERMINATED, Company, Employee
from bobhub.sandbox.state import Sandbox

Hibob = Callable[[str], httpx.Client]
# Far enough ahead that nothing generated (two years back, two months ahead) is on these dates.
FUTURE = dt.date.today().replace(month=1, day=1) + dt.timedelta(days=2 * 366)
MONDAY = FUTURE + dt.timedelta(days=(7 - FUTURE.weekday()) % 7)


@pytest.fixture
def company(sandbox: Sandbox) -> Company:
    return sandbox.preset_user("full").company


@pytest.fixture
def mine(company: Company) -> Employee:
    """A generated, active employed person this module books time off for (second from the end by id).

    Generated people have time-off policies; people other tests create through the API do not.
    """
    candidates = [
        e for e in company.employees.values() if e.policies and e.lifecycle_status == "employed" and e.active
    ]
    return sorted(candidates, key=lambda e: e.id)[-2]


def assert_error(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"key", "error"}
    return dict(body)


def book(client: httpx.Client, employee: Employee, **body: Any) -> int:
    response = client.post(f"/timeoff/employees/{employee.id}/requests", json=body)
    assert response.status_code == 200, response.text
    return int(response.json()["requestId"])


def days(start: dt.date, end: dt.date, policy: str = "Holiday", **extra: Any) -> dict[str, Any]:
    dates = {"startDate": start.isoformat(), "endDate": end.isoformat()}
    portions = {"startDatePortion": "all_day", "endDatePortion": "all_day"}
    return {"requestRangeType": "days", "policyType": policy, **dates, **portions, **extra}


def hours(day: dt.date, policy: str, **extra: Any) -> dict[str, Any]:
    when = {"startDate": day.isoformat(), "hours": 2, "minutes": 30}
    return {"requestRangeType": "hours", "policyType": policy, **when, **extra}


@pytest.fixture
def booked(hibob: Hibob, mine: Employee) -> Iterator[list[int]]:
    """Request ids a test books; whatever is still open is canceled afterwards."""
    ids: list[int] = []
    yield ids
    client = hibob("full")
    for request_id in ids:
        client.delete(f"/timeoff/employees/{mine.id}/requests/{request_id}")


def test_policy_types_and_policies(hibob: Hibob) -> None:
    client = hibob("full")
    names = client.get("/timeoff/policy-types").json()["policyTypes"]
    assert {"Holiday", "Sick"} <= set(names)
    holiday = client.get("/timeoff/policy-types/Holiday").json()
    assert holiday == {"name": "Holiday", "activity": "paidTimeoff", "unit": "days"}
    assert_error(client.get("/timeoff/policy-types/Nope"), 404)
    names_of = client.get("/timeoff/policies/names", params={"policyTypeName": "Holiday"})
    policy_names = names_of.json()["policyNames"]
    assert policy_names
    assert all(name.startswith("Holiday") for name in policy_names)
    policy = client.get("/timeoff/policies", params={"policyName": policy_names[0]}).json()
    assert policy["name"] == policy_names[0]
    assert policy["unit"] == "days"
    assert policy["allowance"] > 0
    assert_error(client.get("/timeoff/policies", params={"policyName": "Nope"}), 404)
    assert_error(client.get("/timeoff/policies"), 400)
    assert_error(client.get("/timeoff/policies/names"), 400)


def test_reason_codes(hibob: Hibob) -> None:
    client = hibob("full")
    codes = client.get("/timeoff/policy-types/Sick/reason-codes").json()["reasonCodes"]
    assert codes
    assert all(set(code) == {"id", "displayName"} for code in codes)
    added = client.post("/timeoff/policy-types/Sick/reason-codes", json={"reasonCodes": ["Dentist"]})
    assert added.status_code == 200
    after = client.get("/timeoff/policy-types/Sick/reason-codes").json()["reasonCodes"]
    assert [c["displayName"] for c in after].count("Dentist") == 1
    assert_error(hibob("activtrak").post("/timeoff/policy-types/Sick/reason-codes", content=b"nope"), 403)


def test_settings_need_time_off_settings_permissions(hibob: Hibob, mine: Employee) -> None:
    for path in (
        "/timeoff/policy-types",
        "/timeoff/policy-types/Holiday",
        "/timeoff/policies?policyName=Sick",
    ):
        assert_error(hibob("activtrak").get(path), 403)
        assert_error(hibob("empty").get(path), 403)
    url = f"/timeoff/employees/{mine.id}/balance?policyType=Holiday&date=2026-01-01"
    assert hibob("activtrak").get(url).status_code == 200


def balance(client: httpx.Client, employee: Employee, policy: str, day: dt.date) -> dict[str, Any]:
    response = client.get(
        f"/timeoff/employees/{employee.id}/balance", params={"policyType": policy, "date": day.isoformat()}
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_balances_add_up(hibob: Hibob, company: Company) -> None:
    client = hibob("full")
    people = [e for e in company.employees.values() if e.policies and e.lifecycle_status == "employed"][:8]
    for employee in people:
        for policy in ("Holiday", "Sick", "Personal hours"):
            b = balance(client, employee, policy, company.today)
            granted = b["startingBalance"] + b["totalAdminAdjustments"] + b["totalSystemAdjustments"]
            assert b["totalBalanceAsOfDate"] + b["totalTaken"] == pytest.approx(granted)
            assert b["employeeId"] == employee.id
            assert b["policy"] == employee.policies[policy]
            assert 0 <= b["startingBalance"] <= b["annualAllowance"]


def test_balance_follows_requests_and_adjustments(hibob: Hibob, mine: Employee, booked: list[int]) -> None:
    client = hibob("full")
    end_of_year = dt.date(MONDAY.year, 12, 31)
    before = balance(client, mine, "Holiday", end_of_year)
    booked.append(book(client, mine, **days(MONDAY, MONDAY + dt.timedelta(days=4), skipManagerApproval=True)))
    after = balance(client, mine, "Holiday", end_of_year)
    assert after["totalTaken"] == pytest.approx(before["totalTaken"] + 5)
    assert after["totalBalanceAsOfDate"] == pytest.approx(before["totalBalanceAsOfDate"] - 5)
    adjustment = {
        "adjustmentType": "balance",
        "policyType": "Holiday",
        "effectiveDate": MONDAY.isoformat(),
        "amount": 2,
        "reason": "Carry-over",
    }
    assert client.post(f"/timeoff/employees/{mine.id}/adjustments", json=adjustment).status_code == 200
    used = {**adjustment, "adjustmentType": "daysUsed", "amount": 1, "reason": "Taken before joining"}
    assert client.post(f"/timeoff/employees/{mine.id}/adjustments", json=used).status_code == 200
    adjusted = balance(client, mine, "Holiday", end_of_year)
    assert adjusted["totalAdminAdjustments"] == pytest.approx(after["totalAdminAdjustments"] + 2)
    assert adjusted["totalTaken"] == pytest.approx(after["totalTaken"] + 1)
    assert client.delete(f"/timeoff/employees/{mine.id}/requests/{booked.pop()}").status_code == 200
    for undo in ({**adjustment, "amount": -2}, {**used, "amount": -1}):
        assert client.post(f"/timeoff/employees/{mine.id}/adjustments", json=undo).status_code == 200
    assert balance(client, mine, "Holiday", end_of_year) == before


def test_balance_and_adjustment_errors(hibob: Hibob, company: Company, mine: Employee) -> None:
    client = hibob("full")
    url = f"/timeoff/employees/{mine.id}/balance"
    assert_error(client.get(url, params={"policyType": "Holiday"}), 400)
    assert_error(client.get(url, params={"date": "2026-01-01"}), 400)
    assert_error(client.get(url, params={"policyType": "Nope", "date": "2026-01-01"}), 400)
    assert_error(hibob("empty").get(url, params={"policyType": "Holiday", "date": "2026-01-01"}), 403)
    leaver = next(e for e in company.employees.values() if e.lifecycle_status == TERMINATED)
    leaver_url = f"/timeoff/employees/{leaver.id}/balance?policyType=Holiday&date=2026-01-01"
    assert_error(hibob("partial").get(leaver_url), 404)
    adjustments = f"/timeoff/employees/{mine.id}/adjustments"
    assert_error(hibob("activtrak").post(adjustments, content=b"not json"), 403)
    assert_error(client.post(adjustments, json={"policyType": "Holiday", "amount": 1}), 400)
    bad_type = {
        "adjustmentType": "bonus",
        "policyType": "Holiday",
        "effectiveDate": "2026-01-01",
        "amount": 1,
        "reason": "x",
    }
    assert_error(client.post(adjustments, json=bad_type), 400)


def test_request_lifecycle(hibob: Hibob, mine: Employee, sandbox: Sandbox, booked: list[int]) -> None:
    client = hibob("full")
    body = days(MONDAY, MONDAY + dt.timedelta(days=6), startDatePortion="afternoon", description="Trip")
    request_id = book(client, mine, **body)
    booked.append(request_id)
    event = sandbox.webhooks.events[-1]
    assert event["type"] == "timeoff.request.requested"
    assert event["data"]["timeoffRequestId"] == request_id
    assert event["data"]["employeeId"] == mine.id
    assert event["data"]["getApi"].endswith(f"/v1/timeoff/employees/{mine.id}/requests/{request_id}")
    url = f"/timeoff/employees/{mine.id}/requests/{request_id}"
    got = client.get(url).json()
    assert got["requestId"] == request_id
    assert got["employeeId"] == mine.id
    assert (got["status"], got["approved"], got["type"], got["durationUnit"]) == (
        "pending",
        False,
        "days",
        "days",
    )
    assert (got["startPortion"], got["endPortion"], got["description"]) == ("afternoon", "all_day", "Trip")
    # Monday afternoon to Sunday: 4.5 working days charged, 6.5 calendar days long.
    assert (got["totalCost"], got["totalDuration"], got["visibility"]) == (4.5, 6.5, "Public")
    daily = client.get(url, params={"includeDailyDurations": "true"}).json()["dailyDurations"]
    assert len(daily) == 7
    assert sum(d["cost"] for d in daily) == 4.5
    assert hibob("activtrak").get(url).status_code == 200
    assert_error(hibob("activtrak").delete(url), 403)
    assert client.delete(url).status_code == 200
    assert sandbox.webhooks.events[-1]["type"] == "timeoff.request.cancelled"
    assert client.get(url).json()["status"] == "canceled"
    assert_error(client.delete(url), 400)
    assert_error(client.get(f"/timeoff/employees/{mine.id}/requests/1"), 404)


def test_request_shapes_and_approval(hibob: Hibob, mine: Employee, booked: list[int]) -> None:
    client = hibob("full")
    later = MONDAY + dt.timedelta(days=14)
    hourly = book(client, mine, **hours(later, "Personal hours"))
    portion = {
        "requestRangeType": "portionOnRange",
        "policyType": "Holiday",
        "startDate": later.isoformat(),
        "endDate": (later + dt.timedelta(days=1)).isoformat(),
        "dayPortion": "morning",
        "skipManagerApproval": True,
    }
    halves = book(client, mine, **portion)
    sick = book(client, mine, **days(later, later, "Sick"))
    booked.extend([hourly, halves, sick])
    got = {i: client.get(f"/timeoff/employees/{mine.id}/requests/{i}").json() for i in (hourly, halves, sick)}
    assert (got[hourly]["type"], got[hourly]["date"], got[hourly]["hoursOnDate"]) == (
        "hours",
        later.isoformat(),
        2,
    )
    assert (got[hourly]["totalCost"], got[hourly]["durationUnit"]) == (2.5, "hours")
    assert (got[halves]["status"], got[halves]["dayPortion"], got[halves]["totalCost"]) == (
        "approved",
        "morning",
        1.0,
    )
    # Sick leave needs no approval in the generated policies.
    assert got[sick]["status"] == "approved"
    assert got[sick]["approved"] is True


def test_invalid_requests(hibob: Hibob, mine: Employee) -> None:
    client = hibob("full")
    url = f"/timeoff/employees/{mine.id}/requests"
    saturday = MONDAY + dt.timedelta(days=5)
    for body in (
        days(MONDAY, MONDAY, "Nope"),
        days(MONDAY, MONDAY - dt.timedelta(days=1)),
        hours(MONDAY, "Holiday"),
        {k: v for k, v in days(MONDAY, MONDAY).items() if k != "endDatePortion"},
        days(saturday, saturday + dt.timedelta(days=1)),
        {"requestRangeType": "openEnded", "policyType": "Holiday", "startDate": MONDAY.isoformat()},
    ):
        assert_error(client.post(url, json=body), 400)
    assert_error(hibob("activtrak").post(url, content=b"{"), 403)
    assert_error(hibob("full").post("/timeoff/employees/0000/requests", json=days(MONDAY, MONDAY)), 404)


def test_whosout_filters(hibob: Hibob, mine: Employee, booked: list[int]) -> None:
    client = hibob("full")
    day = MONDAY + dt.timedelta(days=28)
    approved = book(client, mine, **days(day, day, skipManagerApproval=True))
    pending = book(client, mine, **days(day, day + dt.timedelta(days=1)))
    hourly = book(client, mine, **hours(day, "Personal hours", skipManagerApproval=True))
    private = book(client, mine, **hours(day, "Medical appointment", skipManagerApproval=True))
    booked.extend([approved, pending, hourly, private])

    def outs(preset: str, **flags: str) -> set[int]:
        params = {"from": day.isoformat(), "to": day.isoformat(), **flags}
        response = hibob(preset).get("/timeoff/whosout", params=params)
        assert response.status_code == 200, response.text
        return {o["requestId"] for o in response.json()["outs"] if o["employeeId"] == mine.id}

    assert outs("full") == {approved}
    assert outs("full", includeHourly="true") == {approved, hourly}
    assert outs("full", includeHourly="true", includePrivate="true") == {approved, hourly, private}
    assert outs("full", includePending="true") == {approved, pending}
    # activtrak may see pending requests but not private policies: the flag is ignored, not refused.
    assert outs("activtrak", includeHourly="true", includePrivate="true", includePending="true") == {
        approved,
        pending,
        hourly,
    }
    item = next(
        o
        for o in client.get("/timeoff/whosout", params={"from": day, "to": day}).json()["outs"]
        if o["requestId"] == approved
    )
    assert (item["status"], item["policyType"], item["type"], item["startDate"]) == (
        "Approved",
        "Holiday",
        "days",
        day.isoformat(),
    )
    assert_error(client.get("/timeoff/whosout", params={"from": day.isoformat()}), 400)
    assert_error(client.get("/timeoff/whosout", params={"from": day.isoformat(), "to": "2000-01-01"}), 400)
    assert_error(hibob("empty").get("/timeoff/whosout", params={"from": day, "to": day}), 403)


def test_outtoday(hibob: Hibob, mine: Employee, booked: list[int]) -> None:
    client = hibob("full")
    day = MONDAY + dt.timedelta(days=42)
    request_id = book(client, mine, **days(day, day + dt.timedelta(days=2), skipManagerApproval=True))
    booked.append(request_id)
    outs = client.get("/timeoff/outtoday", params={"today": (day + dt.timedelta(days=1)).isoformat()}).json()[
        "outs"
    ]
    item = next(o for o in outs if o["employeeId"] == mine.id)
    assert (item["requestRangeType"], item["startDatePortion"], item["employeeEmail"]) == (
        "days",
        "all_day",
        mine.email,
    )
    site = str(mine.values["work.siteId"])
    same_site = client.get("/timeoff/outtoday", params={"today": day.isoformat(), "siteId": site}).json()[
        "outs"
    ]
    assert mine.id in {o["employeeId"] for o in same_site}
    other = client.get("/timeoff/outtoday", params={"today": day.isoformat(), "siteId": "1"}).json()["outs"]
    assert other == []
    assert hibob("activtrak").get("/timeoff/outtoday").status_code == 200


def iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")


def test_changes_window_rule(hibob: Hibob) -> None:
    client = hibob("full")
    now = dt.datetime.now()
    assert (
        client.get(
            "/timeoff/requests/changes", params={"since": iso(now - dt.timedelta(days=170))}
        ).status_code
        == 200
    )
    error = assert_error(
        client.get("/timeoff/requests/changes", params={"since": iso(now - dt.timedelta(days=200))}), 400
    )
    assert "6 months" in error["error"]
    old = {"since": iso(now - dt.timedelta(days=300)), "to": iso(now - dt.timedelta(days=150))}
    changes = client.get("/timeoff/requests/changes", params=old).json()["changes"]
    assert changes
    assert all(set(c) >= {"changeType", "requestId", "employeeId", "totalCost"} for c in changes)
    too_wide = {"since": iso(now - dt.timedelta(days=400)), "to": iso(now - dt.timedelta(days=150))}
    assert_error(client.get("/timeoff/requests/changes", params=too_wide), 400)
    assert_error(client.get("/timeoff/requests/changes"), 400)
    assert_error(client.get("/timeoff/requests/changes", params={"since": "yesterday"}), 400)


def test_changes_feed_follows_requests(hibob: Hibob, mine: Employee, booked: list[int]) -> None:
    client = hibob("full")
    since = dt.datetime.now().isoformat()
    day = MONDAY + dt.timedelta(days=56)
    pending = book(client, mine, **days(day, day))
    private = book(client, mine, **hours(day, "Medical appointment", skipManagerApproval=True))
    booked.extend([pending, private])
    assert client.delete(f"/timeoff/employees/{mine.id}/requests/{pending}").status_code == 200

    def feed(preset: str, **flags: str) -> list[tuple[str, int]]:
        response = hibob(preset).get("/timeoff/requests/changes", params={"since": since, **flags})
        assert response.status_code == 200, response.text
        mine_only = [c for c in response.json()["changes"] if c["employeeId"] == mine.id]
        return [(c["changeType"], c["requestId"]) for c in mine_only]

    assert feed("full") == [("Created", private), ("Canceled", pending)]
    assert feed("full", includePending="true") == [
        ("Pending", pending),
        ("Created", private),
        ("Canceled", pending),
    ]
    # activtrak lacks the private-policy permission; its pending flag is honoured (it may approve requests).
    assert feed("activtrak", includePending="true") == [("Pending", pending), ("Canceled", pending)]
    change = next(
        c
        for c in client.get("/timeoff/requests/changes", params={"since": since}).json()["changes"]
        if c["requestId"] == private
    )
    assert (change["visibility"], change["durationUnit"], change["employeeEmail"]) == (
        "Private",
        "hours",
        mine.email,
    )
