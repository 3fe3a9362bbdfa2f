"""HiBob's Employee Tables: one employee's table rows, their writes, and the cursor-paginated bulk reads.

Historical tables need "... section histories" for all rows; "View ... sections" alone gets the current row
(hibob-api-notes.md §6.2), and bulk reads always need the histories (an assumption). After a write the
timeline (isCurrent, endEffectiveDate) is recomputed and the employee's current fields follow the current row.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
from typing import Any

from fastapi import Request, Response
from fastapi.responses import JSONResponse
from pydantic import RootModel

from bobhub.sandbox.app import Ctx, CtxDep, parse_body, v1_router
from bobhub.sandbox.employees import write
from bobhub.sandbox.errors import bad_request, forbidden, not_found
from bobhub.sandbox.history import settle
from bobhub.sandbox.model import HISTORICAL_TABLES, TABLE_CATEGORIES, Company, Employee
from bobhub.sandbox.render import mask

router = v1_router()

WRITABLE = ("work", "employment", "salaries", "variable", "equities", "training", "bank-accounts")
UPDATABLE = ("work", "employment", "equities", "bank-accounts")


def columns(names: str) -> tuple[str, ...]:
    return tuple(names.split())


# The out-of-the-box columns a write sets; a PUT clears the ones its body omits (HiBob overwrites rows).
COLUMNS: dict[str, tuple[str, ...]] = {
    "work": columns("effectiveDate title department site siteId reportsTo workChangeType reason"),
    "employment": columns("""effectiveDate contract type salaryPayType fte weeklyHours flsaCode calendarId
        calendarName personalWorkingPatternType actualWorkingPattern standardWorkingPattern
        standardWorkingPatternId workingPattern siteWorkingPattern hoursInDayNotWorked reason"""),
    "salaries": columns("effectiveDate base payPeriod payFrequency workChangeType reason"),
    "variable": columns("""effectiveDate endDate amount variableType paymentPeriod payoutType companyPercent
        departmentPercent individualPercent percentageOfAnnualSalary reason"""),
    "equities": columns("""effectiveDate quantity equityType vestingCommencementDate consentNumber
        grantDate optionExpiration exercisePrice vestingTerm grantType vestingSchedule grantNumber grantStatus
        reason"""),
    "training": columns("name description cost status frequency startDate endDate documentId"),
    "bank-accounts": columns("""bankAccountType routingNumber accountNickname accountNumber bankName
        branchAddress bicOrSwift iban allocation amount useForBonus"""),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "work": ("effectiveDate",),
    "employment": ("effectiveDate",),
    "salaries": ("effectiveDate", "base", "payPeriod"),
    "variable": ("effectiveDate", "amount", "variableType", "paymentPeriod"),
    "equities": ("quantity", "equityType"),
}
MONEY = ("base", "amount", "exercisePrice", "cost")
CHOICES = {"bankAccountType": ("Checking", "Savings"), "allocation": ("percent", "amount", "remaining")}
MASKED = ("accountNumber", "routingNumber", "iban")
# Employment and training columns hold list item ids; HiBob documents them by value, so values map to ids.
VALUE_LISTS = {
    "contract": "payrollEmploymentContract",
    "type": "payrollEmploymentType",
    "name": "TrainingName",
}
VALUE_LISTS |= {"salaryPayType": "salaryPayType", "flsaCode": "flsaCode"}
CHANGED_BY = "API service user"
EMPLOYMENT_FIELDS = ("type", "contract", "salaryPayType", "fte", "weeklyHours", "flsaCode")
BULK_MAX = 200  # employeeIds per request, and page size


def section(company: Company, table: str) -> str:
    return company.categories[TABLE_CATEGORIES[table]].display_name


def visible_employee(ctx: Ctx, employee_id: str) -> Employee:
    employee = ctx.company.employee(employee_id)
    if employee is None or not ctx.grants.sees(employee.lifecycle_status):
        raise not_found(f"Employee {employee_id} not found")
    return employee


def read_route(table: str) -> Any:
    async def read(ctx: CtxDep, id: str) -> dict[str, Any]:
        name = section(ctx.company, table)
        history = ctx.grants.can_view_history(name)
        if not history and not ctx.grants.can_view(name):
            raise forbidden(f"{name} > View selected employees' {name} sections")
        rows = rows_for(visible_employee(ctx, id), table, history or table not in HISTORICAL_TABLES)
        # Assumption: account numbers show in full only to groups that may also edit Financial data.
        if table == "bank-accounts" and not ctx.grants.can_edit(name):
            rows = [{**row, **{k: mask(row[k]) for k in MASKED if row.get(k)}} for row in rows]
        return {"values": rows}

    return read


def writable_employee(ctx: Ctx, table: str, employee_id: str) -> Employee:
    """403 without Edit on the table's section, checked before the employee and the body (as HiBob does)."""
    name = section(ctx.company, table)
    if not ctx.grants.can_edit(name):
        raise forbidden(f"{name} > Edit selected employees' {name} sections")
    return visible_employee(ctx, employee_id)


