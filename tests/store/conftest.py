"""Database fixtures: every store test runs on SQLite and on PostgreSQL, each test rolled back."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy.ext.asyncio import AsyncSession

from bobhub.store import Database, Vault
from tests.postgres import PostgresServer
from tests.store.factories import make_account

BACKENDS = ["sqlite", "postgresql"]


def fresh_url(backend: str, tmp: Path, request: pytest.FixtureRequest) -> str:
    """An empty database of the backend: a new SQLite file, or a new PostgreSQL database."""
    if backend == "sqlite":
        return f"sqlite+aiosqlite:///{tmp / 'bobhub.db'}"
    server: PostgresServer = request.getfixturevalue("postgres")
    return server.create_database()


@pytest.fixture(scope="session", params=BACKENDS)
def migrated_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database of each backend with the schema applied once for the whole session."""
    url = fresh_url(request.param, tmp_path_factory.mktemp(request.param), request)

    async def migrate() -> None:
        db = Database(url)
        await db.migrate()
        await db.dispose()

    asyncio.run(migrate())
    return url


@pytest.fixture
async def session(migrated_url: str) -> AsyncIterator[AsyncSession]:
    """A session inside a transaction that is rolled back after the test (services never commit)."""
    db = Database(migrated_url)
    async with db.engine.connect() as connection:
        transaction = await connection.begin()
        async with AsyncSession(
            bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
        ) as s:
            yield s
        if transaction.is_active:
            await transaction.rollback()
    await db.dispose()


@pytest.fixture
def vault() -> Vault:
    return Vault(Fernet.generate_key())


@pytest.fixture
async def account(session: AsyncSession) -> str:
    """A tenant with one linked account, in the test's session."""
    return await make_account(session)
