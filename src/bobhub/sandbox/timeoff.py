"""Time-off logic of the sandbox: request costs, submit/cancel with the change log, balances, JSON shapes.

The routes, the generator and the admin HR changes all go through these functions, so a request's cost,
the balances and `/timeoff/requests/changes` can never disagree.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from bobhub.sandbox.errors import bad_request
from bobhub.sandbox.model import (
    Adjustment,
    Company,
    Employee,
    Policy,
    PolicyType,
    TimeOffChange,
    TimeOffRequest,
)

RANGE_TYPES = ("days", "hours", "portionOnRange")
START_PORTIONS = ("all_day", "afternoon")
END_PORTIONS = ("all_day", "morning")
DAY_PORTIONS = ("morning", "afternoon")
ADJUSTMENT_TYPES = ("balance", "daysUsed")
# Assumption: a working day is 8 hours when a days-shaped request is booked on an hours-unit policy type
# (HiBob converts through the employee's working pattern, which the sandbox does not model).
WORKDAY_HOURS = 8.0


def working_days(start: dt.date, end: dt.date) -> int:
    """Monday-to-Friday days from start to end inclusive (the sandbox has no holiday calendars)."""
    return sum(1 for i in range((end - start).days + 1) if (start + dt.timedelta(days=i)).weekday() < 5)


def measure(
    unit: str,
    range_type: str,
    start: dt.date,
    end: dt.date,
    *,
    start_portion: str = "all_day",
    end_portion: str = "all_day",
    hours: int | None = None,
    minutes: int | None = None,
) -> tuple[float, float]:
    """(totalDuration, totalCost) of a request in the policy type's unit.

    Duration counts calendar days, cost only working days: the balance is charged for working days, as
    HiBob's `bookingWorkDaysOnly` policies do. Half days (portions) count 0.5.
    """
    if range_type == "hours":
        amount = (hours or 0) + (minutes or 0) / 60
        return round(amount, 4), round(amount, 4)
    calendar = float((end - start).days + 1)
    work = float(working_days(start, end))
    if range_type == "portionOnRange":
        calendar, work = calendar / 2, work / 2
    else:
        for day, portion, half in ((start, start_portion, "afternoon"), (end, end_portion, "morning")):
            if portion == half:
                calendar -= 0.5
                work -= 0.5 if day.weekday() < 5 else 0.0
    scale = WORKDAY_HOURS if unit == "hours" else 1.0
    return calendar * scale, max(work, 0.0) * scale


def policy_of(company: Company, employee: Employee, policy_type: str) -> Policy:
    """The employee's policy of a type; 400 when the type is unknown or has no policy at all.

    Assumption: people without an assignment of the type (created through the API) get its first policy,
    as HiBob's eligibility rules would put a new hire under one.
    """
    if policy_type not in company.policy_types:
        raise bad_request(f"Policy type '{policy_type}' does not exist")
    policy = company.policies.get(employee.policies.get(policy_type, ""))
    policy = policy or next((p for p in company.policies.values() if p.policy_type == policy_type), None)
    if policy is None:
        raise bad_request(f"Policy type '{policy_type}' has no policy for employee {employee.id}")
    return policy


def _check_shape(
    kind: PolicyType,
    range_type: str,
    start: dt.date,
    end: dt.date,
    portions: tuple[str, str, str | None],
    hours: int | None,
    minutes: int | None,
) -> None:
    start_portion, end_portion, day_portion = portions
    if range_type not in RANGE_TYPES:
        raise bad_request(f"requestRangeType must be one of {', '.join(RANGE_TYPES)}")
    if end < start:
        raise bad_request("endDate must not be before startDate")
    if range_type == "days":
        if start_portion not in START_PORTIONS or end_portion not in END_PORTIONS:
            raise bad_request("startDatePortion must be all_day|afternoon and endDatePortion all_day|morning")
        if start == end and (start_portion, end_portion) == ("afternoon", "morning"):
            raise bad_request("A one-day request cannot start in the afternoon and end in the morning")
    elif range_type == "portionOnRange":
        if day_portion not in DAY_PORTIONS:
            raise bad_request("dayPortion must be morning or afternoon")
    else:
        if kind.unit != "hours":
            raise bad_request(f"Policy type '{kind.name}' is measured in days: no hours requests")
        if start != end:
            raise bad_request("An hours request must start and end on the same date")
        total = (hours if hours is not None else -1) * 60 + (minutes or 0)
        if hours is None or hours < 0 or not 0 <= (minutes or 0) < 60 or not 0 < total <= 24 * 60:
            raise bad_request("hours and minutes (0-59) must describe a duration of up to 24 hours")


def submit_request(
    company: Company,
    employee: Employee,
    policy_type: str,
    range_type: str,
    start: dt.date,
    end: dt.date,
    *,
    now: dt.datetime,
    status: str | None = None,
    start_portion: str = "all_day",
    end_portion: str = "all_day",
    day_portion: str | None = None,
    hours: int | None = None,
    minutes: int | None = None,
    description: str | None = None,
    reason_code: int | None = None,
    approved_by: str | None = None,
) -> TimeOffRequest:
    """Validate, store and log a new request (400 on invalid input).

    `status` None follows the policy: pending when it requires approval, else approved. The change log
    gets "Pending" for a pending request and "Created" for an approved one.
    """
    policy = policy_of(company, employee, policy_type)
    kind = company.policy_types[policy_type]
    _check_shape(kind, range_type, start, end, (start_portion, end_portion, day_portion), hours, minutes)
    if reason_code is not None and reason_code not in {c["id"] for c in kind.reason_codes}:
        raise bad_request(f"Unknown reasonCode {reason_code} for policy type '{policy_type}'")
    status = status or ("pending" if policy.approval_required else "approved")
    request = TimeOffRequest(company.next_id(), employee.id, policy_type, range_type, start, end, status, now)
    request.description, request.reason_code = description, reason_code
    request.private, request.unit = kind.private, kind.unit
    _fill_range(request, (start_portion, end_portion, day_portion), hours, minutes)
    if request.cost <= 0:
        raise bad_request("The request does not cover any working time")
    if status == "approved":
        request.approved_by, request.approved_at = approved_by or "system", now
    company.requests[request.id] = request
    record_change(company, request, "Created" if status == "approved" else "Pending", now)
    return request


def _fill_range(
    request: TimeOffRequest, portions: tuple[str, str, str | None], hours: int | None, minutes: int | None
) -> None:
    """Keep only the columns of the request's range type, and compute its duration and cost."""
    start_portion, end_portion, day_portion = portions
    if request.range_type == "days":
        request.start_portion, request.end_portion = start_portion, end_portion
    elif request.range_type == "portionOnRange":
        request.day_portion = day_portion
    else:
        request.hours, request.minutes = hours, minutes or 0
    request.duration, request.cost = measure(
        request.unit,
        request.range_type,
        request.start_date,
        request.end_date,
        start_portion=request.start_portion,
        end_portion=request.end_portion,
        hours=request.hours,
        minutes=request.minutes,
    )


