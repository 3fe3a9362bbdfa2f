"""Sync benchmark: a full sync of a 10,000-employee sandbox (in its own process), then webhooks for 1 %.

Reports the full sync's wall time as a ratio to the rate-limit floor (bench.hibob_client explains the
floor), its calls, the peak RSS of this (the syncing) process, and the calls of the webhook-driven
incremental sync after `/_sandbox/changes` updated 1 % of the employees, as a fraction of the full sync's.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from cryptography.fernet import Fernet
from pydantic import SecretStr

from bench.accounts import link, peak_rss_mb, timed_full_sync
from bench.hibob_client import floor_seconds
from bench.sandbox import running_sandbox
from bobhub.api.app import create_app
from bobhub.api.keys.service import create_api_key
from bobhub.logs import configure as configure_logs
from bobhub.serving import BackgroundServer
from bobhub.settings import Settings
from bobhub.store import Account, Database, Vault
from bobhub.store import records as store

SECRET = "bench-webhook-secret"


async def link_with_key(db: Database, vault: Vault, su: dict[str, Any], base_url: str) -> str:
    """The bench account, and an API key for its tenant (the webhook route needs the tenant to exist)."""
    account_id = await link(db, vault, su, base_url)
    async with db.session() as session:
        await create_api_key(session, "bench", ["read", "write"])
        await session.commit()
    return account_id


def serve_api(settings: Settings) -> BackgroundServer:
    app = create_app(settings)
    return BackgroundServer(app, name="bobhub-api").start()


async def webhook_calls(db: Database, account_id: str, settle: float = 3.0) -> int:
    """Calls of the webhook runs, once no new run has appeared for `settle` seconds."""
    seen, quiet_since = -1, time.monotonic()
    while True:
        async with db.session() as session:
            runs = [r for r in await store.list_runs(session, account_id, limit=100) if r.kind == "webhook"]
        done = [r for r in runs if r.status != "running"]
        if len(done) != seen or len(done) != len(runs):
            seen, quiet_since = len(done), time.monotonic()
        elif time.monotonic() - quiet_since > settle:
            return sum(s["calls"] for r in done for s in (r.summary or {}).get("streams", []))
        await asyncio.sleep(0.2)


async def after_webhooks(
    admin: httpx.AsyncClient, db: Database, vault: Vault, settings: Settings, account_id: str, employees: int
) -> tuple[int, int]:
    """HiBob's calls (sandbox count, and as the webhook runs counted them) after updates to 1 % of people."""
    api = serve_api(settings)
    try:
        async with db.session() as session:
            account = await session.get(Account, account_id)
            assert account is not None
            account.webhook_secret_ciphertext = vault.encrypt(SECRET)
            await session.commit()
        hook = f"{api.base_url}/v1/webhooks/hibob/{account_id}"
        await admin.post("/webhooks", json={"url": hook, "secret": SECRET})
        await admin.delete("/stats")
        await admin.post("/changes", json={"update": max(1, employees // 100)})
        by_runs = await webhook_calls(db, account_id)
        stats = (await admin.get("/stats")).json()
    finally:
        api.stop()
    return sum(stats["calls"].values()), by_runs


async def bench(banner: dict[str, Any], employees: int, rate_window: float, folder: Path) -> dict[str, Any]:
    su = next(u for u in banner["service_users"] if u["preset"] == "full")
    base_url = banner["url"].removesuffix("/v1")
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{folder / 'bench.db'}",
        secret_key=SecretStr(Fernet.generate_key().decode()),
    )
    vault = Vault.from_settings(settings)
    db = Database(settings.database_url)
    await db.migrate()
    account_id = await link_with_key(db, vault, su, base_url)
    before = peak_rss_mb()
    result, seconds, full_stats = await timed_full_sync(db, vault, account_id, base_url, rate_window)
    rss = peak_rss_mb()
    async with httpx.AsyncClient(base_url=f"{base_url}/_sandbox", timeout=60) as admin:
        incremental_calls, by_runs = await after_webhooks(admin, db, vault, settings, account_id, employees)
    await db.dispose()
    full_calls = sum(full_stats["calls"].values())
    floor = floor_seconds(full_stats["calls"], rate_window)
    return {
        "employees": employees,
        "rate_window": rate_window,
        "status": result["status"],
        "full_sync_seconds": round(seconds, 2),
        "floor_seconds": round(floor, 2),
        "ratio_to_floor": round(seconds / floor, 3) if floor else None,
        "full_sync_calls": full_calls,
        "rate_limited": full_stats["rate_limited"],
        "rss_before_sync_mb": round(before, 1),
        "peak_rss_mb": round(rss, 1),
        "incremental_calls": incremental_calls,
        "incremental_calls_counted_by_runs": by_runs,
        "incremental_fraction": round(incremental_calls / full_calls, 4),
    }


def run(employees: int = 10_000, rate_window: float = 2.0) -> dict[str, Any]:
    configure_logs("ERROR")  # retry lines on stderr only: `make bench` prints nothing but JSON on stdout
    with running_sandbox(employees, rate_window) as (_, banner, _), tempfile.TemporaryDirectory() as folder:
        return asyncio.run(bench(banner, employees, rate_window, Path(folder)))


if __name__ == "__main__":
    import json

    size = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    print(json.dumps(run(size), indent=2))
