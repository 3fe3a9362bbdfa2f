"""Records made ready to store: content and HiBob payload serialised and hashed, no database needed.

Preparing is the CPU part of an upsert. Done before a writer takes its turn at the database, it
overlaps with the writes of others (SQLite works in its own thread) instead of waiting behind them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from bobhub.store.records.content import canonical_json, digest_of


class SyncedRecord(Protocol):
    """What the store needs of a unified record (bobhub.unified models satisfy it)."""

    @property
    def remote_id(self) -> str: ...

    @property
    def hidden_fields(self) -> Sequence[str]: ...

    @property
    def remote_data(self) -> Mapping[str, Any] | None: ...

    def content(self) -> dict[str, Any]: ...


@dataclass(slots=True)
class Incoming:
    """One record ready to store; each JSON text is canonical, so it is both hashed and stored."""

    remote_id: str
    data: dict[str, Any]
    hidden: list[str]
    data_json: str
    hidden_json: str
    digest: str  # content_hash(data, hidden)
    remote_json: str | None
    remote_hash: str | None


@dataclass(frozen=True, slots=True)
class PreparedRecords:
    """Records of one resource ready to store; the last copy of a remote_id is the one kept."""

    resource: str
    items: list[Incoming]

    def __len__(self) -> int:
        return len(self.items)


def record_digest(data_json: str, hidden_json: str) -> str:
    """`content_hash(data, hidden)` from the two canonical texts (a JSON array of both)."""
    return digest_of(f"[{data_json},{hidden_json}]")


def prepare_records(resource: str, records: Iterable[SyncedRecord]) -> PreparedRecords:
    # The last copy of a remote_id wins, as if the records had been upserted one after the other.
    incoming: dict[str, Incoming] = {}
    for record in records:
        kind = getattr(record, "RESOURCE", resource)
        if kind != resource:
            raise ValueError(f"a {kind} record cannot be stored as {resource}")
        data, hidden = record.content(), sorted(set(record.hidden_fields))
        data_json, hidden_json = canonical_json(data), canonical_json(hidden)
        raw = canonical_json(dict(record.remote_data)) if record.remote_data is not None else None
        incoming[record.remote_id] = Incoming(
            remote_id=record.remote_id,
            data=data,
            hidden=hidden,
            data_json=data_json,
            hidden_json=hidden_json,
            digest=record_digest(data_json, hidden_json),
            remote_json=raw,
            remote_hash=digest_of(raw) if raw is not None else None,
        )
    return PreparedRecords(resource, list(incoming.values()))
