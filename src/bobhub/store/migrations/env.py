"""Alembic's environment: migrations run on the connection `Database.migrate()` hands over."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from bobhub.store.models import Base


def run_on(connection: Connection) -> None:
    # Batch mode lets later migrations alter SQLite tables, which cannot ALTER most things in place.
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_on_url(url: str) -> None:
    """For the `alembic` command itself (e.g. autogenerating a revision with `-x url=...`)."""
    engine = create_async_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(run_on)
    await engine.dispose()


def main() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run_on(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url")
    if not url:
        raise SystemExit("run migrations with Database(url).migrate(), or pass -x url=<database url>")
    asyncio.run(run_on_url(url))


main()
