"""Rows the store tests need around the records under test: a tenant with one linked account."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bobhub.store import Account, Tenant


async def make_account(session: AsyncSession, name: str = "acme") -> str:
    tenant = Tenant(name=f"tenant-{name}")
    session.add(tenant)
    await session.flush()
    account = Account(
        tenant_id=tenant.id,
        name=name,
        service_user_id=f"SU-{name}",
        base_url="http://127.0.0.1:1",
        token_ciphertext="c",
        status="linked",
    )
    session.add(account)
    await session.flush()
    return account.id
