"""Every way the sandbox can misbehave during a sync ends in the same store as a fault-free sync."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from bobhub.sandbox.faults import KINDS
from bobhub.sandbox.state import Sandbox
from bobhub.store import Database
from tests.sync.conftest import Linked, link

BALANCES = 20  # enough balance calls to meet faults, few enough to keep the test quick
# "lag" serves employees as they were before their last write for a while; it never "fires" on a read.
FIRED_PER_REQUEST = frozenset(KINDS) - {"lag"}


@pytest.mark.parametrize("kind", KINDS)
async def test_a_faulty_sync_converges_to_the_fault_free_store(
    kind: str, linked: Linked, sandbox: Sandbox, base_url: str, tmp_path: Path
) -> None:
    clean = await linked.sync(balance_budget=BALANCES)
    assert clean["status"] == "succeeded"
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'faulty.db'}")
    await db.migrate()
    faulty = await link(db, linked.user, base_url)
    sandbox.faults.add(kind, rate=0.3, count=4, user=linked.user.id, seconds=1.5, seed=11)

    # A short timeout so that the "timeout" fault (1.5 s of silence) is met and retried quickly.
    async with httpx.AsyncClient(timeout=1.0) as http:
        result = await faulty.sync(balance_budget=BALANCES, http_client=http)

    stored = await faulty.snapshot()
    await db.dispose()
    assert result["status"] == "succeeded", result
    assert sandbox.faults.rules[0].fired > 0 or kind not in FIRED_PER_REQUEST
    assert stored == await linked.snapshot()
