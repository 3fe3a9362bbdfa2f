"""The database: an async SQLAlchemy engine, its sessions, and Alembic migrations run from the package."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from bobhub.store import writes  # noqa: F401  (its listeners count every engine's writes)

MIGRATIONS = Path(__file__).parent / "migrations"


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL; None for other backends and in-memory databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return None
    return Path(database)


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration without an alembic.ini, so migrations run from an installed package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def _enable_sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    # SQLite ignores ON DELETE CASCADE unless each connection asks for it.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


class Database:
    """One database (SQLite file or PostgreSQL) for the whole process; `session()` opens a unit of work."""

    def __init__(self, url: str) -> None:
        path = sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        self.url = url
        # psycopg prepares a statement after 5 runs, and a prepared plan for a long `IN (...)` list scans
        # the whole table; plain statements keep PostgreSQL using its indexes.
        options = {"connect_args": {"prepare_threshold": None}} if "+psycopg" in url else {}
        self.engine: AsyncEngine = create_async_engine(url, **options)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine.sync_engine, "connect", _enable_sqlite_foreign_keys)
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    def __repr__(self) -> str:  # the URL may hold a database password
        return f"Database(backend={self.engine.dialect.name!r})"

    async def migrate(self) -> None:
        """Bring the schema to the latest revision (Alembic `upgrade head`); a no-op when it is there."""
        async with self.engine.begin() as connection:
            await connection.run_sync(_upgrade)

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A session for one request or command; the caller commits, anything else is rolled back."""
        async with self._sessions() as session:
            yield session

    async def dispose(self) -> None:
        await self.engine.dispose()


def _upgrade(connection: Connection) -> None:
    command.upgrade(alembic_config(connection), "head")
