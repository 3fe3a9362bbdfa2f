"""`bobhub api-key create` as a user runs it."""

from __future__ import annotations

from tests.cli.conftest import Cli, one_line_failure


class TestApiKeyCreate:
    def test_prints_a_new_key_once(self, cli: Cli) -> None:
        created = cli.json("api-key", "create", "--tenant", "acme", "--scopes", "read")
        assert created["key"].startswith("bh_")
        assert created["scopes"] == ["read"]
        assert created["tenant"] == "acme"
        assert created["key"].encode() not in (cli.cwd / "bobhub.db").read_bytes()
        human = cli.run("api-key", "create", "--tenant", "acme")
        assert human.returncode == 0, human.stderr
        assert "bh_" in human.stdout

    def test_unknown_scope_is_one_line(self, cli: Cli) -> None:
        assert "scope" in one_line_failure(
            cli.run("api-key", "create", "--tenant", "acme", "--scopes", "root")
        )
