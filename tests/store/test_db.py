"""The database: migrations on both backends, and models that round-trip their types."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bobhub.store import Account, ApiKey, Base, Database, Tenant
from bobhub.store.db import alembic_config, sqlite_path
from tests.store.conftest import BACKENDS, fresh_url


def schema_diff(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


def head_revision(connection: Connection) -> list[str]:
    return [row[0] for row in connection.execute(text("SELECT version_num FROM alembic_version"))]


class TestMigrate:
    @pytest.mark.parametrize("backend", BACKENDS)
    async def test_applies_twice_and_matches_the_models(
        self, backend: str, tmp_path: Path, request: pytest.FixtureRequest
    ) -> None:
        db = Database(fresh_url(backend, tmp_path, request))
        try:
            await db.migrate()
            await db.migrate()
            async with db.engine.connect() as connection:
                tables = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
                assert {"tenants", "api_keys", "accounts", "alembic_version"} <= tables
                head = ScriptDirectory.from_config(alembic_config()).get_current_head()
                assert await connection.run_sync(head_revision) == [head]
                assert await connection.run_sync(schema_diff) == []
        finally:
            await db.dispose()

    async def test_creates_the_sqlite_directory(self, tmp_path: Path) -> None:
        db = Database(f"sqlite+aiosqlite:///{tmp_path / 'nested' / 'dir' / 'hub.db'}")
        await db.migrate()
        await db.dispose()
        assert (tmp_path / "nested" / "dir" / "hub.db").is_file()


class TestSqlitePath:
    def test_file_memory_and_postgres(self, tmp_path: Path) -> None:
        assert sqlite_path(f"sqlite+aiosqlite:///{tmp_path}/a.db") == tmp_path / "a.db"
        assert sqlite_path("sqlite+aiosqlite:///./bobhub.db") == Path("./bobhub.db")
        assert sqlite_path("sqlite+aiosqlite://") is None
        assert sqlite_path("sqlite+aiosqlite:///:memory:") is None
        assert sqlite_path("postgresql+psycopg://u@localhost/db") is None


async def make_tenant(session: AsyncSession, name: str = "acme") -> Tenant:
    tenant = Tenant(name=name)
    session.add(tenant)
    await session.flush()
    return tenant


class TestModels:
    async def test_account_round_trips_json_and_utc_times(self, session: AsyncSession) -> None:
        tenant = await make_tenant(session)
        checked = dt.datetime(2025, 3, 4, 5, 6, 7, tzinfo=dt.timezone(dt.timedelta(hours=2)))
        report = {"credentials": "valid", "missing": ["View selected employees' Personal sections"]}
        account = Account(
            tenant_id=tenant.id,
            name="Acme",
            service_user_id="SERVICE-1",
            base_url="https://api.hibob.com",
            token_ciphertext="gAAAA-cipher",
            status="needs_attention",
            report=report,
            checked_at=checked,
        )
        session.add(account)
        await session.flush()
        session.expunge_all()
        loaded = await session.get(Account, account.id)
        assert loaded is not None
        assert loaded.id.startswith("acc_")
        assert loaded.report == report
        assert loaded.checked_at == checked
        assert loaded.checked_at is not None
        assert loaded.checked_at.utcoffset() == dt.timedelta(0)
        assert loaded.created_at.tzinfo is not None
        assert "gAAAA" not in repr(loaded)

    async def test_api_key_scopes_and_unique_hash(self, session: AsyncSession) -> None:
        tenant = await make_tenant(session)
        session.add(ApiKey(tenant_id=tenant.id, prefix="bh_abc", key_hash="0" * 64, scopes=["read"]))
        await session.flush()
        assert (await session.scalars(select(ApiKey.scopes))).one() == ["read"]
        session.add(ApiKey(tenant_id=tenant.id, prefix="bh_abd", key_hash="0" * 64, scopes=["read"]))
        with pytest.raises(IntegrityError):
            await session.flush()

    async def test_tenant_names_are_unique(self, session: AsyncSession) -> None:
        await make_tenant(session, "same")
        session.add(Tenant(name="same"))
        with pytest.raises(IntegrityError):
            await session.flush()

    async def test_deleting_a_tenant_deletes_its_accounts(self, session: AsyncSession) -> None:
        tenant = await make_tenant(session)
        session.add(
            Account(
                tenant_id=tenant.id,
                name="A",
                service_user_id="S",
                base_url="http://127.0.0.1:1",
                token_ciphertext="c",
                status="linked",
            )
        )
        await session.flush()
        await session.execute(text("DELETE FROM tenants"))
        assert (await session.scalars(select(Account))).all() == []

    async def test_naive_times_are_refused(self, session: AsyncSession) -> None:
        session.add(Tenant(name="naive", created_at=dt.datetime(2025, 1, 1)))
        with pytest.raises(Exception, match="timezone-aware"):
            await session.flush()
