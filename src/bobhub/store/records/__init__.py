"""Repositories for synced data: every SQL statement about records, sync runs, bookmarks and change logs.

Functions take an AsyncSession and never commit; the caller's unit of work does.
"""

from bobhub.store.models import Record, SyncRun, SyncState, SyncStreamRun, TimeOffChange
from bobhub.store.records.bookmarks import least_recent, mark_read, read_keys
from bobhub.store.records.changes import (
    PreparedChanges,
    archive_changes,
    change_key,
    latest_change_time,
    prepare_changes,
)
from bobhub.store.records.content import canonical_json, content_hash, envelope, keep_hidden
from bobhub.store.records.deletions import mark_missing_deleted, mark_unseen_deleted
from bobhub.store.records.prepare import PreparedRecords, SyncedRecord, prepare_records
from bobhub.store.records.queries import (
    count_records,
    get_record,
    iter_records,
    list_owners,
    list_remote_ids,
    stale_balances,
)
from bobhub.store.records.runs import (
    RUN_KINDS,
    RUN_STATUSES,
    RunKind,
    RunStatus,
    clear_sync_attention,
    finish_run,
    get_cursor,
    interrupt_runs,
    list_runs,
    list_stream_runs,
    record_stream_run,
    set_cursor,
    set_sync_status,
    start_run,
)
from bobhub.store.records.upsert import UpsertStats, upsert_records

__all__ = [
    "envelope",
    "RUN_KINDS",
    "RUN_STATUSES",
    "PreparedChanges",
    "PreparedRecords",
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
    "clear_sync_attention",
    "content_hash",
    "count_records",
    "finish_run",
    "get_cursor",
    "get_record",
    "interrupt_runs",
    "iter_records",
    "keep_hidden",
    "latest_change_time",
    "least_recent",
    "list_owners",
    "list_remote_ids",
    "list_runs",
    "list_stream_runs",
    "mark_missing_deleted",
    "mark_read",
    "mark_unseen_deleted",
    "prepare_changes",
    "prepare_records",
    "read_keys",
    "record_stream_run",
    "set_cursor",
    "set_sync_status",
    "stale_balances",
    "start_run",
    "upsert_records",
]
