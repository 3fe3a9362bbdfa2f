"""The audit log: one row per write or passthrough attempt, and the tenant's rows newest first.

Rows are written in a unit of work of their own and committed at once: a failed write rolls back the
request's session, and the row saying it failed (or was refused) must outlive that rollback.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bobhub.api.keys.service import Principal
from bobhub.errors import BadRequest
from bobhub.store import Database
from bobhub.store import audit as audit_store
from bobhub.store.models import AuditEntry

RESULTS = ("dry_run", "verified", "unconfirmed", "failed", "forbidden", "sent")


async def record(
    db: Database,
    caller: Principal,
    *,
    account_id: str | None,
    action: str,
    target: str | None,
    requests: list[dict[str, Any]] | None,
    result: str,
    detail: dict[str, Any] | None = None,
) -> str:
    """Append a row and commit it now; returns its id. `requests` are HiBob requests, never credentials."""
    if result not in RESULTS:
        raise ValueError(f"unknown audit result {result!r}")
    async with db.session() as session:
        entry = await audit_store.add_entry(
            session,
            tenant_id=caller.tenant_id,
            api_key_id=caller.key_id,
            account_id=account_id,
            action=action,
            target=target,
            request={"requests": requests} if requests is not None else None,
            result=result,
            detail=detail,
        )
        await session.commit()
    return entry.id


def encode_cursor(entry: AuditEntry) -> str:
    raw = json.dumps([entry.created_at.isoformat(), entry.id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[dt.datetime, str]:
    """The position in a `next` this API gave out; BadRequest for anything else, a crafted one included."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        moment, entry_id = json.loads(raw)
        when = dt.datetime.fromisoformat(moment)
        if when.tzinfo is None or not isinstance(entry_id, str):
            raise ValueError("not one of ours")
        # A time such as 0001-01-01T00:00+01:00 has no UTC equivalent; the query would fail on it.
        return when.astimezone(dt.UTC), entry_id
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError, OverflowError):
        raise BadRequest("cursor: not a cursor this API gave out") from None


async def list_log(
    session: AsyncSession,
    caller: Principal,
    *,
    page_size: int,
    cursor: str | None = None,
    account_id: str | None = None,
    action: str | None = None,
) -> tuple[Sequence[AuditEntry], str | None]:
    """One page of the tenant's rows, newest first, and the cursor of the next page (None at the end)."""
    before = decode_cursor(cursor) if cursor else None
    rows = await audit_store.list_entries(
        session, caller.tenant_id, limit=page_size + 1, account_id=account_id, action=action, before=before
    )
    page = rows[:page_size]
    return page, encode_cursor(page[-1]) if len(rows) > page_size else None


def public(entry: AuditEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "created_at": entry.created_at,
        "api_key_id": entry.api_key_id,
        "account_id": entry.account_id,
        "action": entry.action,
        "target": entry.target,
        "request": entry.request,
        "result": entry.result,
        "detail": entry.detail,
    }
