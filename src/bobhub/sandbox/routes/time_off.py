"""HiBob's Time off API: policy types and policies, balances and adjustments, requests, who's out, changes.

Permissions follow hibob-api-notes.md §6.2. Private-policy and pending requests are silently left out of
lists when the service user lacks the permission that reveals them (HiBob answers 200, not 403).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from bobhub.sandbox import permissions as perms
from bobhub.sandbox import timeoff
from bobhub.sandbox.app import Ctx, CtxDep, parse_body, v1_router
from bobhub.sandbox.errors import bad_request, forbidden, not_found
from bobhub.sandbox.model import Employee, Policy, PolicyType, TimeOffRequest

router = v1_router()


def require_any(ctx: Ctx, *permissions: perms.Permission, quiet: bool = False) -> bool:
    """Whether the group has one of the permissions; unless `quiet`, 403 naming the first when it has none."""
    if any(ctx.grants.has(p) for p in permissions):
        return True
    if quiet:
        return False
    raise forbidden(f"{permissions[0].section} > {permissions[0].wording}")


def require_settings(ctx: Ctx) -> None:
    # Assumption: "See company's time off settings" is enough to read settings; "Manage ..." implies it.
    require_any(ctx, perms.SEE_TIME_OFF_SETTINGS, perms.MANAGE_TIME_OFF_SETTINGS)


def visible_employee(ctx: Ctx, employee_id: str) -> Employee:
    """The employee, or 404 when unknown or outside the service user's audience."""
    employee = ctx.company.employee(employee_id)
    if employee is None or not ctx.grants.sees(employee.lifecycle_status):
        raise not_found(f"Employee {employee_id} not found")
    return employee


def policy_type_of(ctx: Ctx, name: str) -> PolicyType:
    kind = ctx.company.policy_types.get(name)
    if kind is None:
        raise not_found(f"Policy type '{name}' not found")
    return kind


