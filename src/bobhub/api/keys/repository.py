"""Queries for tenants and their API keys."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bobhub.store.models import ApiKey, Tenant


class TenantRepository:
    """Tenants by name."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_name(self, name: str) -> Tenant | None:
        result = await self.session.scalars(select(Tenant).where(Tenant.name == name))
        return result.one_or_none()

    async def add(self, tenant: Tenant) -> Tenant:
        self.session.add(tenant)
        await self.session.flush()
        return tenant


class ApiKeyRepository:
    """API keys, looked up by the hash of the presented key."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_hash(self, key_hash: str) -> tuple[ApiKey, Tenant] | None:
        statement = select(ApiKey, Tenant).join(Tenant, Tenant.id == ApiKey.tenant_id)
        statement = statement.where(ApiKey.key_hash == key_hash)
        row = (await self.session.execute(statement)).one_or_none()
        return (row[0], row[1]) if row is not None else None

    async def add(self, key: ApiKey) -> ApiKey:
        self.session.add(key)
        await self.session.flush()
        return key
