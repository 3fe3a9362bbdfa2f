"""Queries for linked accounts; every one is scoped to a tenant."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bobhub.store.models import Account


class AccountRepository:
    """One tenant's accounts: another tenant's rows are never read, changed or counted."""

    def __init__(self, session: AsyncSession, tenant_id: str) -> None:
        self.session = session
        self.tenant_id = tenant_id

    async def get(self, account_id: str) -> Account | None:
        statement = select(Account).where(Account.tenant_id == self.tenant_id, Account.id == account_id)
        return (await self.session.scalars(statement)).one_or_none()

    async def list(self) -> Sequence[Account]:
        statement = select(Account).where(Account.tenant_id == self.tenant_id)
        statement = statement.order_by(Account.created_at, Account.id)
        return (await self.session.scalars(statement)).all()

    async def by_service_user(self, base_url: str, service_user_id: str) -> Account | None:
        statement = select(Account).where(
            Account.tenant_id == self.tenant_id,
            Account.base_url == base_url,
            Account.service_user_id == service_user_id,
        )
        return (await self.session.scalars(statement)).one_or_none()

    async def save(self, account: Account) -> Account:
        if account.tenant_id != self.tenant_id:
            raise ValueError("an account is saved only by its own tenant's repository")
        self.session.add(account)
        await self.session.flush()
        return account

    async def delete(self, account: Account) -> None:
        await self.session.delete(account)
        await self.session.flush()
