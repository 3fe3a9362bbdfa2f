"""Which rows of an effective-dated HiBob table are in effect on a day (history `as_of`, the org chart)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol


class Dated(Protocol):
    """A history row: HiBob's `<employee>:<table>:<row id>` remote id and its ISO dates."""

    @property
    def remote_id(self) -> str: ...

    @property
    def effective_date(self) -> str | None: ...

    @property
    def end_date(self) -> str | None: ...


def day_of(value: str | None) -> str | None:
    return value[:10] if value else None


def row_order(row: Dated) -> tuple[str, int, str]:
    """By effective date, then HiBob's row id (numeric ids sort by length first): later entries last."""
    row_id = row.remote_id.rsplit(":", 1)[-1]
    return (day_of(row.effective_date) or "", len(row_id), row_id)


def started_by(rows: Sequence[Any], day: str) -> list[Any]:
    """Rows whose effective date is on or before `day` (rows without one never are), in `rows`' order."""
    return [row for row in rows if (begun := day_of(row.effective_date)) is not None and begun <= day]


def in_effect(rows: Sequence[Any], day: str) -> Any | None:
    """The row of a one-state-at-a-time table (work, employment…) in effect on `day`: the latest started
    by then, leaving out rows that ended before it. `rows` must be in `row_order`."""
    current = [
        row for row in started_by(rows, day) if (ended := day_of(row.end_date)) is None or ended >= day
    ]
    return current[-1] if current else None
