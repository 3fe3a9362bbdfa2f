"""Queries the write routes need: a synced record of the account, by our id or by HiBob's."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bobhub.store.models import Record


async def find_record(session: AsyncSession, account_id: str, resource: str, ident: str) -> Record | None:
    """The account's record whose id (ours, "rec_…") or remote id (HiBob's) is `ident`.

    Scoped to one account, itself already scoped to the caller's tenant: another tenant's id finds nothing.
    """
    query = select(Record).where(
        Record.account_id == account_id,
        Record.resource == resource,
        or_(Record.id == ident, Record.remote_id == ident),
    )
    return (await session.scalars(query.limit(1))).first()


async def policy_types(session: AsyncSession, account_id: str) -> set[str]:
    """The time-off policy types the last sync saw (empty before any sync)."""
    query = select(Record.data).where(
        Record.account_id == account_id,
        Record.resource == "time_off_policies",
        Record.remote_was_deleted.is_(False),
    )
    return {str(data.get("policy_type")) for data in await session.scalars(query)}
