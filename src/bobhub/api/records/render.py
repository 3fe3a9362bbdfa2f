"""The JSON of stored records, spliced from the stored JSON text instead of decoded and encoded again.

A record is `{<envelope>, <the members of its stored data>}`: the stored data is what
`UnifiedRecord.content()` dumped, an object that always holds `remote_id` (a required field), so the
envelope adds everything else and the two never repeat a key. Text without it (written by other means)
takes the slow path through `json`, which gives the same object.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from fastapi import Response

from bobhub.store.reads import StoredRow

REMOTE_ID = '"remote_id":'


def envelope_members(row: StoredRow) -> str:
    # Ids are `rec_` and hex, timestamps ISO 8601: neither needs JSON escaping.
    return (
        f'"id":"{row.id}","created_at":"{row.created_at.isoformat()}",'
        f'"modified_at":"{row.modified_at.isoformat()}",'
        f'"remote_was_deleted":{"true" if row.remote_was_deleted else "false"},'
        f'"hidden_fields":{row.hidden_fields}'
    )


def record_json(row: StoredRow, *, remote_data: bool = False, extra: Mapping[str, str] | None = None) -> str:
    """One record's JSON; `remote_data` adds that member, `extra` more members given as name → JSON text."""
    data = row.data.strip()
    members = data[1:-1].strip()
    if not (data.startswith("{") and data.endswith("}") and REMOTE_ID in members):
        return _slow(row, remote_data=remote_data, extra=extra)
    parts = ["{", envelope_members(row), ",", members]
    if remote_data:
        parts += [',"remote_data":', row.remote_data or "null"]
    for name, value in (extra or {}).items():
        parts += [f',"{name}":', value]
    parts.append("}")
    return "".join(parts)


def _slow(row: StoredRow, *, remote_data: bool, extra: Mapping[str, str] | None) -> str:
    found: dict[str, Any] = {
        "id": row.id,
        "remote_id": row.remote_id,
        "created_at": row.created_at.isoformat(),
        "modified_at": row.modified_at.isoformat(),
        "remote_was_deleted": bool(row.remote_was_deleted),
        "hidden_fields": json.loads(row.hidden_fields),
        **json.loads(row.data),
    }
    if remote_data:
        found["remote_data"] = json.loads(row.remote_data) if row.remote_data else None
    found.update({name: json.loads(value) for name, value in (extra or {}).items()})
    return json.dumps(found, separators=(",", ":"))


def array(items: Iterable[str]) -> str:
    return "[" + ",".join(items) + "]"


def page_json(records: Iterable[str], next_cursor: str | None) -> bytes:
    # A cursor is urlsafe base64: nothing in it needs escaping either.
    following = "null" if next_cursor is None else f'"{next_cursor}"'
    return ('{"next":' + following + ',"results":' + array(records) + "}").encode()


def rows_json(rows: Sequence[StoredRow], *, remote_data: bool = False) -> list[str]:
    return [record_json(row, remote_data=remote_data) for row in rows]


def json_response(body: bytes | str) -> Response:
    return Response(body, media_type="application/json")
