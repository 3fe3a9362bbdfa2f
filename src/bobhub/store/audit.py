"""The audit log's SQL: appending one row per write or passthrough call, and a tenant's rows newest first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bobhub.store.models import AuditEntry, utcnow
from bobhub.store.records.sql import past


async def add_entry(
    session: AsyncSession,
    *,
    tenant_id: str,
    api_key_id: str | None,
    account_id: str | None,
    action: str,
    target: str | None,
    request: dict[str, Any] | None,
    result: str,
    detail: dict[str, Any] | None,
) -> AuditEntry:
    """Add one row to the caller's unit of work (never commits)."""
    entry = AuditEntry(
        tenant_id=tenant_id,
        api_key_id=api_key_id,
        account_id=account_id,
        action=action,
        target=target,
        request=request,
        result=result,
        detail=detail,
        created_at=utcnow(),
    )
    session.add(entry)
    await session.flush()
    return entry


async def list_entries(
    session: AsyncSession,
    tenant_id: str,
    *,
    limit: int,
    account_id: str | None = None,
    action: str | None = None,
    before: tuple[dt.datetime, str] | None = None,
) -> Sequence[AuditEntry]:
    """The tenant's rows newest first (ties broken by id), optionally only those older than `before`."""
    query = select(AuditEntry).where(AuditEntry.tenant_id == tenant_id)
    if account_id is not None:
        query = query.where(AuditEntry.account_id == account_id)
    if action is not None:
        query = query.where(AuditEntry.action == action)
    if before is not None:
        query = query.where(past(AuditEntry.created_at, AuditEntry.id, before, newest_first=True))
    query = query.order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()).limit(limit)
    return (await session.scalars(query)).all()