def approve_request(company: Company, request: TimeOffRequest, now: dt.datetime, by: str = "system") -> None:
    """Approve a pending request; the change log gets "Created" (the request now counts as time off)."""
    if request.status != "pending":
        raise bad_request(f"Request {request.id} is {request.status}, not pending")
    request.status, request.approved_by, request.approved_at = "approved", by, now
    record_change(company, request, "Created", now)


def cancel_request(
    company: Company, request: TimeOffRequest, now: dt.datetime, reason: str | None = None
) -> None:
    """Cancel a pending or approved request; the change log gets "Canceled"."""
    if request.status not in ("pending", "approved"):
        raise bad_request(f"Request {request.id} is {request.status} and cannot be canceled")
    request.status = "canceled"
    record_change(company, request, "Canceled", now, reason)


def record_change(
    company: Company, request: TimeOffRequest, change_type: str, now: dt.datetime, reason: str | None = None
) -> TimeOffChange:
    """Append a change with a snapshot of the request as it is now (HiBob serves snapshots, not live rows)."""
    change = TimeOffChange(now, change_type, request, change_snapshot(company, request), reason)
    company.changes.append(change)
    return change


def visibility(company: Company, request: TimeOffRequest) -> str:
    kind = company.policy_types.get(request.policy_type)
    return "Private" if request.private or (kind is not None and kind.private) else "Public"


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def date_columns(request: TimeOffRequest) -> dict[str, Any]:
    """The date/portion/hours columns every request rendering shares; the irrelevant ones are null."""
    hourly = request.range_type == "hours"
    days = request.range_type == "days"
    return {
        "type": request.range_type,
        "startDate": request.start_date.isoformat(),
        "startPortion": request.start_portion if days else None,
        "endDate": request.end_date.isoformat(),
        "endPortion": request.end_portion if days else None,
        "dayPortion": request.day_portion,
        "date": request.start_date.isoformat() if hourly else None,
        "hoursOnDate": request.hours if hourly else None,
        "dailyHours": None,
    }


