"""Verdicts on "View selected employees' <Section> section histories" from one bulk table page.

With only "View ... sections" HiBob's bulk table reads return each employee's current row; with
section histories, every row (hibob-api-notes.md §5.4, get_bulk-people-work). So a second row or a
non-current row proves the history permission. Only current rows prove nothing by themselves, unless
a current row starts after the employee's start date: the first row of a history table is dated on
the start date (an assumption from how HiBob creates an employee's first entries), so earlier rows
exist and were left out.
"""

from __future__ import annotations

from bobhub.hibob.models import BulkRow
from bobhub.permissions import unified
from bobhub.permissions.account import Category
from bobhub.permissions.probes import Observations
from bobhub.permissions.verdict import GRANTED, MISSING, UNKNOWN, Verdict


def history_verdict(seen: Observations, category: Category, view: Verdict) -> Verdict:
    if view[0] == MISSING:
        return (
            MISSING,
            f"implied: '{category.section}' cannot be viewed, and its histories come on top of View",
        )
    table = unified.HISTORY_TABLES.get(category.id)
    outcome = seen.tables.get(table[0]) if table else None
    if table is None or outcome is None:
        return UNKNOWN, "HiBob's public API has no endpoint that reads these histories"
    said = outcome.said()
    if outcome.refused:
        return MISSING, f"{said}: neither the section's View nor its histories are granted"
    if not outcome.ok:
        return UNKNOWN, f"{said}: this answer does not tell"
    return rows_verdict(seen, said, list(outcome.data or []))


def rows_verdict(seen: Observations, said: str, rows: list[BulkRow]) -> Verdict:
    with_rows = [row for row in rows if row.values]
    if not with_rows:
        return UNKNOWN, f"{said}: no rows came back, so nothing shows whether past rows would"
    past = [row for row in with_rows if len(row.values) > 1 or any(v.is_current is False for v in row.values)]
    if past:
        most = max(len(row.values) for row in past)
        return GRANTED, f"{said}: {len(past)} employees came back with past rows (up to {most} rows each)"
    late = late_starters(seen, with_rows)
    if late:
        employee_id, effective, start = late[0]
        return MISSING, (
            f"{said}: only current rows came back, and for {len(late)} employees the current row starts "
            f"after their start date (e.g. employee {employee_id}: row from {effective}, started {start}), "
            "so their earlier rows exist and were left out"
        )
    return UNKNOWN, (
        f"{said}: each of {len(with_rows)} employees came back with one current row dated on their start "
        "date; HiBob answers the same with or without section histories"
    )


def late_starters(seen: Observations, rows: list[BulkRow]) -> list[tuple[str, str, str]]:
    """(employee, row effective date, start date) where the only row starts after the start date."""
    starts = {e.id: str(e.get("work.startDate") or "") for e in seen.employees}
    late = []
    for row in rows:
        start = starts.get(row.employee_id, "")
        effective = row.values[0].effective_date or ""
        if start and effective and effective[:10] > start[:10]:
            late.append((row.employee_id, effective[:10], start[:10]))
    return late
