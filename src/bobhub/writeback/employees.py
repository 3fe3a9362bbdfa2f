"""Creating an employee: `POST /people` with list names, then one base-salary row for the new id.

HiBob's create takes list *names* (site "London", department "Engineering") and any field of the
metadata; it accepts one compensation only after the employee exists (hibob-api-notes.md §11.2), so the
salary row is a second request once HiBob has answered with the new id.
"""

from __future__ import annotations

import functools
from typing import Any

from bobhub.errors import BadRequest
from bobhub.hibob import HiBobClient, UnexpectedResponse
from bobhub.writeback.base import Observed, Write
from bobhub.writeback.calls import HiBobCall, Sender, hibob_path, poll
from bobhub.writeback.inputs import EmployeeCreate
from bobhub.writeback.metadata import Metadata
from bobhub.writeback.people import field_changes, nested_body, read_employee, unconfirmed, unified
from bobhub.writeback.rows import NewRow, read_rows, row_records, salary_row

NEW_ID = "{new employee id}"  # how a dry run shows the id HiBob has not assigned yet


def valid_email(email: str) -> str:
    local, at, domain = email.strip().partition("@")
    if not (local and at and "." in domain.strip(".")) or " " in email.strip():
        raise BadRequest("work_email: not an email address")
    return email.strip()


class CreateEmployee(Write):
    """A new employee, and its first base-salary row when `compensation` is given."""

    action = "employees.create"

    def __init__(self, meta: Metadata, data: EmployeeCreate) -> None:
        self.meta = meta
        self.email = valid_email(data.work_email)
        given = data.model_dump(exclude_none=True, exclude={"compensation"})
        self.changes = field_changes(meta, given, by_label=True)
        comp = data.compensation
        self.salary: NewRow | None = (
            salary_row(comp, comp.effective_date or data.start_date) if comp is not None else None
        )
        self.employee_id: str | None = None

    @property
    def target(self) -> str:
        return f"employees/{self.employee_id or 'new'}"

    @property
    def fields(self) -> list[str]:
        return [c.name for c in self.changes] + (list(self.salary.checks) if self.salary else [])

    def create_call(self) -> HiBobCall:
        body = nested_body(self.meta, self.changes)

        async def send(client: HiBobClient) -> Any:
            return (await client.people.create(body)).id or None

        return HiBobCall("POST", hibob_path("/people"), body, send, tuple(c.name for c in self.changes))

    def preview(self) -> list[HiBobCall]:
        calls = [self.create_call()]
        if self.salary is not None:
            calls.append(self.salary.call(self.employee_id or NEW_ID))
        return calls

    async def perform(self, sender: Sender) -> None:
        # Without HiBob's id in the answer (lost, or not sent), the new employee is found by email.
        created = await sender.send(self.create_call(), self.find_by_email)
        if not created:
            created = await poll(lambda: self.find_by_email(sender.client), sender.deadline)
        if not created:
            raise UnexpectedResponse("HiBob answered the create without the new id", status_code=200)
        self.employee_id = str(created)
        if self.salary is not None:
            call = self.salary.call(self.employee_id)
            await sender.send(call, functools.partial(self.confirmed, call=call))

    async def find_by_email(self, client: HiBobClient) -> str | None:
        found = await client.people.search(fields=["root.id"], show_inactive=True, emails=[self.email])
        return found[0].id if found else None

    async def observe(self, client: HiBobClient) -> Observed:
        assert self.employee_id is not None
        employee = await read_employee(client, self.meta, self.employee_id)
        result = unified(self.meta, employee)
        observed = Observed(result, [result], unconfirmed(employee, self.changes))
        observed.records += row_records(
            "work", self.employee_id, await read_rows(client, "work", self.employee_id)
        )
        if self.salary is not None:
            rows = await read_rows(client, "salaries", self.employee_id)
            observed.records += row_records("salaries", self.employee_id, rows)
            observed.unconfirmed += self.salary.unconfirmed(rows)
        return observed
