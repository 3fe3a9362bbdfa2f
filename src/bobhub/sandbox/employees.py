"""What the people routes share: who a service user can see, how write bodies map to fields, and writes.

Write bodies name fields either nested by jsonPath (`{"work": {"department": ...}}`, as search returns
them) or by flat dot id (`{"root.firstName": "X"}`, as HiBob's own MCP server sends); both are accepted.
Creates take list *values* (names) and updates take list item *ids* (hibob-api-notes §5.3).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeGuard

from bobhub.sandbox.app import Ctx
from bobhub.sandbox.errors import bad_request, not_found
from bobhub.sandbox.generation.values import tenure
from bobhub.sandbox.history import settle
from bobhub.sandbox.model import EMPLOYED, HIRED, INACTIVE_STATUSES, Company, Employee, FieldDef
from bobhub.sandbox.render import PeopleState, Values, people_state

REQUIRED_ON_CREATE = ("root.firstName", "root.surname", "root.email", "work.site", "work.startDate")
INTEGER_ITEM_IDS = frozenset({"work.siteId"})  # HiBob serialises site ids as numbers
CHANGED_BY = "API service user"
EMPLOYMENT_COLUMNS = ("type", "contract", "salaryPayType", "fte", "weeklyHours", "flsaCode")


def state_of(ctx: Ctx) -> PeopleState:
    return people_state(ctx.request.app.state)


def sees_people(ctx: Ctx) -> bool:
    """Without "View selected employees' Basic info sections" HiBob surfaces nobody."""
    return ctx.grants.in_group and ctx.grants.can_view(ctx.company.categories["root"].display_name)


def in_audience(ctx: Ctx, values: Values) -> bool:
    return (values.get("internal.lifecycleStatus") or EMPLOYED) in ctx.grants.audience


def visible(ctx: Ctx, identifier: str, *, lag: bool = False) -> tuple[Employee, Values, int]:
    """The employee (by id or email) as this service user sees it; 404 when unknown or out of reach."""
    employee = ctx.company.employee(identifier)
    seen = None
    if employee is not None and sees_people(ctx):
        seconds = ctx.sandbox.faults.lag_seconds(ctx.user.id) if lag else 0.0
        seen = state_of(ctx).view(ctx.company, employee, seconds)
    if employee is None or seen is None or not in_audience(ctx, seen[0]):
        raise not_found(f"Employee {identifier} not found")
    return employee, seen[0], seen[1]


def section(company: Company, category_id: str) -> str:
    return company.categories[category_id].display_name


def write(ctx: Ctx, employee: Employee, changes: Values, *, emit: bool = True) -> None:
    """Apply field changes (None clears), keep the pre-write snapshot for read lag, fire employee.updated."""
    state = state_of(ctx)
    state.remember(ctx.company, employee, employee.id)
    for field_id, value in changes.items():
        if value is None:
            employee.values.pop(field_id, None)
        else:
            employee.values[field_id] = value
    employee.touch()
    if {"root.displayName", "root.firstName", "root.surname"} & changes.keys():
        # Human-readable manager names of other employees show this name: their cached renders are stale.
        state.bump_metadata(ctx.company)
    if emit:
        data = {"employeeId": employee.id, "fieldUpdates": list(changes)}
        ctx.sandbox.webhooks.emit(ctx.company, "employee.updated", data)


def valid_email(email: Any) -> TypeGuard[str]:
    if not isinstance(email, str):
        return False
    local, at, domain = email.partition("@")
    return bool(local and at and "." in domain.strip(".") and " " not in email)


def iso_date(value: Any, name: str) -> str:
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise bad_request(f"{name} must be a date (YYYY-MM-DD)")


# -- bodies → field ids ----------------------------------------------------------------------------------


def field_values(company: Company, body: Any) -> Values:
    """Field id → value from a nested or flat body; 400 for anything that is not a field."""
    if not isinstance(body, dict) or not body:
        raise bad_request("The body must be a JSON object of employee fields")
    by_path = {f.json_path: f for f in company.fields.values()}
    found: Values = {}

    def walk(prefix: str, node: dict[str, Any]) -> None:
        for key, value in node.items():
            path = f"{prefix}.{key}" if prefix else key
            fd = by_path.get(path) or (company.fields.get(path) if not prefix else None)
            if fd is not None:
                found[fd.id] = value
            elif isinstance(value, dict) and value:
                walk(path, value)
            else:
                raise bad_request(f"Unknown field {path}")

    walk("", body)
    return found


def _item_id(company: Company, fd: FieldDef, value: Any, by_name: bool) -> Any:
    named = company.lists.get(fd.list_id or "")
    item = None
    if named is not None and isinstance(value, str | int) and not isinstance(value, bool):
        item = named.find_value(str(value)) if by_name else named.by_id.get(str(value))
    if item is None:
        wanted = "a value" if by_name else "an item id"
        raise bad_request(f"{fd.id}: '{value}' is not {wanted} of list {fd.list_id}")
    return int(item.id) if fd.id in INTEGER_ITEM_IDS else item.id


def _employee_ref(company: Company, fd: FieldDef, value: Any) -> str:
    other = company.employee(value) if isinstance(value, str) else None
    if other is None:
        raise bad_request(f"{fd.id}: unknown employee '{value}'")
    return other.id


def coerce(company: Company, fd: FieldDef, value: Any, *, by_name: bool = False) -> Any:
    """A body value checked against the field's type, in machine format; 400 when it does not fit."""
    kind = fd.type
    if value is None:
        return None
    if fd.id == "work.site":
        return _site(company, value).value
    if kind in ("list", "hierarchy-list"):
        return _item_id(company, fd, value, by_name)
    if kind == "multi-list":
        if not isinstance(value, list):
            raise bad_request(f"{fd.id} must be a list")
        return [_item_id(company, fd, v, by_name) for v in value]
    if kind == "date":
        return iso_date(value, fd.id)
    if kind == "employee-reference":
        return _employee_ref(company, fd, value)
    checks = {
        "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool),
        "currency": lambda v: (
            isinstance(v, dict)
            and isinstance(v.get("value"), int | float)
            and isinstance(v.get("currency"), str)
        ),
        "text": lambda v: isinstance(v, str),
        "text-area": lambda v: isinstance(v, str),
    }
    if kind in checks and not checks[kind](value):
        raise bad_request(f"{fd.id}: {value!r} is not a valid {kind} value")
    return value


