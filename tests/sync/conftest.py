"""Sync fixtures: the sync tests' own small sandbox (1 s rate window), a linked account on a new database."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select

from bobhub.hibob import InMemoryBudget, RetryPolicy
from bobhub.sandbox.server import ThreadedSandbox
from bobhub.sandbox.state import Sandbox, ServiceUser
from bobhub.store import Account, Database, Tenant, Vault
from bobhub.store import records as store
from bobhub.sync import run_sync

RATE_WINDOW = 1.0
EMPLOYEES = 40
FAST_RETRY = RetryPolicy(attempts=6, wait_initial=0.02, wait_max=0.3, wait_jitter=0.02, deadline=30.0)
RESOURCES = (
    "employees",
    "job_records",
    "employment_records",
    "lifecycle_records",
    "compensation_records",
    "groups",
    "locations",
    "custom_fields",
    "time_off_policies",
    "time_off_requests",
    "time_off_balances",
    "documents",
)


@pytest.fixture(scope="session")
def sandbox_server() -> Iterator[ThreadedSandbox]:
    """The sync tests' own sandbox, so their HR changes and permission swaps touch no other suite."""
    sandbox = Sandbox(rate_window=RATE_WINDOW)
    sandbox.create_company(employees=EMPLOYEES, seed=5)
    server = ThreadedSandbox(sandbox).start()
    yield server
    server.stop()


@dataclass
class Linked:
    """A linked account on a fresh database, and the ways a test syncs it and looks at the store."""

    db: Database
    vault: Vault
    account_id: str
    user: ServiceUser

    async def sync(self, **options: Any) -> dict[str, Any]:
        options.setdefault("budget", InMemoryBudget(window=RATE_WINDOW))
        options.setdefault("retry", FAST_RETRY)
        return await run_sync(self.db, self.vault, self.account_id, **options)

    async def snapshot(self) -> dict[tuple[str, str], tuple[str, bool]]:
        """(resource, remote id) → (content hash, deleted flag) of every stored record."""
        found: dict[tuple[str, str], tuple[str, bool]] = {}
        async with self.db.session() as session:
            for resource in RESOURCES:
                async for r in store.iter_records(session, self.account_id, resource, include_deleted=True):
                    found[(resource, r.remote_id)] = (r.content_hash, r.remote_was_deleted)
        return found

    async def records(self, resource: str) -> dict[str, store.Record]:
        async with self.db.session() as session:
            rows = store.iter_records(session, self.account_id, resource, include_deleted=True)
            return {r.remote_id: r async for r in rows}

    async def account(self) -> Account:
        async with self.db.session() as session:
            found = await session.scalar(select(Account).where(Account.id == self.account_id))
            assert found is not None
            return found


async def link(db: Database, user: ServiceUser, base_url: str, vault: Vault | None = None) -> Linked:
    vault = vault or Vault(Fernet.generate_key())
    async with db.session() as session:
        tenant = Tenant(name="sync-tests")
        session.add(tenant)
        await session.flush()
        account = Account(
            tenant_id=tenant.id,
            name="sync company",
            service_user_id=user.id,
            base_url=base_url,
            token_ciphertext=vault.encrypt(user.token),
            status="linked",
        )
        session.add(account)
        await session.commit()
    return Linked(db, vault, account.id, user)


@pytest.fixture
async def linked(sandbox: Sandbox, base_url: str, tmp_path: Path) -> AsyncIterator[Linked]:
    """The `full` service user linked on a fresh SQLite database."""
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'bobhub.db'}")
    await db.migrate()
    yield await link(db, sandbox.preset_user("full"), base_url)
    await db.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
async def linked_any(
    request: pytest.FixtureRequest, sandbox: Sandbox, base_url: str, tmp_path: Path
) -> AsyncIterator[Linked]:
    """The `full` service user linked on a fresh database of each backend."""
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'bobhub.db'}"
    else:
        url = request.getfixturevalue("postgres").create_database()
    db = Database(url)
    await db.migrate()
    yield await link(db, sandbox.preset_user("full"), base_url)
    await db.dispose()
