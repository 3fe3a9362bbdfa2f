"""Repositories for synced data: every SQL statement about records, sync runs, bookmarks and change logs.

Functions take an AsyncSession and never commit; the caller's unit of work does.
"""

from bobhub.store.models import Record, SyncRun, SyncState, SyncStreamRun, TimeOffChange
from bobhub.store.records.changes import archive_changes, change_key, latest_change_time
from bobhub.store.records.content import canonical_json, content_hash, keep_hidden
from bobhub.store.records.queries import (
    count_records,
    get_record,
    iter_records,
    list_remote_ids,
    stale_balances,
)
from bobhub.store.records.runs import (
    RUN_KINDS,
    RUN_STATUSES,
    RunKind,
    RunStatus,
    finish_run,
    get_cursor,
    list_runs,
    list_stream_runs,
    record_stream_run,
    set_cursor,
    set_sync_status,
    start_run,
)
from bobhub.store.records.upsert import SyncedRecord, UpsertStats, mark_missing_deleted, upsert_records

__all__ = [
    "RUN_KINDS",
    "RUN_STATUSES",
    "Record",
    "RunKind",
    "RunStatus",
    "SyncRun",
    "SyncState",
    "SyncStreamRun",
    "SyncedRecord",
    "TimeOffChange",
    "UpsertStats",
    "archive_changes",
    "canonical_json",
    "change_key",
    "content_hash",
    "count_records",
    "finish_run",
    "get_cursor",
    "get_record",
    "iter_records",
    "keep_hidden",
    "latest_change_time",
    "list_remote_ids",
    "list_runs",
    "list_stream_runs",
    "mark_missing_deleted",
    "record_stream_run",
    "set_cursor",
    "set_sync_status",
    "start_run",
    "stale_balances",
    "upsert_records",
]
