"""Timelines of HiBob's historical tables: which row is current, and when each row ends."""

from __future__ import annotations

import datetime as dt
from typing import Any


def settle(rows: list[dict[str, Any]], today: dt.date) -> None:
    """Recompute a historical table's timeline: the last row effective by today is current."""
    rows.sort(key=lambda r: (r.get("effectiveDate") or "", r["id"]))
    effective = [str(r.get("effectiveDate") or "") for r in rows]
    current = max((i for i, day in enumerate(effective) if day <= today.isoformat()), default=0)
    for i, row in enumerate(rows):
        following = dt.date.fromisoformat(effective[i + 1]) if i + 1 < len(rows) else None
        # The day before the next row takes over, as the generated history has it.
        row["endEffectiveDate"] = (following - dt.timedelta(days=1)).isoformat() if following else None
        row["activeEffectiveDate"] = row.get("effectiveDate")
        row["isCurrent"] = i == current
        row["canBeDeleted"] = i > 0
