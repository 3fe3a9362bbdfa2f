"""A sync killed with SIGKILL at random points and then run again converges to the fault-free store."""

from __future__ import annotations

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
    command = [sys.executable, "-m", "tests.sync.killable", url, account_id, str(RATE_WINDOW)]
    env = {**os.environ, "BOBHUB_TEST_VAULT_KEY": key.decode()}
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)


async def test_kill_9_at_random_points_then_rerun_converges(
    linked: Linked, base_url: str, tmp_path: Path
) -> None:
    clean = await linked.sync(balance_budget=0)
    assert clean["status"] == "succeeded"
    key = Fernet.generate_key()
    url = f"sqlite+aiosqlite:///{tmp_path / 'killed.db'}"
    db = Database(url)
    await db.migrate()
    try:
        killed = await link(db, linked.user, base_url, Vault(key))
        rnd = random.Random(9)

        for _ in range(KILLS):
            process = start(url, killed.account_id, key)
            assert process.stdout is not None
            assert process.stdout.readline() == "started\n"  # however long its imports took on this machine
            time.sleep(rnd.uniform(0.0, 2.2))  # the sync itself takes a few seconds
            process.send_signal(signal.SIGKILL)
            process.communicate(timeout=30)
        final = start(url, killed.account_id, key)
        out, _ = final.communicate(timeout=120)

        assert final.returncode == 0
        assert out.split() == ["started", "succeeded"]
        assert await killed.snapshot() == await linked.snapshot()
        async with db.session() as session:
            runs = await store.list_runs(session, killed.account_id, limit=KILLS + 1)
        assert runs[0].status == "succeeded"
        killed_runs = [r.status for r in runs[1:]]
        assert "interrupted" in killed_runs
        assert "running" not in killed_runs  # the next run marked every killed one interrupted
    finally:  # a failed assertion must not leave connections for a later test to find
        await db.dispose()
