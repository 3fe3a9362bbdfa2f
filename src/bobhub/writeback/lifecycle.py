"""Terminating an employee: `POST /employees/{id}/terminate` with list ids for the reasons.

Read-back checks the employee's termination date and reason. Once a termination is in effect, a
service user whose audience leaves out Terminated no longer sees the employee: the write then stays
"unconfirmed" although HiBob applied it.
"""

from __future__ import annotations

from typing import Any

from bobhub.hibob import HiBobClient
from bobhub.hibob.resources._base import drop_none
from bobhub.writeback.base import Observed, Write
from bobhub.writeback.calls import HiBobCall, hibob_path
from bobhub.writeback.inputs import Termination
from bobhub.writeback.metadata import Metadata, Value
from bobhub.writeback.people import Change, read_employee, unconfirmed, unified
from bobhub.writeback.rows import read_rows, row_records

REASON_TYPES = "lifecycleReasonType"  # HiBob's list of lifecycle reasons (no employee field names it)


class TerminateEmployee(Write):
    """A termination on a date, with optional reasons, notice period and last day of work."""

    action = "employees.terminate"

    def __init__(self, meta: Metadata, employee_id: str, data: Termination) -> None:
        self.meta, self.employee_id = meta, employee_id
        date = data.termination_date.isoformat()
        self.checks = [Change("termination_date", "internal.terminationDate", Value(date, date))]
        reason = None
        if data.termination_reason is not None:
            value = meta.convert(
                "internal.terminationReason", data.termination_reason, "termination_reason", by_label=False
            )
            reason = value.sent
            self.checks.append(Change("termination_reason", "internal.terminationReason", value))
        reason_type = (
            meta.item(REASON_TYPES, data.reason_type, "reason_type").id if data.reason_type else None
        )
        notice = data.notice_period.model_dump() if data.notice_period else None
        last_day = data.last_day_of_work.isoformat() if data.last_day_of_work else None
        # The same keys, in the same way, as HiBobClient.people.terminate builds its body.
        self.body = drop_none(
            {
                "terminationDate": date,
                "terminationReason": reason,
                "reasonType": reason_type,
                "noticePeriod": notice,
                "lastDayOfWork": last_day,
            }
        )

    @property
    def target(self) -> str:
        return f"employees/{self.employee_id}"

    @property
    def fields(self) -> list[str]:
        return [c.name for c in self.checks]

    def preview(self) -> list[HiBobCall]:
        body = self.body

        async def send(client: HiBobClient) -> Any:
            return await client.people.terminate(
                self.employee_id,
                body["terminationDate"],
                termination_reason=body.get("terminationReason"),
                reason_type=body.get("reasonType"),
                notice_period=body.get("noticePeriod"),
                last_day_of_work=body.get("lastDayOfWork"),
            )

        path = hibob_path("/employees/{identifier}/terminate", identifier=self.employee_id)
        return [HiBobCall("POST", path, body, send, tuple(self.fields))]

    async def observe(self, client: HiBobClient) -> Observed:
        employee = await read_employee(client, self.meta, self.employee_id)
        result = unified(self.meta, employee)
        rows = await read_rows(client, "lifecycle", self.employee_id)
        records = [result, *row_records("lifecycle", self.employee_id, rows)]
        return Observed(result, records, unconfirmed(employee, self.checks))
