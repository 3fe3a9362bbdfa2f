"""Lifecycle actions on one employee: terminate, revoke or send the Bob invitation, set the start date.

Mounted through the people router. Each action needs Edit on the section it changes (Lifecycle, or Work
for the start date), checked before the employee and the body, as HiBob does on writes.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from fastapi import Request
from fastapi.responses import Response
from pydantic import BaseModel, Field, StrictInt, StrictStr

from bobhub.sandbox.app import Ctx, CtxDep, parse_body, v1_router
from bobhub.sandbox.employees import lifecycle_columns, section, table_row, visible, write
from bobhub.sandbox.errors import bad_request, forbidden
from bobhub.sandbox.history import settle
from bobhub.sandbox.model import GARDEN_LEAVE, TERMINATED, Company
from bobhub.sandbox.routes.metadata import WIZARDS

router = v1_router()


class NoticePeriod(BaseModel):
    unit: Literal["days", "weeks", "month", "years"]
    length: StrictInt = Field(ge=0)


class Termination(BaseModel):
    terminationDate: dt.date
    terminationReason: StrictStr | None = None
    reasonType: StrictStr | None = None
    noticePeriod: NoticePeriod | None = None
    lastDayOfWork: dt.date | None = None


class Invitation(BaseModel):
    welcomeWizardId: StrictInt


class StartDate(BaseModel):
    startDate: dt.date
    reason: StrictStr | None = None


def require_edit(ctx: Ctx, category_id: str) -> None:
    name = section(ctx.company, category_id)
    if not ctx.grants.can_edit(name):
        raise forbidden(f"{name} > Edit selected employees' {name} sections")


def check_item(company: Company, list_name: str, item_id: str | None, name: str) -> None:
    named = company.lists.get(list_name)
    if item_id is not None and (named is None or item_id not in named.by_id):
        raise bad_request(f"{name}: '{item_id}' is not an item id of list {list_name}")


def check_termination(company: Company, spec: Termination, start: object) -> None:
    check_item(company, "terminationReason", spec.terminationReason, "terminationReason")
    check_item(company, "lifecycleReasonType", spec.reasonType, "reasonType")
    if spec.lastDayOfWork is not None and spec.lastDayOfWork > spec.terminationDate:
        raise bad_request("lastDayOfWork must not be after terminationDate")
    if isinstance(start, str) and spec.terminationDate.isoformat() < start:
        raise bad_request("terminationDate must not be before the start date")


@router.post("/employees/{identifier}/terminate")
async def terminate(identifier: str, request: Request, ctx: CtxDep) -> Response:
    require_edit(ctx, "internal")
    employee, _, _ = visible(ctx, identifier)
    spec = await parse_body(request, Termination)
    company = ctx.company
    if employee.lifecycle_status == TERMINATED:
        raise bad_request(f"Employee {identifier} is already terminated")
    check_termination(company, spec, employee.values.get("work.startDate"))
    rows = employee.tables.setdefault("lifecycle", [])
    last_day = spec.lastDayOfWork
    if last_day is not None and last_day < spec.terminationDate:
        # Between the last day of work and the termination date the employee is on garden leave.
        garden = lifecycle_columns(company, GARDEN_LEAVE, "Notice period")
        rows.append(table_row(company, (last_day + dt.timedelta(days=1)).isoformat(), garden, ctx.user.id,
                              "Notice period"))  # fmt: skip
    ending = {**lifecycle_columns(company, TERMINATED, ""), "reasonType": spec.reasonType}
    rows.append(table_row(company, spec.terminationDate.isoformat(), ending, ctx.user.id, "Termination"))
    settle(rows, company.today)
    current = next(r for r in rows if r["isCurrent"])
    notice = spec.noticePeriod
    changes = {
        "internal.terminationDate": spec.terminationDate.isoformat(),
        "internal.terminationReason": spec.terminationReason,
        "internal.notice": f"{notice.length} {notice.unit}" if notice else None,
        "internal.lifecycleStatus": str(current["status"]).lower(),
        "internal.status": current["employeeStatus"],
        "internal.currentActiveStatusStartDate": current["effectiveDate"],
    }
    changes = {k: v for k, v in changes.items() if v is not None and employee.values.get(k) != v}
    write(ctx, employee, changes, emit=False)
    # HiBob fires employee.left when the termination takes effect; a future one is only an update now.
    if employee.lifecycle_status == TERMINATED:
        ctx.sandbox.webhooks.emit(company, "employee.left", {"employeeId": employee.id})
    else:
        data = {"employeeId": employee.id, "fieldUpdates": list(changes)}
        ctx.sandbox.webhooks.emit(company, "employee.updated", data)
    return Response(status_code=200)


@router.post("/employees/{identifier}/uninvite")
async def uninvite(identifier: str, ctx: CtxDep) -> Response:
    # Access to Bob itself is not modelled: revoking it changes no employee data the API serves.
    require_edit(ctx, "internal")
    visible(ctx, identifier)
    return Response(status_code=200)


@router.post("/employees/{employeeId}/invitations")
async def invite(employeeId: str, request: Request, ctx: CtxDep) -> Response:
    require_edit(ctx, "internal")
    employee, _, _ = visible(ctx, employeeId)
    spec = await parse_body(request, Invitation)
    if spec.welcomeWizardId not in {w["id"] for w in WIZARDS}:
        raise bad_request(f"Unknown welcome wizard {spec.welcomeWizardId}")
    if employee.lifecycle_status == TERMINATED:
        raise bad_request(f"Employee {employeeId} is terminated and cannot be invited")
    return Response(status_code=200)


@router.post("/employees/{employeeId}/start-date")
async def set_start_date(employeeId: str, request: Request, ctx: CtxDep) -> Response:
    require_edit(ctx, "work")
    employee, _, _ = visible(ctx, employeeId)
    spec = await parse_body(request, StartDate)
    start = spec.startDate.isoformat()
    if employee.values.get("work.startDate") != start:
        write(ctx, employee, {"work.startDate": start})
    return Response(status_code=200)
