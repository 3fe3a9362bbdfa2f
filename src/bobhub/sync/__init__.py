"""Sync: streams copying a linked HiBob account into the store, the engine running them, webhook refetch."""

from bobhub.sync.engine import StreamReport, SyncResult, run_sync
from bobhub.sync.refetch import refetch

__all__ = ["StreamReport", "SyncResult", "refetch", "run_sync"]
