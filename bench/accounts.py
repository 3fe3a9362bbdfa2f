"""What the sync and API benchmarks share: a bench tenant's account linked to a sandbox service user,
and the peak RSS of this process."""

from __future__ import annotations

import resource
import sys
from typing import Any

from bobhub.store import Account, Database, Tenant, Vault


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