def query_date(value: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise bad_request(f"'{name}' must be a date (YYYY-MM-DD)") from exc


def query_datetime(value: str, name: str) -> dt.datetime:
    """An ISO date-time in the sandbox's local wall-clock time (offsets are converted, like `now`)."""
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise bad_request(f"'{name}' must be an ISO 8601 date-time") from exc
    return moment.astimezone().replace(tzinfo=None) if moment.tzinfo else moment


def flag(ctx: Ctx, name: str) -> bool:
    return ctx.request.query_params.get(name, "").strip().lower() in ("true", "1")


def required(ctx: Ctx, name: str) -> str:
    value = ctx.request.query_params.get(name)
    if not value:
        raise bad_request(f"'{name}' is required")
    return value


def policy_json(policy: Policy) -> dict[str, Any]:
    return {
        "name": policy.name,
        "allowance": policy.allowance,
        "maxBalance": policy.max_balance,
        "minBalance": policy.min_balance,
        "yosIncrease": [],
        "minTimeOffRequestDuration": "halfDay" if policy.unit == "days" else "quarterHour",
        "bookingWorkDaysOnly": True,
        "approvalRequired": policy.approval_required,
        "description": policy.description,
        "unit": policy.unit,
    }


@router.get("/timeoff/policy-types")
async def policy_types(ctx: CtxDep) -> dict[str, Any]:
    require_settings(ctx)
    return {"policyTypes": list(ctx.company.policy_types)}


@router.get("/timeoff/policy-types/{policyType}")
async def policy_type(ctx: CtxDep, policyType: str) -> dict[str, Any]:
    require_settings(ctx)
    kind = policy_type_of(ctx, policyType)
    return {"name": kind.name, "activity": kind.activity, "unit": kind.unit}


@router.get("/timeoff/policy-types/{policyType}/reason-codes")
async def reason_codes(ctx: CtxDep, policyType: str) -> dict[str, Any]:
    require_settings(ctx)
    return {"reasonCodes": list(policy_type_of(ctx, policyType).reason_codes)}


class ReasonCodes(BaseModel):
    reasonCodes: list[str] = Field(min_length=1)


@router.post("/timeoff/policy-types/{policyType}/reason-codes")
async def add_reason_codes(ctx: CtxDep, policyType: str, request: Request) -> dict[str, Any]:
    ctx.require(perms.MANAGE_TIME_OFF_SETTINGS)
    kind = policy_type_of(ctx, policyType)
    body = await parse_body(request, ReasonCodes)
    known = {code["displayName"] for code in kind.reason_codes}
    for name in dict.fromkeys(n.strip() for n in body.reasonCodes if n.strip()):
        if name not in known:
            kind.reason_codes.append({"id": ctx.company.next_id(), "displayName": name})
    return {"reasonCodes": list(kind.reason_codes)}


@router.get("/timeoff/policies/names")
async def policy_names(ctx: CtxDep) -> dict[str, Any]:
    require_settings(ctx)
    name = required(ctx, "policyTypeName")
    policy_type_of(ctx, name)
    return {"policyNames": [p.name for p in ctx.company.policies.values() if p.policy_type == name]}


@router.get("/timeoff/policies")
async def policy(ctx: CtxDep) -> dict[str, Any]:
    require_settings(ctx)
    name = required(ctx, "policyName")
    found = ctx.company.policies.get(name)
    if found is None:
        raise not_found(f"Policy '{name}' not found")
    return policy_json(found)


@router.get("/timeoff/employees/{id}/balance")
async def balance(ctx: CtxDep, id: str) -> dict[str, Any]:
    ctx.require(perms.BALANCE)
    employee = visible_employee(ctx, id)
    policy_type, as_of = required(ctx, "policyType"), query_date(required(ctx, "date"), "date")
    return timeoff.balance_json(ctx.company, employee, policy_type, as_of)


class AdjustmentBody(BaseModel):
    adjustment_type: str = Field("balance", alias="adjustmentType")
    policy_type: str = Field(alias="policyType")
    effective_date: dt.date = Field(alias="effectiveDate")
    amount: float
    reason: str = Field(min_length=1)


@router.post("/timeoff/employees/{id}/adjustments")
async def adjust(ctx: CtxDep, id: str, request: Request) -> dict[str, Any]:
    ctx.require(perms.ADJUST_BALANCE)
    employee = visible_employee(ctx, id)
    body = await parse_body(request, AdjustmentBody)
    timeoff.adjust_balance(ctx.company, employee, **body.model_dump())
    return {}


class RequestBody(BaseModel):
    """One body for the supported `requestRangeType`s; which fields are required depends on the type."""

    range_type: str = Field(alias="requestRangeType")
    policy_type: str = Field(alias="policyType")
    startDate: dt.date | None = None
    endDate: dt.date | None = None
    date: dt.date | None = None
    start_portion: str | None = Field(None, alias="startDatePortion")
    end_portion: str | None = Field(None, alias="endDatePortion")
    day_portion: str | None = Field(None, alias="dayPortion")
    hours: int | None = None
    minutes: int | None = None
    skipManagerApproval: bool = False
    approver: str | None = None
    description: str | None = None
    reason_code: int | None = Field(None, alias="reasonCode")


def request_dates(body: RequestBody) -> tuple[dt.date, dt.date]:
    hourly = body.range_type == "hours"
    start = body.startDate or (body.date if hourly else None)
    end = body.endDate or (start if hourly else None)
    if start is None or end is None:
        raise bad_request("startDate and endDate are required")
    if body.range_type == "days" and (body.start_portion is None or body.end_portion is None):
        raise bad_request("startDatePortion and endDatePortion are required for a days request")
    return start, end


@router.post("/timeoff/employees/{id}/requests")
async def submit(ctx: CtxDep, id: str, request: Request) -> dict[str, Any]:
    ctx.require(perms.MANAGE_REQUESTS)
    ctx.require(perms.MANAGE_TIME_OFF_SETTINGS)
    employee = visible_employee(ctx, id)
    body = await parse_body(request, RequestBody)
    start, end = request_dates(body)
    options = body.model_dump(include={"day_portion", "hours", "minutes", "description", "reason_code"})
    created = timeoff.submit_request(
        ctx.company,
        employee,
        body.policy_type,
        body.range_type,
        start,
        end,
        now=dt.datetime.now(),
        status="approved" if body.skipManagerApproval else None,
        start_portion=body.start_portion or "all_day",
        end_portion=body.end_portion or "all_day",
        approved_by=body.approver or ctx.user.id,
        **options,
    )
    data = timeoff.event_data(created, str(ctx.request.base_url))
    ctx.sandbox.webhooks.emit(ctx.company, "timeoff.request.requested", data)
    # HiBob documents no body for this 200; the sandbox returns the new id (an assumption).
    return {"requestId": created.id}


def employee_request(ctx: Ctx, employee: Employee, request_id: int) -> TimeOffRequest:
    found = ctx.company.requests.get(request_id)
    if found is None or found.employee_id != employee.id:
        raise not_found(f"Request {request_id} not found for employee {employee.id}")
    return found


@router.get("/timeoff/employees/{id}/requests/{requestId}")
async def get_request(ctx: CtxDep, id: str, requestId: int) -> dict[str, Any]:
    require_any(ctx, perms.APPROVE_REQUESTS, perms.MANAGE_REQUESTS)
    found = employee_request(ctx, visible_employee(ctx, id), requestId)
    data = timeoff.request_json(ctx.company, found)
    if flag(ctx, "includeDailyDurations"):
        data["dailyDurations"] = timeoff.daily_durations(found)
    return data


@router.delete("/timeoff/employees/{id}/requests/{requestId}")
async def cancel(ctx: CtxDep, id: str, requestId: int) -> Response:
    ctx.require(perms.MANAGE_REQUESTS)
    found = employee_request(ctx, visible_employee(ctx, id), requestId)
    timeoff.cancel_request(ctx.company, found, dt.datetime.now())
    data = timeoff.event_data(found, str(ctx.request.base_url))
    ctx.sandbox.webhooks.emit(ctx.company, "timeoff.request.cancelled", data)
    return Response(status_code=200)


def outs(ctx: Ctx, start: dt.date, end: dt.date, *, pending: bool, private: bool) -> list[TimeOffRequest]:
    """Requests overlapping [start, end] of active people in the audience, oldest first.

    Hourly requests only show with includeHourly=true, as in HiBob.
    """
    statuses = {"approved", "pending"} if pending else {"approved"}
    hourly = flag(ctx, "includeHourly")
    found = []
    for request in ctx.company.requests.values():
        if request.status not in statuses or request.start_date > end or request.end_date < start:
            continue
        if request.range_type == "hours" and not hourly:
            continue
        if not private and timeoff.visibility(ctx.company, request) == "Private":
            continue
        employee = ctx.company.employees.get(request.employee_id)
        if employee is not None and employee.active and ctx.grants.sees(employee.lifecycle_status):
            found.append(request)
    return sorted(found, key=lambda r: (r.start_date, r.id))


def sees_pending(ctx: Ctx) -> bool:
    return flag(ctx, "includePending") and require_any(
        ctx, perms.APPROVE_REQUESTS, perms.MANAGE_REQUESTS, quiet=True
    )


def sees_private(ctx: Ctx) -> bool:
    return flag(ctx, "includePrivate") and ctx.grants.has(perms.WHOS_OUT_PRIVATE)


def whosout_json(ctx: Ctx, request: TimeOffRequest) -> dict[str, Any]:
    employee = ctx.company.employees[request.employee_id]
    return {
        "requestId": request.id,
        "employeeId": request.employee_id,
        "employeeDisplayName": employee.values.get("root.displayName"),
        "policyType": request.policy_type,
        "policyTypeDisplayName": request.policy_type,
        **timeoff.date_columns(request),
        "minutes": request.minutes,
        "status": "Approved" if request.status == "approved" else "Pending",
        "visibility": timeoff.visibility(ctx.company, request),
    }


# GET /timeoff/outtoday names some whosout columns differently and adds the email.
OUTTODAY_NAMES = {
    "startPortion": "startDatePortion",
    "endPortion": "endDatePortion",
    "type": "requestRangeType",
    "hoursOnDate": "hours",
}


def outtoday_json(ctx: Ctx, request: TimeOffRequest) -> dict[str, Any]:
    whosout = whosout_json(ctx, request)
    data = {
        OUTTODAY_NAMES.get(k, k): v
        for k, v in whosout.items()
        if k not in ("requestId", "policyType", "status")
    }
    return {**data, "employeeEmail": ctx.company.employees[request.employee_id].email}


@router.get("/timeoff/whosout")
async def whosout(ctx: CtxDep) -> dict[str, Any]:
    ctx.require(perms.WHOS_OUT)
    start = query_date(required(ctx, "from"), "from")
    end = query_date(required(ctx, "to"), "to")
    if end < start:
        raise bad_request("'to' must not be before 'from'")
    found = outs(ctx, start, end, pending=sees_pending(ctx), private=sees_private(ctx))
    return {"outs": [whosout_json(ctx, r) for r in found]}


@router.get("/timeoff/outtoday")
async def outtoday(ctx: CtxDep) -> dict[str, Any]:
    ctx.require(perms.WHOS_OUT)
    today, site = ctx.request.query_params.get("today"), ctx.request.query_params.get("siteId")
    day = query_date(today, "today") if today else ctx.company.today
    found = outs(ctx, day, day, pending=False, private=sees_private(ctx))
    if site:
        found = [
            r for r in found if str(ctx.company.employees[r.employee_id].values.get("work.siteId")) == site
        ]
    return {"outs": [outtoday_json(ctx, r) for r in found]}


CHANGES_WINDOW_MONTHS = 6


def months_before(moment: dt.datetime, months: int) -> dt.datetime:
    """The same wall-clock time `months` calendar months earlier (day clamped to the month's length)."""
    year, month0 = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    first_of_next = dt.date(year + (month0 == 11), (month0 + 1) % 12 + 1, 1)
    last_day = (first_of_next - dt.timedelta(days=1)).day
    return moment.replace(year=year, month=month0 + 1, day=min(moment.day, last_day))


def window_error(since: dt.datetime, to: dt.datetime | None, now: dt.datetime) -> str | None:
    """Why a changes window is refused: HiBob serves at most six months, and none older without `to`."""
    if to is not None and to < since:
        return "'to' must not be before 'since'"
    if to is None and since < months_before(now, CHANGES_WINDOW_MONTHS):
        return "'since' must be within the last 6 months; pass 'to' to read an older window of up to 6 months"
    if to is not None and since < months_before(to, CHANGES_WINDOW_MONTHS):
        return "The window between 'since' and 'to' must not exceed 6 months"
    return None


@router.get("/timeoff/requests/changes")
async def changes(ctx: CtxDep) -> JSONResponse:
    ctx.require(perms.WHOS_OUT)
    start = query_datetime(required(ctx, "since"), "since")
    to = ctx.request.query_params.get("to")
    end = query_datetime(to, "to") if to else None
    problem = window_error(start, end, dt.datetime.now())
    if problem:
        raise bad_request(problem)
    pending, private = sees_pending(ctx), ctx.grants.has(perms.WHOS_OUT_PRIVATE)
    found = []
    for change in ctx.company.changes:
        if change.at <= start or (end is not None and change.at > end):
            continue
        if change.change_type == "Pending" and not pending:
            continue
        if not private and timeoff.visibility(ctx.company, change.request) == "Private":
            continue
        employee = ctx.company.employees.get(change.request.employee_id)
        if employee is not None and ctx.grants.sees(employee.lifecycle_status):
            found.append(change)
    found.sort(key=lambda c: c.at)
    # Six months of a big company is a large page: skip FastAPI's per-value encoder (values are plain JSON).
    return JSONResponse({"changes": [timeoff.change_json(ctx.company, c) for c in found]})
