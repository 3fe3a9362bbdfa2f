"""Changing an employee: profile fields in one `PUT /people/{id}`, the rest through their own endpoints.

HiBob refuses table fields in `PUT /people/{id}` (hibob-api-notes.md §5.4): work fields (title,
department, site, manager) and employment become new rows from `effective_date`, compensation a new
salary row. The email and the start date have dedicated endpoints.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from bobhub.errors import BadRequest
from bobhub.hibob import HiBobClient
from bobhub.hibob.models import TableEntry
from bobhub.hibob.resources.tables import Table
from bobhub.writeback.base import Observed, Write
from bobhub.writeback.calls import HiBobCall, hibob_path
from bobhub.writeback.employees import valid_email
from bobhub.writeback.inputs import EmployeeUpdate, EmploymentInput
from bobhub.writeback.metadata import Metadata, Value, iso_date
from bobhub.writeback.people import (
    TOP_LEVEL,
    WORK_FIELDS,
    Change,
    field_changes,
    nested_body,
    read_employee,
    unconfirmed,
    unified,
)
from bobhub.writeback.rows import (
    EMPLOYMENT_CARRIED,
    NewRow,
    carried,
    current_row,
    manager_ref,
    read_rows,
    row_records,
    salary_row,
)

# Unified employment field → the employment table's column and the employee field naming its list.
EMPLOYMENT = {
    "contract": ("contract", "payroll.employment.contract"),
    "employment_type": ("type", "payroll.employment.type"),
    "pay_type": ("salaryPayType", "payroll.employment.salaryPayType"),
    "fte": ("fte", None),
    "weekly_hours": ("weeklyHours", None),
}
WORK_COLUMNS = ("title", "department", "siteId", "site", "reportsTo")


class UpdateEmployee(Write):
    """Any mix of profile fields, email, start date, a work row, an employment row and a salary row."""

    action = "employees.update"

    def __init__(self, meta: Metadata, employee_id: str, data: EmployeeUpdate) -> None:
        self.meta, self.employee_id = meta, employee_id
        given = data.model_dump(exclude_unset=True)
        for key in ("effective_date", "change_reason", "employment", "compensation"):
            given.pop(key, None)
        work = {k: given.pop(k) for k in WORK_FIELDS if k in given}
        email, start = given.pop("work_email", None), given.pop("start_date", None)
        self.changes = field_changes(meta, given, by_label=False)
        historical = [c.name for c in self.changes if meta.fields[c.field_id].historical]
        if historical:
            raise BadRequest(f"{historical[0]}: a work or employment field; set it with effective_date")
        self.email = (
            Change("work_email", TOP_LEVEL["work_email"], _same_value(valid_email(email))) if email else None
        )
        self.start = (
            Change("start_date", TOP_LEVEL["start_date"], _same_value(iso_date(start, "start_date")))
            if start
            else None
        )
        self.effective, self.reason = data.effective_date, data.change_reason
        self.work = {name: self._work_value(name, value) for name, value in work.items()}
        self.employment = self._employment(data.employment)
        comp = data.compensation
        needs_date = bool(self.work or self.employment) or (comp is not None and comp.effective_date is None)
        if needs_date and self.effective is None:
            raise BadRequest("effective_date: required for work, employment and compensation changes")
        self.salary = salary_row(comp, comp.effective_date or self._effective()) if comp else None
        self.rows: list[NewRow] = []
        if not (self.changes or self.email or self.start or self.work or self.employment or self.salary):
            raise BadRequest("the body changes nothing")

    def _effective(self) -> dt.date:
        assert self.effective is not None
        return self.effective

    def _work_value(self, name: str, value: Any) -> Any:
        if value is None:
            return None
        if name == "location":
            return self.meta.site(value, name).id
        if name == "manager_remote_id":
            return str(value)
        return self.meta.convert(TOP_LEVEL[name], value, name, by_label=False).sent

    def _employment(self, given: EmploymentInput | None) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for name, value in (given.model_dump(exclude_unset=True) if given else {}).items():
            column, field_id = EMPLOYMENT[name]
            label = f"employment.{name}"
            found[column] = (
                self.meta.convert(field_id, value, label, by_label=False).sent if field_id else value
            )
        return found

    @property
    def target(self) -> str:
        return f"employees/{self.employee_id}"

    @property
    def fields(self) -> list[str]:
        names = [c.name for c in self.changes] + [c.name for c in (self.email, self.start) if c]
        return names + [name for row in self.rows for name in row.checks]

    async def prepare(self, client: HiBobClient) -> None:
        today = dt.date.today()
        self.rows = []
        if self.work:
            current = current_row(await client.tables.list("work", self.employee_id), today)
            self.rows.append(self._work_row(current))
        if self.employment:
            current = current_row(await client.tables.list("employment", self.employee_id), today)
            columns = {**carried(current, EMPLOYMENT_CARRIED), **self.employment}
            checks = {f"employment.{n}": {EMPLOYMENT[n][0]: v} for n, v in self._employment_given().items()}
            self.rows.append(NewRow("employment", self._dated(columns), checks))
        if self.salary is not None:
            self.rows.append(self.salary)

    def _employment_given(self) -> dict[str, Any]:
        by_column = {column: name for name, (column, _) in EMPLOYMENT.items()}
        return {by_column[column]: value for column, value in self.employment.items()}

    def _dated(self, columns: dict[str, Any]) -> dict[str, Any]:
        dated = {"effectiveDate": self._effective().isoformat(), **columns}
        return {**dated, "reason": self.reason} if self.reason else dated

    def _work_row(self, current: TableEntry | None) -> NewRow:
        columns = carried(current, WORK_COLUMNS)
        columns["reportsTo"] = manager_ref(columns.get("reportsTo"))
        keys = {"job_title": "title", "department": "department", "manager_remote_id": "reportsTo"}
        checks: dict[str, dict[str, Any]] = {}
        for name, value in self.work.items():
            if name == "location":
                columns.pop("site", None)  # the new site id decides; a stale name must not contradict it
                columns["siteId"] = int(value) if str(value).isdigit() else value
                checks[name] = {"siteId": value}
                continue
            columns[keys[name]] = manager_ref(value) if name == "manager_remote_id" else value
            checks[name] = {keys[name]: value}
        return NewRow("work", self._dated({k: v for k, v in columns.items() if v is not None}), checks)

    def preview(self) -> list[HiBobCall]:
        calls = []
        if self.changes:
            calls.append(self._people_call())
        if self.email is not None:
            calls.append(self._email_call(self.email.value.sent))
        if self.start is not None:
            calls.append(self._start_call(self.start.value.sent))
        return calls + [row.call(self.employee_id) for row in self.rows]

    def _people_call(self) -> HiBobCall:
        body = nested_body(self.meta, self.changes)

        async def send(client: HiBobClient) -> Any:
            return await client.people.update(self.employee_id, body)

        path = hibob_path("/people/{identifier}", identifier=self.employee_id)
        return HiBobCall("PUT", path, body, send, tuple(c.name for c in self.changes))

    def _email_call(self, email: str) -> HiBobCall:
        async def send(client: HiBobClient) -> Any:
            return await client.people.change_email(self.employee_id, email)

        path = hibob_path("/people/{id}/email", id=self.employee_id)
        return HiBobCall("PUT", path, {"email": email}, send, ("work_email",))

    def _start_call(self, start: str) -> HiBobCall:
        async def send(client: HiBobClient) -> Any:
            return await client.people.set_start_date(self.employee_id, start)

        path = hibob_path("/employees/{employeeId}/start-date", employeeId=self.employee_id)
        return HiBobCall("POST", path, {"startDate": start}, send, ("start_date",))

    async def observe(self, client: HiBobClient) -> Observed:
        employee = await read_employee(client, self.meta, self.employee_id)
        result = unified(self.meta, employee)
        person = self.changes + [c for c in (self.email, self.start) if c]
        observed = Observed(result, [result], unconfirmed(employee, person))
        for row in self.rows:
            table: Table = row.table
            rows = await read_rows(client, table, self.employee_id)
            observed.records += row_records(table, self.employee_id, rows)
            observed.unconfirmed += row.unconfirmed(rows)
        return observed


def _same_value(value: str) -> Value:
    return Value(value, value)
