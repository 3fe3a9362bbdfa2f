"""A sync in its own process, for the kill -9 test: `python -m tests.sync.killable DB_URL ACCOUNT WINDOW`.

The vault key comes in BOBHUB_TEST_VAULT_KEY so that it never shows in a process listing. It prints
"started" once its imports are done and the sync begins, then the run's status.
"""

from __future__ import annotations

import asyncio
import os
import sys

from bobhub.hibob import InMemoryBudget
from bobhub.store import Database, Vault
from bobhub.sync import run_sync


async def main(url: str, account_id: str, window: float) -> None:
    db = Database(url)
    vault = Vault(os.environ["BOBHUB_TEST_VAULT_KEY"])
    sys.stdout.write("started\n")
    sys.stdout.flush()
    try:
        result = await run_sync(db, vault, account_id, budget=InMemoryBudget(window=window), balance_budget=0)
    finally:
        await db.dispose()
    sys.stdout.write(result["status"] + "\n")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], float(sys.argv[3])))