class Body(RootModel[dict[str, Any]]): ...  # any JSON object; `validated` checks the columns


def validated(company: Company, table: str, body: dict[str, Any]) -> dict[str, Any]:
    """The body's standard columns, validated: required ones, dates, money objects, choices, work lists."""
    missing = [c for c in REQUIRED.get(table, ()) if body.get(c) in (None, "")]
    if missing:
        raise bad_request(f"Missing required field(s): {', '.join(missing)}")
    columns = {c: body[c] for c in COLUMNS[table] if c in body}
    for column, value in columns.items():
        if value is None:
            continue
        if column.endswith("Date") or column == "optionExpiration":
            try:
                dt.date.fromisoformat(str(value))
            except ValueError as exc:
                raise bad_request(f"{column} must be a date (YYYY-MM-DD)") from exc
        money = column in MONEY and table != "bank-accounts"
        if money and not (isinstance(value, dict) and isinstance(value.get("value"), int | float)):
            raise bad_request(f"{column} must be an object {{value, currency}}")
        if column in VALUE_LISTS:
            named = company.lists.get(VALUE_LISTS[column])
            item = named.find_value(str(value)) if named and str(value) not in named.by_id else None
            columns[column] = item.id if item else value
        if column in CHOICES and value not in CHOICES[column]:
            raise bad_request(f"{column} must be one of {', '.join(CHOICES[column])}")
    if table == "work":
        check_work(company, columns)
    return columns


def list_item(company: Company, list_name: str, item_id: Any, column: str) -> Any:
    named = company.lists.get(list_name)
    item = named.by_id.get(str(item_id)) if named else None
    if item is None:
        raise bad_request(f"{column}: unknown {list_name} list item id '{item_id}'")
    return item


def check_work(company: Company, columns: dict[str, Any]) -> None:
    """Work rows take list ids for title/department, a site by name or id, and a manager by id or email."""
    for column in ("title", "department"):
        if columns.get(column) is not None:
            list_item(company, column, columns[column], column)
    if columns.get("siteId") is not None:
        columns["site"] = list_item(company, "site", columns["siteId"], "siteId").value
    elif columns.get("site"):
        found = company.lists["site"].find_value(str(columns["site"]))
        if found is None:
            raise bad_request(f"site: unknown site '{columns['site']}'")
        columns["siteId"] = int(found.id)
    else:
        raise bad_request("A work entry needs site or siteId")
    manager_ref = columns.get("reportsTo")
    if manager_ref is not None:
        ref_id = manager_ref.get("id") if isinstance(manager_ref, dict) else None
        manager = company.employee(str(ref_id)) if ref_id else None
        if manager is None:
            raise bad_request(f"reportsTo: unknown employee '{ref_id}'")
        keys = ("id", "email", "firstName", "surname", "displayName")
        columns["reportsTo"] = {key: manager.values.get(f"root.{key}") for key in keys}


def stamp(ctx: Ctx, table: str, row: dict[str, Any], body: dict[str, Any], keep_custom: bool = False) -> None:
    """Bookkeeping columns in the shape each table's rows have (bank accounts only name the editor)."""
    if "customColumns" in body or not (keep_custom or table == "bank-accounts"):
        row["customColumns"] = body.get("customColumns") or {}
    if table == "bank-accounts":
        row["changedBy"] = ctx.user.id
        return
    row["modificationDate"] = ctx.company.today.isoformat()
    row.setdefault("creationDate", row["modificationDate"])
    if table not in ("equities", "training"):
        row["change"] = {"reason": body.get("reason"), "changedBy": CHANGED_BY, "changedById": ctx.user.id}


