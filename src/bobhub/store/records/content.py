"""How a record's content is compared and merged: canonical JSON, its hash, and hidden fields kept."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

_MISSING = object()


def envelope(record: Any) -> dict[str, Any]:
    """A stored record (a Record row or a changed-record key) as the unified API shows it, without
    remote_data: bobhub's envelope, then the unified fields."""
    return {
        "id": record.id,
        "remote_id": record.remote_id,
        "created_at": record.created_at.isoformat(),
        "modified_at": record.modified_at.isoformat(),
        "remote_was_deleted": record.remote_was_deleted,
        "hidden_fields": record.hidden_fields,
        **record.data,
    }


def canonical_json(value: Any) -> str:
    """One spelling per value (sorted keys, no spaces), so equal content always hashes the same."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def digest_of(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def content_hash(data: dict[str, Any], hidden_fields: list[str]) -> str:
    """SHA-256 of what we store of a record; a change of permissions (hidden_fields) is a change too."""
    return digest_of(canonical_json([data, hidden_fields]))


def remote_hash(remote_data: dict[str, Any] | None) -> str | None:
    if remote_data is None:
        return None
    return digest_of(canonical_json(remote_data))


def _lookup(data: dict[str, Any], path: list[str]) -> Any:
    node: Any = data
    for part in path:
        if not isinstance(node, dict) or part not in node:
            return _MISSING
        node = node[part]
    return node


def _put(data: dict[str, Any], path: list[str], value: Any) -> dict[str, Any]:
    head, *rest = path
    out = dict(data)
    if not rest:
        out[head] = value
        return out
    child = out.get(head)
    out[head] = _put(child if isinstance(child, dict) else {}, rest, value)
    return out


def keep_hidden(new: dict[str, Any], old: dict[str, Any], hidden_fields: Iterable[str]) -> dict[str, Any]:
    """`new` with the previously stored value of each hidden field put back (top-level or dotted path).

    A hidden field arrives as null because the service user may not see it, not because HiBob emptied
    it; writing that null would silently lose data, so the last value we saw stays. `new` is not changed.
    """
    merged = new
    for field in hidden_fields:
        # Custom fields are keyed by HiBob's field id, which has dots of its own
        # ("custom_fields.work.custom.field_1711886937296").
        path = field.split(".", 1) if field.startswith("custom_fields.") else field.split(".")
        value = _lookup(old, path)
        if value is not _MISSING:
            merged = _put(merged, path, value)
    return merged
