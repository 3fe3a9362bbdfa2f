"""Running `bobhub` as a user does: a real process, in a scratch directory with its own SQLite file.

BOBHUB_SECRET_KEY is left unset, so the key file beside the database is exercised.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bobhub.sandbox.state import ServiceUser

BOBHUB = os.path.join(os.path.dirname(sys.executable), "bobhub")
UserOf = Callable[[str], ServiceUser]


@dataclass
class Cli:
    """Runs `bobhub` in a scratch directory with its own database."""

    cwd: Path
    env: dict[str, str]

    def run(self, *args: str, stdin: str | None = None, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [BOBHUB, *args],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
            cwd=self.cwd,
            env={**self.env, **env},
        )

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
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOBHUB_")}
    env["BOBHUB_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'bobhub.db'}"
    env["COLUMNS"] = "200"
    return Cli(tmp_path, env)