def current_fields(company: Company, employee: Employee, table: str, row: dict[str, Any]) -> dict[str, Any]:
    """The employee fields HiBob derives from a historical table's current row."""
    if table == "work":
        manager_id = (row.get("reportsTo") or {}).get("id")
        manager = company.employees.get(manager_id) if manager_id else None
        keys = ("title", "department", "site", "siteId", "reportsTo")
        fields = {f"work.{key}": row.get(key) for key in keys}
        fields["work.manager"], fields["work.activeEffectiveDate"] = manager_id, row.get("effectiveDate")
        fields["work.secondLevelManager"] = manager.values.get("work.manager") if manager else None
        return fields
    if table == "employment":
        return {f"payroll.employment.{key}": row.get(key) for key in EMPLOYMENT_FIELDS}
    base = row.get("base") or {}
    hours = float(employee.values.get("payroll.employment.weeklyHours") or 40) * 52
    yearly = {**base, "value": base["value"] * hours} if base and row.get("payPeriod") == "Hourly" else base
    fields = {"payment": row.get("base"), "yearlyPayment": yearly or None, "payPeriod": row.get("payPeriod")}
    return {f"payroll.salary.{key}": value for key, value in fields.items()}


def after_write(
    ctx: Ctx, employee: Employee, table: str, row: dict[str, Any] | None, event: str | None
) -> None:
    """Settle the timeline, refresh the employee's current fields, and fire the table webhook."""
    if table in HISTORICAL_TABLES:
        rows = employee.tables.get(table, [])
        settle(rows, ctx.company.today)
        current = next((r for r in rows if r.get("isCurrent")), None)
        fields = current_fields(ctx.company, employee, table, current) if current else {}
        changes = {k: v for k, v in fields.items() if employee.values.get(k) != v}
        if changes:
            write(ctx, employee, changes)  # touches the employee and fires employee.updated
    employee.touch()
    if event is None or row is None:
        return
    key = "effectiveDate" if table in HISTORICAL_TABLES else "id"
    data = {"employeeId": employee.id, "tableId": table, key: row.get(key)}
    ctx.sandbox.webhooks.emit(ctx.company, event, data)


def entry(employee: Employee, table: str, entry_id: int) -> dict[str, Any]:
    found = next((r for r in employee.tables.get(table, []) if r.get("id") == entry_id), None)
    if found is None:
        raise not_found(f"Entry {entry_id} not found in the {table} table of employee {employee.id}")
    return found


def create_route(table: str) -> Any:
    async def create(ctx: CtxDep, id: str, request: Request) -> dict[str, Any]:
        employee = writable_employee(ctx, table, id)
        body = (await parse_body(request, Body)).root
        row: dict[str, Any] = {"id": ctx.company.next_id(), **validated(ctx.company, table, body)}
        if table == "variable":
            row |= {"endEffectiveDate": None, "isCurrent": True, "canBeDeleted": True}
        stamp(ctx, table, row, body)
        employee.tables.setdefault(table, []).append(row)
        after_write(ctx, employee, table, row, "table.entry.created")
        # HiBob answers 200 without a documented body; the sandbox returns the new entry id (an assumption).
        return {"id": row["id"]}

    return create


def update_route(table: str) -> Any:
    async def update(ctx: CtxDep, id: str, entry_id: int, request: Request) -> Response:
        employee = writable_employee(ctx, table, id)
        row = entry(employee, table, entry_id)
        body = (await parse_body(request, Body)).root
        patch = table == "work" and ctx.request.query_params.get("patchUpdate", "").lower() == "true"
        if patch:
            # Legacy ?patchUpdate=true keeps the columns the body omits; a new site replaces both site keys.
            kept = {c: row.get(c) for c in COLUMNS[table] if c not in body}
            if "site" in body or "siteId" in body:
                kept = {c: v for c, v in kept.items() if c not in ("site", "siteId")}
            body = {**kept, **body}
        columns = validated(ctx.company, table, body)
        for column in COLUMNS[table]:
            row[column] = columns.get(column)
        # HiBob keeps the custom columns a bank-account PUT omits, but overwrites the rest of an entry.
        stamp(ctx, table, row, body, keep_custom=patch)
        after_write(ctx, employee, table, row, "table.entry.updated")
        return Response(status_code=200)

    return update


def delete_route(table: str) -> Any:
    async def delete(ctx: CtxDep, id: str, entry_id: int) -> Response:
        employee = writable_employee(ctx, table, id)
        row = entry(employee, table, entry_id)
        if row.get("canBeDeleted") is False:
            raise bad_request(f"Entry {entry_id} is the first {table} entry and cannot be deleted")
        employee.tables[table].remove(row)
        # HiBob fires no webhook when an entry is deleted.
        after_write(ctx, employee, table, None, None)
        return Response(status_code=200)

    return delete


def bulk_limit(raw: str | None) -> int:
    limit = int(raw) if raw and raw.strip().isdigit() else (50 if not raw else 0)  # HiBob defaults to 50
    if not 1 <= limit <= BULK_MAX:
        raise bad_request(f"limit must be an integer between 1 and {BULK_MAX}")
    return limit


