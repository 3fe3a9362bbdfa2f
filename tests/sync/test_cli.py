"""`bobhub sync` and `bobhub export` as a user runs them: JSON results, export files, one-line failures."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from cryptography.fernet import Fernet
from typer.testing import CliRunner

from bobhub.cli.sync import export_command, sync_command
from bobhub.sandbox.state import Sandbox
from bobhub.settings import get_settings
from bobhub.store import Database, Vault
from tests.sync.conftest import Linked, link

app = typer.Typer()
app.command("sync")(sync_command)
app.command("export")(export_command)


@pytest.fixture
def key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[bytes]:
    secret = Fernet.generate_key()
    monkeypatch.setenv("BOBHUB_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("BOBHUB_SECRET_KEY", secret.decode())
    get_settings.cache_clear()
    yield secret
    get_settings.cache_clear()


@pytest.fixture
async def account(key: bytes, sandbox: Sandbox, base_url: str) -> Linked:
    db = Database(get_settings().database_url)
    await db.migrate()
    linked = await link(db, sandbox.preset_user("full"), base_url, Vault(key))
    await db.dispose()
    return linked


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


class TestSyncAndExport:
    def test_sync_then_export_every_employee_with_history(
        self, account: Linked, sandbox: Sandbox, tmp_path: Path
    ) -> None:
        code, out, err = run(
            "sync", account.account_id, "--json", "--balance-budget", "5", "--tenant", "sync-tests"
        )
        assert code == 0, err
        result = json.loads(out)
        assert result["status"] == "succeeded"
        counts = {"name", "status", "records", "created", "updated", "deleted", "calls"}
        assert counts <= set(result["streams"][0])
        assert sum(s["created"] for s in result["streams"]) > 0

        # Again, reading no new balances: nothing created, updated or deleted.
        code, out, err = run(
            "sync", account.account_id, "--json", "--balance-budget", "0", "--tenant", "sync-tests"
        )
        assert code == 0, err
        again = json.loads(out)["streams"]
        assert [(s["name"], s["created"], s["updated"], s["deleted"]) for s in again] == [
            (s["name"], 0, 0, 0) for s in again
        ]

        code, out, err = run("export", "employees", "--account", account.account_id, "--tenant", "sync-tests")
        assert code == 0, err
        rows = [json.loads(line) for line in out.splitlines()]
        visible = [
            e for e in account.user.company.employees.values() if account.user.grants.sees(e.lifecycle_status)
        ]
        assert len(rows) == len(visible)
        assert any(r["employment_status"]["value"] == "terminated" for r in rows)
        assert all({"id", "remote_id", "modified_at", "hidden_fields", "history"} <= set(r) for r in rows)
        assert sum(len(r["history"].get("work", [])) for r in rows) >= len(rows)

        target = tmp_path / "requests.csv"
        code, _, err = run(
            "export",
            "time_off_requests",
            "--account",
            account.account_id,
            "--format",
            "csv",
            "--output",
            str(target),
            "--tenant",
            "sync-tests",
        )
        assert code == 0, err
        with target.open() as exported:
            assert len(list(csv.DictReader(exported))) > 0

    def test_unknown_account_and_format_fail_in_one_line(self, account: Linked) -> None:
        code, _, err = run("sync", "acc_nobody", "--tenant", "sync-tests")
        assert code == 1
        assert err.strip().splitlines() == ["error: no account 'acc_nobody' in tenant 'sync-tests'"]
        code, _, err = run("export", "employees", "--account", account.account_id, "--format", "parquet")
        assert code == 1
        assert len(err.strip().splitlines()) == 1
