"""Outgoing events: what changed in the store, queued per subscription (an outbox) and delivered signed."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from bobhub.store import Database


async def after_sync(
    db: Database, account_id: str, run_id: str, *, since: dt.datetime, status: str, attention: str | None
) -> None:
    """Queue the events of one finished sync run (records changed since `since`, the run, attention)."""


async def record_changes(session: AsyncSession, account_id: str, *, since: dt.datetime) -> None:
    """Queue employee.* and time_off_request.* events for the account's records changed since `since`.

    Runs in the caller's unit of work: it does not commit.
    """
