"""A count of the database writes this process made, for caches that must never outlive a write.

Every engine of the process reports here (the listeners sit on SQLAlchemy's `Engine` and `Pool`
classes, so a sync run, a write-back and an API request each count, whichever `Database` they opened):
the count moves on each statement that is not a plain read, when a connection that wrote commits, and
once more when that connection is handed back to its pool, which is after the commit completed (a
reader that started in between saw the old rows, and its answer must not outlive them).
A cache keeps the count it saw before it computed an answer and serves that answer only while the count
is unchanged. Other processes' writes are not seen here; such caches bound their age for those.
"""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import Pool

# Statements that change nothing. Anything else counts as a write: counting too often only costs a cache
# miss, counting too rarely would serve old data.
READS = ("SELECT", "PRAGMA", "SHOW", "BEGIN", "SAVEPOINT", "RELEASE")
WROTE = "bobhub_wrote"


class WriteCounter:
    """A number that moves whenever data this process can read may have changed (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._count = 0

    @property
    def count(self) -> int:
        return self._count

    def bump(self) -> None:
        with self._lock:
            self._count += 1


# One per process, like the Engine class the listeners below are registered on.
WRITES = WriteCounter()


@event.listens_for(Engine, "after_cursor_execute")
def _after_execute(conn: Connection, _cursor: Any, statement: str, *_: Any) -> None:
    if not statement.lstrip()[:9].upper().startswith(READS):
        conn.info[WROTE] = True
        WRITES.bump()


@event.listens_for(Engine, "commit")
@event.listens_for(Engine, "rollback")
def _on_transaction_end(conn: Connection) -> None:
    # A connection invalidated mid-statement (its task was cancelled) has no info to read any more:
    # reading it would raise over the CancelledError. It counts as a write.
    if conn.invalidated or conn.info.get(WROTE):
        WRITES.bump()


@event.listens_for(Pool, "checkin")
def _on_checkin(_dbapi_connection: Any, record: Any) -> None:
    if record is not None and record.info.pop(WROTE, False):
        WRITES.bump()
