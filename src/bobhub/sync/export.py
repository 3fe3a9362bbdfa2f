"""Export of stored records as JSON lines or CSV: envelope, unified content, and employees' history."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import AsyncIterator
from typing import IO, Any

from bobhub.store import Database
from bobhub.store import records as store

HISTORY = {
    "work": "job_records",
    "employment": "employment_records",
    "lifecycle": "lifecycle_records",
    "compensation": "compensation_records",
}
FORMATS = ("jsonl", "csv")


async def history_of(db: Database, account_id: str) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Every employee's history rows by table, keyed by employee remote id."""
    found: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    async with db.session() as session:
        for table, resource in HISTORY.items():
            async for record in store.iter_records(session, account_id, resource, include_deleted=True):
                found[str(record.data.get("employee_remote_id"))][table].append(store.envelope(record))
    return found


async def exported(db: Database, account_id: str, resource: str) -> AsyncIterator[dict[str, Any]]:
    """The resource's records as the unified API shows them; employees carry their history."""
    history = await history_of(db, account_id) if resource == "employees" else {}
    async with db.session() as session:
        async for record in store.iter_records(session, account_id, resource, include_deleted=True):
            row = store.envelope(record)
            if resource == "employees":
                row["history"] = history.get(record.remote_id, {})
            yield row


async def write_export(db: Database, account_id: str, resource: str, fmt: str, out: IO[str]) -> int:
    """Write the records in `fmt` to `out`; returns how many. CSV keeps nested values as JSON text."""
    count = 0
    writer: csv.DictWriter[str] | None = None
    async for row in exported(db, account_id, resource):
        count += 1
        if fmt == "jsonl":
            out.write(json.dumps(row, default=str) + "\n")
            continue
        flat = {k: json.dumps(v, default=str) if isinstance(v, dict | list) else v for k, v in row.items()}
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=list(flat), extrasaction="ignore")
            writer.writeheader()
        writer.writerow(flat)
    return count