def change_snapshot(company: Company, request: TimeOffRequest) -> dict[str, Any]:
    """The request as one `/timeoff/requests/changes` item shows it (without changeType/changeReason)."""
    employee = company.employees.get(request.employee_id)
    return {
        "requestId": request.id,
        "originalRequestId": request.original_request_id,
        "previousRequestId": request.previous_request_id,
        "employeeId": request.employee_id,
        "employeeDisplayName": employee.values.get("root.displayName") if employee else None,
        "employeeEmail": employee.email if employee else None,
        "policyTypeDisplayName": request.policy_type,
        "createdOn": _iso(request.created_on),
        **date_columns(request),
        "durationUnit": request.unit,
        "totalDuration": request.duration,
        "totalCost": request.cost,
        "visibility": visibility(company, request),
    }


def change_json(company: Company, change: TimeOffChange) -> dict[str, Any]:
    snapshot = change.snapshot or change_snapshot(company, change.request)
    return {"changeType": change.change_type, **snapshot, "changeReason": change.reason}


def request_json(company: Company, request: TimeOffRequest) -> dict[str, Any]:
    """GET /timeoff/employees/{id}/requests/{requestId} (hibob-api-notes.md §8.4)."""
    return {
        "employeeId": request.employee_id,
        "requestId": request.id,
        "policyTypeDisplayName": request.policy_type,
        "createdOn": _iso(request.created_on),
        **date_columns(request),
        "durationUnit": request.unit,
        "totalDuration": request.duration,
        "totalCost": request.cost,
        "status": request.status,
        "approved": request.status == "approved",
        "description": request.description,
        # HiBob's schema types reasonCode as a string on reads although requests submit it as an integer.
        "reasonCode": str(request.reason_code) if request.reason_code is not None else None,
        "hasAttachment": False,
        "attachmentLinks": [],
        "approvedBy": request.approved_by,
        "approvedAt": _iso(request.approved_at),
        "declinedBy": request.declined_by,
        "declinedAt": _iso(request.declined_at),
        "declineReason": request.decline_reason,
        "previousRequestId": request.previous_request_id,
        "originalRequestId": request.original_request_id,
        "visibility": visibility(company, request),
        "timeZoneOffset": None,
    }


def daily_durations(request: TimeOffRequest) -> list[dict[str, Any]]:
    """Per-day breakdown for `includeDailyDurations=true` (sandbox shape: date, duration, cost)."""
    days = []
    for offset in range((request.end_date - request.start_date).days + 1):
        day = request.start_date + dt.timedelta(days=offset)
        duration, cost = measure(
            request.unit,
            request.range_type,
            day,
            day,
            start_portion=request.start_portion if day == request.start_date else "all_day",
            end_portion=request.end_portion if day == request.end_date else "all_day",
            hours=request.hours,
            minutes=request.minutes,
        )
        days.append({"date": day.isoformat(), "duration": duration, "cost": cost})
    return days


