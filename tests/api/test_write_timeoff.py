"""Time-off write-back over real HTTP against the sandbox: requests submitted and canceled, balances."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest

from bobhub.sandbox.state import Sandbox
from bobhub.settings import Settings
from tests.api.conftest import MakeKey
from tests.writeback.companies import Linked, link_company, stored, write_calls


@pytest.fixture
async def linked(
    api: httpx.AsyncClient, api_settings: Settings, make_key: MakeKey, sandbox: Sandbox, base_url: str
) -> Linked:
    return await link_company(api, api_settings, make_key, sandbox, base_url)


def next_monday(weeks: int = 3) -> dt.date:
    today = dt.date.today()
    return today + dt.timedelta(days=7 * weeks - today.weekday())


def sick_leave(employee: str) -> dict[str, Any]:
    start = next_monday()
    return {
        "employee_id": employee,
        "policy_type": "Sick",  # no approval needed: the request is approved at once
        "start_date": start.isoformat(),
        "end_date": (start + dt.timedelta(days=1)).isoformat(),
        "description": "Flu",
    }


def requests_of(linked: Linked, employee: str) -> list[Any]:
    return [r for r in linked.company.requests.values() if r.employee_id == employee]


class TestRequests:
    async def test_dry_run_sends_nothing(self, api: httpx.AsyncClient, linked: Linked, admin: httpx.Client):
        employee = linked.employed()
        before, requests = write_calls(admin), len(requests_of(linked, employee))
        response = await api.post(
            "/v1/time-off/requests?dry_run=true", json=sick_leave(employee), headers=linked.headers
        )
        assert response.status_code == 200, response.text
        [call] = response.json()["requests"]
        assert call == {
            "method": "POST",
            "path": f"/v1/timeoff/employees/{employee}/requests",
            "body": {
                "policyType": "Sick",
                "requestRangeType": "days",
                "startDate": sick_leave(employee)["start_date"],
                "endDate": sick_leave(employee)["end_date"],
                "startDatePortion": "all_day",
                "endDatePortion": "all_day",
                "description": "Flu",
            },
        }
        assert write_calls(admin) == before
        assert len(requests_of(linked, employee)) == requests

    async def test_submits_then_cancels(self, api: httpx.AsyncClient, linked: Linked, api_settings: Settings):
        employee = linked.employed()
        created = await api.post("/v1/time-off/requests", json=sick_leave(employee), headers=linked.headers)
        assert created.status_code == 200, created.text
        body = created.json()
        assert (body["status"], body["unconfirmed_fields"]) == ("verified", [])
        request_id = body["result"]["remote_id"]
        assert body["result"]["status"]["value"] == "approved"
        ours = await stored(api_settings, linked.account_id, "time_off_requests", request_id)
        assert ours is not None
        assert ours["start_date"] == sick_leave(employee)["start_date"]
        canceled = await api.delete(f"/v1/time-off/requests/{ours['id']}", headers=linked.headers)
        assert canceled.status_code == 200, canceled.text
        assert (
            canceled.json()["requests"][0]["path"]
            == f"/v1/timeoff/employees/{employee}/requests/{request_id}"
        )
        assert canceled.json()["status"] == "verified"
        ours = await stored(api_settings, linked.account_id, "time_off_requests", request_id)
        assert ours is not None
        assert ours["status"]["value"] == "canceled"
        assert linked.company.requests[int(request_id)].status == "canceled"

    async def test_bad_requests_are_400_naming_the_field(self, api: httpx.AsyncClient, linked: Linked):
        employee = linked.employed()
        cases = [
            ({"policy_type": "Sabbatical"}, "policy_type: 'Sabbatical' is not one of"),
            ({"end_date": "2020-01-01"}, "end_date: must not be before start_date"),
            ({"request_type": "hours"}, "end_date: an hours request covers one day"),
            ({"request_type": "portion_on_range"}, "day_portion: required"),
            ({"employee_id": "rec_nobody"}, "no employee 'rec_nobody'"),
        ]
        for change, named in cases:
            response = await api.post(
                "/v1/time-off/requests", json={**sick_leave(employee), **change}, headers=linked.headers
            )
            assert response.status_code in (400, 404), response.text
            assert response.json()["detail"].startswith(named), response.text

    async def test_an_unknown_request_is_404(self, api: httpx.AsyncClient, linked: Linked):
        response = await api.delete("/v1/time-off/requests/999999999", headers=linked.headers)
        assert response.status_code == 404


class TestBalances:
    async def test_dry_run_then_adjust(
        self, api: httpx.AsyncClient, linked: Linked, api_settings: Settings, admin: httpx.Client
    ):
        employee = linked.employed()
        adjustment = {"employee_id": employee, "policy_type": "Holiday", "amount": 2.5, "reason": "Overtime"}
        before = write_calls(admin)
        dry = await api.post(
            "/v1/time-off/balances/adjustments?dry_run=true", json=adjustment, headers=linked.headers
        )
        assert dry.status_code == 200, dry.text
        [call] = dry.json()["requests"]
        today = dt.date.today().isoformat()
        assert call["body"] == {
            "adjustmentType": "balance",
            "policyType": "Holiday",
            "effectiveDate": today,
            "amount": 2.5,
            "reason": "Overtime",
        }
        assert write_calls(admin) == before
        response = await api.post(
            "/v1/time-off/balances/adjustments", json=adjustment, headers=linked.headers
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert (body["status"], body["unconfirmed_fields"]) == ("verified", [])
        ours = await stored(api_settings, linked.account_id, "time_off_balances", f"{employee}:Holiday")
        assert ours is not None
        assert ours["as_of"] == today
        assert ours["admin_adjustments"] == body["result"]["admin_adjustments"] >= 2.5

    async def test_a_zero_amount_is_400(self, api: httpx.AsyncClient, linked: Linked):
        adjustment = {"employee_id": linked.employed(), "policy_type": "Holiday", "amount": 0, "reason": "x"}
        response = await api.post(
            "/v1/time-off/balances/adjustments", json=adjustment, headers=linked.headers
        )
        assert response.status_code == 400
        assert response.json()["detail"].startswith("amount: must not be 0")