def _site(company: Company, value: Any) -> Any:
    named = company.lists.get("site")
    item = named.find_value(value) if named is not None and isinstance(value, str) else None
    if item is None:
        raise bad_request(f"work.site: unknown site '{value}'")
    return item


# -- new employees ----------------------------------------------------------------------------------------


def new_employee_values(company: Company, employee_id: str, given: Values) -> Values:
    """A created employee's fields: the body's (list values resolved to ids) plus what HiBob derives."""
    missing = [f for f in REQUIRED_ON_CREATE if given.get(f) in (None, "")]
    if missing:
        raise bad_request(f"Missing required field(s): {', '.join(missing)}")
    calculated = [f for f in given if company.fields[f].calculated]
    if calculated:
        raise bad_request(f"Calculated field(s) cannot be set: {', '.join(calculated)}")
    email = given["root.email"]
    if not valid_email(email):
        raise bad_request("root.email must be a valid email address")
    if email.lower() in company.by_email:
        raise bad_request(f"An employee with email {email} already exists")
    values = {f: coerce(company, company.fields[f], v, by_name=True) for f, v in given.items()}
    values = {f: v for f, v in values.items() if v is not None}
    values.update(_derived(company, employee_id, values))
    return values


def _derived(company: Company, employee_id: str, values: Values) -> Values:
    today = company.today
    start = dt.date.fromisoformat(values["work.startDate"])
    status = HIRED if start > today else EMPLOYED
    full = f"{values['root.firstName']} {values['root.surname']}"
    manager = company.employees.get(values.get("work.manager") or "")
    derived: Values = {
        "root.id": employee_id,
        "root.fullName": full,
        "root.displayName": values.get("root.displayName") or full,
        "root.creationDate": today.isoformat(),
        "root.companyId": company.id,
        "work.siteId": int(_site(company, values["work.site"]).id),
        "work.originalStartDate": values.get("work.originalStartDate") or start.isoformat(),
        "work.activeEffectiveDate": start.isoformat(),
        "work.isManager": False,
        "work.employeeIdInCompany": values.get("work.employeeIdInCompany") or _next_number(company),
        "payroll.employment.fte": values.get("payroll.employment.fte", 100),
        "payroll.employment.weeklyHours": values.get("payroll.employment.weeklyHours", 40.0),
        "internal.status": "Inactive" if status == HIRED else "Active",
        "internal.lifecycleStatus": status,
        "internal.currentActiveStatusStartDate": (today if status == HIRED else start).isoformat(),
    }
    if manager is not None:
        derived["work.reportsTo"] = reports_to(manager)
        derived["work.secondLevelManager"] = manager.values.get("work.manager")
    duration = tenure(start, today, today)
    if duration is not None:
        derived["work.tenureDuration"] = duration
    return {k: v for k, v in derived.items() if v is not None}