def fingerprint(ctx: Ctx, table: str, ids: list[str] | None) -> str:
    """Ties a cursor to the filters it was made for: HiBob requires identical filters on every page."""
    archived = ctx.request.query_params.get("includeArchived", "")
    key = f"{ctx.company.id}|{table}|{','.join(ids or [])}|{archived.lower()}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def decode_cursor(cursor: str, expected: str) -> int:
    try:
        offset, _, mark = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        position = int(offset)
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise bad_request("Invalid cursor") from exc
    if mark != expected or position < 0:
        raise bad_request("The cursor does not belong to this request; reuse the same filters on every page")
    return position


def requested_ids(raw: str | None) -> list[str] | None:
    if raw is None:
        return None
    ids = list(dict.fromkeys(part.strip() for part in raw.split(",") if part.strip()))
    if len(ids) > BULK_MAX:
        raise bad_request(f"employeeIds accepts at most {BULK_MAX} ids")
    return ids


def id_errors(ctx: Ctx, ids: list[str]) -> list[dict[str, Any]]:
    """Requested employees the service user cannot read: unknown ones and those outside its audience."""
    errors = []
    for employee_id in ids:
        employee = ctx.company.employees.get(employee_id)
        # Unknown ids get the same error as inaccessible ones: HiBob never reveals who exists.
        if employee is None or not ctx.grants.sees(employee.lifecycle_status):
            message = f"You don't have permission to access data for employees with ids: {employee_id}"
            errors.append({"employeeId": employee_id, "error": "MISSING_PERMISSION", "message": message})
    return errors


def bulk_route(table: str) -> Any:
    async def bulk(ctx: CtxDep) -> JSONResponse:
        name = section(ctx.company, table)
        # HiBob (get_bulk-people-work, 2026-05): section histories give every row, "View ... sections"
        # alone gives the current effective row only, neither is a 403.
        history = ctx.grants.can_view_history(name)
        if not history and not ctx.grants.can_view(name):
            raise forbidden(f"{name} > View selected employees' {name} sections")
        query = ctx.request.query_params
        limit = bulk_limit(query.get("limit"))
        ids = requested_ids(query.get("employeeIds"))
        mark = fingerprint(ctx, table, ids)
        cursor = query.get("cursor")
        offset = decode_cursor(cursor, mark) if cursor else 0
        # Pages walk a stable order (the requested ids, or employees in creation order), so hires and
        # status changes between pages never shift the offset of people not yet served.
        candidates = ids if ids is not None else list(ctx.company.employees)
        page, offset = visible_slice(ctx, candidates, offset, limit)
        token = base64.urlsafe_b64encode(f"{offset}:{mark}".encode()).decode()
        following = token if offset < len(candidates) else None
        # A JSONResponse skips FastAPI's per-value encoder: rows are plain JSON already, and pages are big.
        return JSONResponse(
            {
                "results": [{"employeeId": e.id, "values": rows_for(e, table, history)} for e in page],
                "response_metadata": {"next_cursor": following},
                "errors": id_errors(ctx, ids) if ids is not None and not cursor else [],  # first page only
            }
        )

    return bulk


def rows_for(employee: Employee, table: str, history: bool) -> list[dict[str, Any]]:
    rows = employee.tables.get(table, [])
    return rows if history else [row for row in rows if row.get("isCurrent")]


def visible_slice(ctx: Ctx, candidates: list[str], offset: int, limit: int) -> tuple[list[Employee], int]:
    """Up to `limit` accessible employees from `offset`, and the offset after them (past trailing misses)."""
    page: list[Employee] = []
    while offset < len(candidates):
        employee = ctx.company.employees.get(candidates[offset])
        if employee is not None and ctx.grants.sees(employee.lifecycle_status):
            if len(page) == limit:
                break
            page.append(employee)
        offset += 1
    return page, offset


# One route per table and verb, so each has its own path template (and its own rate-limit counter).
for _method, _tables, _path, _factory in (
    ("GET", TABLE_CATEGORIES, "/people/{id}/%s", read_route),
    ("POST", WRITABLE, "/people/{id}/%s", create_route),
    ("PUT", UPDATABLE, "/people/{id}/%s/{entry_id}", update_route),
    ("DELETE", WRITABLE, "/people/{id}/%s/{entry_id}", delete_route),
    ("GET", HISTORICAL_TABLES, "/bulk/people/%s", bulk_route),
):
    for _table in _tables:
        router.add_api_route(_path % _table, _factory(_table), methods=[_method])
