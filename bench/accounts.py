"""What the sync and API benchmarks share: a bench tenant's account linked to a sandbox service user,
a full sync timed against the sandbox's call count, and the peak RSS of this process."""

from __future__ import annotations

import resource
import sys
import time
from typing import Any

import httpx

from bobhub.hibob import InMemoryBudget
from bobhub.store import Account, Database, Tenant, Vault
from bobhub.sync import SyncResult, run_sync


def peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20


async def link(db: Database, vault: Vault, su: dict[str, Any], base_url: str) -> str:
    """A tenant "bench" and an account linked to the sandbox's service user `su`; the account's id."""
    async with db.session() as session:
        tenant = Tenant(name="bench")
        session.add(tenant)
        await session.flush()
        account = Account(
            tenant_id=tenant.id,
            name="bench",
            service_user_id=su["id"],
            base_url=base_url,
            token_ciphertext=vault.encrypt(su["token"]),
            status="linked",
        )
        session.add(account)
        await session.commit()
        return account.id


async def timed_full_sync(
    db: Database, vault: Vault, account_id: str, base_url: str, rate_window: float, **options: Any
) -> tuple[SyncResult, float, dict[str, Any]]:
    """A first sync of the account: its result, wall seconds, and the sandbox's stats of just its calls."""
    async with httpx.AsyncClient(base_url=f"{base_url}/_sandbox", timeout=60) as admin:
        await admin.delete("/stats")
        started = time.perf_counter()
        result = await run_sync(db, vault, account_id, budget=InMemoryBudget(window=rate_window), **options)
        seconds = time.perf_counter() - started
        stats: dict[str, Any] = (await admin.get("/stats")).json()
    return result, seconds, stats
