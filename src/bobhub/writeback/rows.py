"""Employee table rows a write adds (work, employment, salaries) and how read-back finds them again.

HiBob keeps work and employment as effective-dated rows: a change is a new row from a date on, and a new
row is complete, so the columns a caller did not change are carried over from the current row (a row
left without a title would clear the title from that date).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bobhub.hibob import HiBobClient, NotFound, PermissionDenied
from bobhub.hibob.models import TableEntry
from bobhub.hibob.resources.tables import Table
from bobhub.unified.mapping import map_table_rows
from bobhub.unified.models import UnifiedRecord
from bobhub.writeback.calls import HiBobCall, hibob_path
from bobhub.writeback.inputs import CompensationInput
from bobhub.writeback.metadata import same

EMPLOYMENT_CARRIED = ("contract", "type", "salaryPayType", "fte", "weeklyHours", "flsaCode")


@dataclass
class NewRow:
    """A row to add: its columns, and per unified field the columns read-back must show."""

    table: Table
    columns: dict[str, Any]
    checks: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def effective_date(self) -> Any:
        return self.columns.get("effectiveDate")

    def call(self, employee_id: str) -> HiBobCall:
        path = hibob_path(f"/people/{{id}}/{self.table}", id=employee_id)
        columns = dict(self.columns)

        async def send(client: HiBobClient) -> Any:
            return await client.tables.create(self.table, employee_id, columns)

        return HiBobCall("POST", path, columns, send, tuple(self.checks))

    def unconfirmed(self, rows: Sequence[TableEntry] | None) -> list[str]:
        """The fields no row of that effective date shows yet (all of them when the table is unreadable)."""
        dated = [r.raw() for r in rows or () if r.effective_date == self.effective_date]
        return [
            name
            for name, wanted in self.checks.items()
            if not any(all(same(row.get(k), v) for k, v in wanted.items()) for row in dated)
        ]


def current_row(rows: Sequence[TableEntry], today: dt.date) -> TableEntry | None:
    """The row in effect today: HiBob's isCurrent, else the latest that has started."""
    flagged = [r for r in rows if r.is_current]
    if flagged:
        return flagged[-1]
    started = [r for r in rows if r.effective_date and r.effective_date <= today.isoformat()]
    return max(started, key=lambda r: str(r.effective_date), default=None)


def carried(row: TableEntry | None, columns: Sequence[str]) -> dict[str, Any]:
    """The current row's values of `columns` (missing and empty ones left out)."""
    if row is None:
        return {}
    raw = row.raw()
    return {c: raw[c] for c in columns if raw.get(c) is not None}


def manager_ref(value: Any) -> dict[str, Any] | None:
    """HiBob's reportsTo column takes the manager as {"id": …}; reads show the whole manager object."""
    manager = value.get("id") if isinstance(value, Mapping) else value
    return {"id": str(manager)} if manager else None


def salary_row(comp: CompensationInput, effective: dt.date) -> NewRow:
    columns: dict[str, Any] = {
        "effectiveDate": effective.isoformat(),
        "base": {"value": comp.amount, "currency": comp.currency.upper()},
        "payPeriod": comp.pay_period,
    }
    if comp.pay_frequency is not None:
        columns["payFrequency"] = comp.pay_frequency
    return NewRow("salaries", columns, {"compensation": {"base": columns["base"]}})


async def read_rows(client: HiBobClient, table: Table, employee_id: str) -> list[TableEntry] | None:
    """One employee's rows, or None when the service user may not read that table."""
    try:
        return await client.tables.list(table, employee_id)
    except (PermissionDenied, NotFound):
        return None


def row_records(table: Table, employee_id: str, rows: Sequence[TableEntry] | None) -> list[UnifiedRecord]:
    return map_table_rows(table, employee_id, [r.raw() for r in rows or ()])
