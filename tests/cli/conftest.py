"""Running `bobhub` commands in a scratch directory with its own SQLite file.

The commands run in this process through Click's test runner: the same Typer app, argument parsing, exit
codes, stdout and stderr as the console script, without paying the interpreter's start for every call
(the console script itself is run as a real process in tests/test_cli.py). Each call starts from the
environment a fresh process would see: settings re-read, BOBHUB_* variables only as given, and the log
set-up it makes undone afterwards. An exception the command lets escape is written to stderr as a
traceback, as the interpreter would.

BOBHUB_SECRET_KEY is left unset, so the key file beside the database is exercised.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import structlog
from typer.testing import CliRunner

from bobhub.cli.main import app
from bobhub.sandbox.state import ServiceUser
from bobhub.settings import get_settings

UserOf = Callable[[str], ServiceUser]


@dataclass
class Cli:
    """Runs `bobhub` in a scratch directory with its own database."""

    cwd: Path
    env: dict[str, str]

    def run(self, *args: str, stdin: str | None = None, **env: str) -> subprocess.CompletedProcess[str]:
        inherited: dict[str, str | None] = {name: None for name in os.environ if name.startswith("BOBHUB_")}
        log_config = structlog.get_config()
        get_settings.cache_clear()
        try:
            with contextlib.chdir(self.cwd):
                result = CliRunner().invoke(
                    app, list(args), input=stdin, env={**inherited, **self.env, **env}
                )
        finally:
            get_settings.cache_clear()
            structlog.configure(**log_config)
        stderr = result.stderr
        if result.exc_info is not None and not isinstance(result.exception, SystemExit):
            stderr += "".join(traceback.format_exception(*result.exc_info))
        return subprocess.CompletedProcess(["bobhub", *args], result.exit_code, result.stdout, stderr)

    def json(self, *args: str, stdin: str | None = None, **env: str) -> Any:
        result = self.run(*args, "--json", stdin=stdin, **env)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    def link(self, su: ServiceUser, base_url: str, *extra: str) -> Any:
        return self.json(
            "link", "--base-url", base_url, "--id", su.id, "--token-stdin", *extra, stdin=su.token
        )


def one_line_failure(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    env = {
        "BOBHUB_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bobhub.db'}",
        "COLUMNS": "200",
    }
    return Cli(tmp_path, env)
