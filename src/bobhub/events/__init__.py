"""Outgoing events: what changed in the store, queued per subscription (an outbox) and delivered signed."""

from __future__ import annotations

import datetime as dt

from bobhub.store import Database


async def after_sync(
    db: Database, account_id: str, run_id: str, *, since: dt.datetime, status: str, attention: str | None
) -> None:
    """Queue the events of one finished sync run (records changed since `since`, the run, attention)."""
