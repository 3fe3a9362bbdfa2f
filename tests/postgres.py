"""A throwaway PostgreSQL server for tests, started from Debian's binaries (no Docker, no system service).

As root the server runs as the `postgres` user (PostgreSQL refuses root), from a data directory and
a socket directory under a temporary directory, on a free loopback port, with fsync off.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from bobhub.sandbox.server import free_port

PG_BIN = Path("/usr/lib/postgresql/15/bin")


class PostgresUnavailable(RuntimeError):
    """PostgreSQL could not be started on this machine."""


def _as_postgres(argv: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


@dataclass
class PostgresServer:
    """One running server; `url(db)` gives SQLAlchemy URLs, `create_database()` a fresh database."""

    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="bobhub-pg-")))
    port: int = 0

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> PostgresServer:
        if not (PG_BIN / "initdb").exists():
            raise PostgresUnavailable(f"no PostgreSQL binaries in {PG_BIN} (apt-get install postgresql)")
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self.port = free_port()
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} -c fsync=off"
        self._run(
            [
                str(PG_BIN / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
            ]
        )
        self._run(
            [
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.root / "pg.log"),
                "-o",
                options,
                "-w",
                "start",
            ]
        )
        return self

    def _run(self, argv: list[str]) -> None:
        result = subprocess.run(_as_postgres(argv), capture_output=True, text=True, timeout=60, check=False)
        if result.returncode != 0:
            log = self.root / "pg.log"
            tail = log.read_text()[-2000:] if log.exists() else ""
            raise PostgresUnavailable(f"{Path(argv[0]).name} failed: {result.stderr.strip()} {tail}")

    def create_database(self, prefix: str = "bobhub") -> str:
        """A new empty database; returns its SQLAlchemy URL."""
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        if self.data.exists():
            subprocess.run(
                _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"]),
                capture_output=True,
                timeout=60,
                check=False,
            )
        shutil.rmtree(self.root, ignore_errors=True)
