"""Migrations 0002 to 0004 on both backends, and the rules behind record comparison and hidden fields."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Connection, inspect

from bobhub.store import Database
from bobhub.store.db import alembic_config
from bobhub.store.records import canonical_json, content_hash, keep_hidden
from tests.store.conftest import BACKENDS, fresh_url
from tests.store.test_db import schema_diff

SYNC_TABLES = {"records", "sync_runs", "sync_stream_runs", "sync_state", "time_off_changes"}
API_TABLES = {"audit_log", "webhook_subscriptions", "webhook_deliveries"}


def downgrade_to_accounts(connection: Connection) -> None:
    command.downgrade(alembic_config(connection), "0001_accounts")


def account_columns(connection: Connection) -> set[str]:
    return {c["name"] for c in inspect(connection).get_columns("accounts")}


class TestMigrationsAfterAccounts:
    @pytest.mark.parametrize("backend", BACKENDS)
    async def test_twice_down_and_up_matches_the_models(
        self, backend: str, tmp_path: Path, request: pytest.FixtureRequest
    ) -> None:
        db = Database(fresh_url(backend, tmp_path, request))
        try:
            await db.migrate()
            await db.migrate()
            async with db.engine.connect() as connection:
                tables = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
                assert tables >= SYNC_TABLES | API_TABLES
                assert await connection.run_sync(schema_diff) == []
            async with db.engine.begin() as connection:
                await connection.run_sync(downgrade_to_accounts)
                assert "webhook_secret_ciphertext" not in await connection.run_sync(account_columns)
                tables = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
                assert not tables & (SYNC_TABLES | API_TABLES)
            await db.migrate()
            async with db.engine.connect() as connection:
                assert await connection.run_sync(schema_diff) == []
        finally:
            await db.dispose()


class TestKeepHidden:
    def test_top_level_field_keeps_the_old_value(self) -> None:
        new = {"name": "Ada", "salary": None}
        assert keep_hidden(new, {"name": "Old", "salary": 90}, ["salary"]) == {"name": "Ada", "salary": 90}
        assert new == {"name": "Ada", "salary": None}

    def test_dotted_path_and_missing_parents(self) -> None:
        old = {"home": {"address": {"city": "Leeds"}}}
        assert keep_hidden({"home": None}, old, ["home.address.city"]) == {
            "home": {"address": {"city": "Leeds"}}
        }
        assert keep_hidden({"home": {"x": 1}}, old, ["home.nowhere"]) == {"home": {"x": 1}}

    def test_field_unknown_before_stays_as_sent(self) -> None:
        assert keep_hidden({"salary": None}, {}, ["salary"]) == {"salary": None}


class TestContentHash:
    def test_key_order_does_not_matter_but_hidden_fields_do(self) -> None:
        assert canonical_json({"b": 1, "a": "é"}) == '{"a":"é","b":1}'
        assert content_hash({"a": 1, "b": 2}, []) == content_hash({"b": 2, "a": 1}, [])
        assert content_hash({"a": 1}, []) != content_hash({"a": 1}, ["b"])
