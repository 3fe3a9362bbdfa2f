"""`bobhub link`, `accounts` and `doctor` as a user runs them, against the sandbox over HTTP."""

from __future__ import annotations

import json
import stat

from tests.cli.conftest import Cli, UserOf, one_line_failure

PERSONAL = [
    "View selected employees' Personal sections",
    "View selected employees' Personal section histories",
]
WORK_HISTORY = "View selected employees' Work section histories"


class TestLink:
    def test_full_reports_nothing_missing_and_is_listed(self, cli: Cli, user: UserOf, base_url: str) -> None:
        su = user("full")
        linked = cli.link(su, base_url, "--name", "Acme")
        account = linked["account"]
        assert account["id"].startswith("acc_")
        assert account["status"] == "linked"
        assert account["name"] == "Acme"
        assert account["missing_permissions"] == []
        assert linked["permissions"]["credentials"] == "valid"
        assert linked["permissions"]["missing"] == []
        assert su.token not in json.dumps(linked)
        assert stat.S_IMODE((cli.cwd / "bobhub.key").stat().st_mode) == 0o600
        assert su.token.encode() not in (cli.cwd / "bobhub.db").read_bytes()

        listed = cli.json("accounts")
        assert [(a["id"], a["status"]) for a in listed] == [(account["id"], "linked")]

    def test_partial_reports_personal_work_history_and_terminated(
        self, cli: Cli, user: UserOf, base_url: str
    ) -> None:
        su = user("partial")
        linked = cli.json(
            "link", "--base-url", base_url, "--id", su.id, "--token-env", "HUB_TOKEN", HUB_TOKEN=su.token
        )
        report = linked["permissions"]
        assert linked["account"]["status"] == "needs_attention"
        assert set(PERSONAL) | {WORK_HISTORY} <= set(report["missing"])
        assert "Terminated" not in report["audience"]["visible_lifecycle_statuses"]
        assert any("Terminated" in warning for warning in report["audience"]["warnings"])
        assert cli.json("accounts")[0]["status"] == "needs_attention"

    def test_wrong_token_is_one_line_and_stores_nothing(self, cli: Cli, user: UserOf, base_url: str) -> None:
        result = cli.run(
            "link", "--base-url", base_url, "--id", user("full").id, "--token-stdin", stdin="bad"
        )
        line = one_line_failure(result)
        assert "refused" in line
        assert result.stdout == ""
        assert cli.json("accounts") == []

    def test_non_hibob_base_url_is_refused(self, cli: Cli, user: UserOf) -> None:
        su = user("full")
        result = cli.run(
            "link", "--base-url", "https://hibob.example.com", "--id", su.id, "--token-stdin", stdin=su.token
        )
        assert "not HiBob" in one_line_failure(result)

    def test_token_must_come_from_one_place(self, cli: Cli, user: UserOf, base_url: str) -> None:
        result = cli.run("link", "--base-url", base_url, "--id", user("full").id)
        assert "--token-stdin" in one_line_failure(result)


class TestDoctor:
    def test_reruns_the_doctor_then_rotation_keeps_the_account(
        self, cli: Cli, user: UserOf, base_url: str
    ) -> None:
        account = cli.link(user("activtrak"), base_url)["account"]
        checked = cli.json("doctor", account["id"])
        assert checked["account"]["id"] == account["id"]
        assert checked["account"]["checked_at"] >= account["checked_at"]
        assert checked["permissions"]["missing"] == account["missing_permissions"]

        su = user("partial")
        result = cli.run(
            "link",
            "--base-url",
            base_url,
            "--id",
            su.id,
            "--token-stdin",
            "--account",
            account["id"],
            stdin=su.token,
        )
        assert result.returncode == 0, result.stderr
        assert account["id"] in result.stdout
        assert "needs attention" in result.stdout
        assert "View selected employees' Personal sections" in result.stdout
        assert su.token not in result.stdout

    def test_unknown_account_is_one_line(self, cli: Cli) -> None:
        assert "no account 'acc_nope' in tenant 'default'" in one_line_failure(cli.run("doctor", "acc_nope"))

    def test_plan_needs_no_account(self, cli: Cli) -> None:
        planned = cli.json("doctor", "--plan", "employees,time_off")
        assert "View selected employees' Basic info sections" in json.dumps(planned)
        assert "unknown" in one_line_failure(cli.run("doctor", "--plan", "employees,teleport")).lower()
