"""The shape of a stream: what it reads, what it writes, and what the engine does with its batches."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from bobhub.sync.context import SyncContext
from bobhub.unified import UnifiedRecord


@dataclass(slots=True)
class Batch:
    """Rows read together: committed together, then (and only then) `cursor` is saved."""

    records: Sequence[UnifiedRecord] = ()
    changes: Sequence[dict[str, Any]] = ()  # time-off change-log items to archive
    cursor: str | None = None
    read: Sequence[str] = ()  # items read in full (employees whose documents these are): bookmarked


@dataclass(slots=True)
class Outcome:
    """What a stream tells the engine once it has read everything."""

    seen: int = 0  # records read and stored (their `seen_at` is the run's start), for the count check
    complete: bool = True  # False: HiBob left someone out, so absence proves nothing
    owners: set[str] | None = None  # read only these employees' records: absence counts for them only
    note: str | None = None


class Stream:
    """A stream declares its name, the client call it uses, its key and cursor, and the resource it fills.

    `read` yields batches; the engine upserts, commits, advances the cursor and records the run. A stream
    with `deletes` set flags records it did not see as `remote_was_deleted` after a complete read that the
    anomaly guard let through. `provides` names results other streams wait for.
    """

    name: str
    resource: str
    endpoint: str  # the HiBob call, for people reading the code and the docs
    primary_key: ClassVar[str] = "remote_id"
    cursor_field: ClassVar[str | None] = None
    deletes: ClassVar[bool] = False
    provides: ClassVar[tuple[str, ...]] = ()

    def __init__(self) -> None:
        self.outcome = Outcome()

    def read(self, ctx: SyncContext) -> AsyncGenerator[Batch, None]:
        raise NotImplementedError

    def see(self, records: Sequence[UnifiedRecord]) -> Batch:
        """A batch of `records` read: storing them marks them seen (`seen_at`) for the deletion check."""
        return Batch(records=records)


def chunks(items: Sequence[Any], size: int) -> list[Sequence[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]
