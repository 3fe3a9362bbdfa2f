"""A sync killed with SIGKILL at random points and then run again converges to the fault-free store."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from cryptography.fernet import Fernet

from bobhub.store import Database, Vault
from bobhub.store import records as store
from tests.sync.conftest import RATE_WINDOW, Linked, link

KILLS = 10
ROOT = Path(__file__).resolve().parents[2]


def start(url: str, account_id: str, key: bytes) -> subprocess.Popen[str]:
    """The process that forks one sync child per "sync" line (tests/sync/killable.py)."""
    command = [sys.executable, "-m", "tests.sync.killable", url, account_id, str(RATE_WINDOW)]
    env = {**os.environ, "BOBHUB_TEST_VAULT_KEY": key.decode()}
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )


def sync(forker: subprocess.Popen[str]) -> int:
    """Starts one sync child and returns its pid once its sync has begun."""
    assert forker.stdin is not None
    assert forker.stdout is not None
    forker.stdin.write("sync\n")
    forker.stdin.flush()
    started, pid = forker.stdout.readline().split()
    assert started == "started"
    return int(pid)


def until_ended(forker: subprocess.Popen[str]) -> list[str]:
    """What the child printed after "started", up to its end."""
    assert forker.stdout is not None
    lines = []
    while (line := forker.stdout.readline().strip()) != "ended":
        assert line, "the forking process stopped"
        lines.append(line)
    return lines


async def test_kill_9_at_random_points_then_rerun_converges(
    linked: Linked, base_url: str, tmp_path: Path
) -> None:
    began = time.monotonic()
    clean = await linked.sync(full=True, balance_budget=0)
    assert clean["status"] == "succeeded"
    sync_seconds = time.monotonic() - began
    key = Fernet.generate_key()
    url = f"sqlite+aiosqlite:///{tmp_path / 'killed.db'}"
    db = Database(url)
    await db.migrate()
    try:
        killed = await link(db, linked.user, base_url, Vault(key))
        rnd = random.Random(9)

        forker = start(url, killed.account_id, key)
        try:
            for _ in range(KILLS):
                pid = sync(forker)
                time.sleep(rnd.uniform(0.0, sync_seconds))  # a random point of a full sync
                with contextlib.suppress(ProcessLookupError):  # it may have finished already
                    os.kill(pid, signal.SIGKILL)
                until_ended(forker)
            sync(forker)
            assert until_ended(forker) == ["succeeded"]
        finally:
            forker.kill()
            forker.communicate(timeout=30)

        assert await killed.snapshot() == await linked.snapshot()
        async with db.session() as session:
            runs = await store.list_runs(session, killed.account_id, limit=KILLS + 1)
        assert runs[0].status == "succeeded"
        killed_runs = [r.status for r in runs[1:]]
        assert "interrupted" in killed_runs
        assert "running" not in killed_runs  # the next run marked every killed one interrupted
    finally:  # a failed assertion must not leave connections for a later test to find
        await db.dispose()