def event_data(request: TimeOffRequest, base_url: str) -> dict[str, Any]:
    """The `data` of a v2 time-off webhook: ids and the URL to read the request back."""
    return {
        "timeoffRequestId": request.id,
        "employeeId": request.employee_id,
        "getApi": f"{base_url.rstrip('/')}/v1/timeoff/employees/{request.employee_id}/requests/{request.id}",
    }


def granted_allowance(policy: Policy, employee: Employee, as_of: dt.date) -> tuple[float, dt.date]:
    """The allowance granted for the calendar year of `as_of`, and the date it was granted.

    Assumption: the whole yearly allowance is granted on 1 January, prorated by the days left in the year
    for people who start during it; before their start date people have nothing.
    """
    year_start, year_end = dt.date(as_of.year, 1, 1), dt.date(as_of.year, 12, 31)
    raw_start = employee.values.get("work.startDate")
    start = dt.date.fromisoformat(str(raw_start)) if raw_start else year_start
    granted_on = max(year_start, start)
    if as_of < start:
        return 0.0, granted_on
    days_in_year = (year_end - year_start).days + 1
    share = ((year_end - granted_on).days + 1) / days_in_year
    return policy.allowance * share, granted_on


def balance_json(company: Company, employee: Employee, policy_type: str, as_of: dt.date) -> dict[str, Any]:
    """GET /timeoff/employees/{id}/balance: granted + adjustments - time taken, in the year of `as_of`.

    Taken = approved requests of the policy type starting between 1 January and `as_of`, plus "daysUsed"
    adjustments; admin adjustments = "balance" adjustments in the same span. So
    totalBalanceAsOfDate = startingBalance + totalAdminAdjustments + totalSystemAdjustments - totalTaken.
    """
    policy = policy_of(company, employee, policy_type)
    year_start = dt.date(as_of.year, 1, 1)
    granted, granted_on = granted_allowance(policy, employee, as_of)
    taken = sum(
        r.cost
        for r in company.requests.values()
        if r.employee_id == employee.id
        and r.policy_type == policy_type
        and r.status == "approved"
        and year_start <= r.start_date <= as_of
    )
    admin = used = 0.0
    for adjustment in company.adjustments:
        if (adjustment.employee_id, adjustment.policy_type) != (employee.id, policy_type):
            continue
        if year_start <= adjustment.effective_date <= as_of:
            if adjustment.adjustment_type == "daysUsed":
                used += adjustment.amount
            else:
                admin += adjustment.amount
    total = granted + admin - taken - used
    return {
        "employeeId": employee.id,
        "policy": policy.name,
        "totalBalanceAsOfDate": round(total, 4),
        "totalRoundedBalanceAsOfDate": round(total, 2),
        "pointInTime": as_of.isoformat(),
        "startingBalance": round(granted, 4),
        "startingBalanceAsOf": granted_on.isoformat(),
        "totalTaken": round(taken + used, 4),
        "totalAdminAdjustments": round(admin, 4),
        "totalSystemAdjustments": 0.0,
        "annualAllowance": policy.allowance,
    }


def adjust_balance(
    company: Company,
    employee: Employee,
    *,
    adjustment_type: str,
    policy_type: str,
    effective_date: dt.date,
    amount: float,
    reason: str,
) -> Adjustment:
    """Record an admin adjustment: "balance" adds to the balance, "daysUsed" counts as time taken."""
    if adjustment_type not in ADJUSTMENT_TYPES:
        raise bad_request("adjustmentType must be balance or daysUsed")
    policy_of(company, employee, policy_type)
    if amount == 0:
        raise bad_request("amount must not be 0")
    adjustment = Adjustment(employee.id, policy_type, adjustment_type, effective_date, amount, reason)
    company.adjustments.append(adjustment)
    return adjustment
