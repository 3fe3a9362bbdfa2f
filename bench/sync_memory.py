"""Sync memory benchmark: the peak RSS of the process running the first sync of a 100,000-employee company.

The sandbox runs in its own process (it needs ~3 GB for 100,000 people); only the syncing process counts
against the target (400 MB). This module imports no more than a sync needs, so the figure is the sync's.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet

from bench.accounts import link, peak_rss_mb, timed_full_sync
from bench.sandbox import running_sandbox
from bobhub.logs import configure as configure_logs
from bobhub.store import Database, Vault

TARGET_MB = 400


async def bench(banner: dict[str, Any], employees: int, rate_window: float, folder: Path) -> dict[str, Any]:
    su = next(u for u in banner["service_users"] if u["preset"] == "full")
    base_url = banner["url"].removesuffix("/v1")
    vault = Vault(Fernet.generate_key())
    db = Database(f"sqlite+aiosqlite:///{folder / 'bench.db'}")
    await db.migrate()
    account_id = await link(db, vault, su, base_url)
    before = peak_rss_mb()
    result, seconds, stats = await timed_full_sync(db, vault, account_id, base_url, rate_window)
    await db.dispose()
    return {
        "employees": employees,
        "status": result["status"],
        "full_sync_seconds": round(seconds, 1),
        "full_sync_calls": sum(stats["calls"].values()),
        "rss_before_sync_mb": round(before, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "peak_rss_target_mb": TARGET_MB,
    }


def run(employees: int = 100_000, rate_window: float = 2.0) -> dict[str, Any]:
    configure_logs("ERROR")
    with running_sandbox(employees, rate_window) as (_, banner, _), tempfile.TemporaryDirectory() as folder:
        return asyncio.run(bench(banner, employees, rate_window, Path(folder)))


if __name__ == "__main__":
    import json

    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    print(json.dumps(run(size), indent=2))