def reports_to(manager: Employee) -> Values:
    keys = ("id", "email", "firstName", "surname", "displayName")
    return {key: manager.values.get(f"root.{key}") for key in keys}


def _next_number(company: Company) -> int:
    numbers = (e.values.get("work.employeeIdInCompany") for e in company.employees.values())
    return max((n for n in numbers if isinstance(n, int)), default=0) + 1


def table_row(company: Company, effective: str, columns: Values, changed_by: str, reason: str) -> Values:
    """A history-table row with HiBob's bookkeeping columns (timeline settled by the caller)."""
    today = company.today.isoformat()
    return {
        "id": company.next_id(),
        "effectiveDate": effective,
        "endEffectiveDate": None,
        "activeEffectiveDate": effective,
        "isCurrent": True,
        "creationDate": today,
        "modificationDate": today,
        "canBeDeleted": True,
        "change": {"reason": reason, "changedBy": CHANGED_BY, "changedById": changed_by},
        "customColumns": {},
        **columns,
    }


def lifecycle_columns(company: Company, status: str, reason: str) -> Values:
    reasons = company.lists.get("lifecycleReasonType")
    item = reasons.find_value(reason) if reasons is not None else None
    return {
        "status": status.capitalize(),
        "employeeStatus": "Inactive" if status in INACTIVE_STATUSES else "Active",
        "reasonType": item.id if item else None,
        "leaveReason": None,
        "workChangeType": None,
    }


def new_tables(company: Company, values: Values, changed_by: str) -> dict[str, list[Values]]:
    """The first work, employment and lifecycle rows (and salary row when given) of a new employee."""

    def first(effective: str, columns: Values) -> list[Values]:
        return [table_row(company, effective, {**columns, "reason": "New hire"}, changed_by, "New hire")]

    start, status = values["work.startDate"], values["internal.lifecycleStatus"]
    work = {k: values.get(f"work.{k}") for k in ("title", "department", "site", "siteId", "reportsTo")}
    tables = {
        "work": first(start, {**work, "workChangeType": None}),
        "employment": first(start, {k: values.get(f"payroll.employment.{k}") for k in EMPLOYMENT_COLUMNS}),
        "lifecycle": first(
            values["internal.currentActiveStatusStartDate"], lifecycle_columns(company, status, "New hire")
        ),
        "salaries": [],
    }
    payment = values.get("payroll.salary.payment")
    if payment is not None:
        period = values.get("payroll.salary.payPeriod") or "Annual"
        tables["salaries"] = first(
            start, {"base": payment, "payPeriod": period, "payFrequency": "Monthly", "workChangeType": None}
        )
    for rows in tables.values():
        settle(rows, company.today)
    return tables
