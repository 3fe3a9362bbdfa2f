"""Syncs in their own processes, for the kill -9 test: `python -m tests.sync.killable DB_URL ACCOUNT WINDOW`.

The process imports bobhub once, then forks one child per line "sync" read on stdin; each child is a
separate process with its own event loop and database connections, running one full sync of ACCOUNT. A
child prints "started PID" as its sync begins and its run's status if it ends; once the child is gone,
however it went, the parent prints "ended". So the test pays the imports once, not once per kill.

The vault key comes in BOBHUB_TEST_VAULT_KEY so that it never shows in a process listing.
"""

from __future__ import annotations

import asyncio
import os
import sys

from bobhub.hibob import InMemoryBudget
from bobhub.store import Database, Vault
from bobhub.sync import run_sync


async def sync_once(url: str, account_id: str, window: float) -> None:
    db = Database(url)
    vault = Vault(os.environ["BOBHUB_TEST_VAULT_KEY"])
    say(f"started {os.getpid()}")
    try:
        result = await run_sync(
            db, vault, account_id, full=True, budget=InMemoryBudget(window=window), balance_budget=0
        )
    finally:
        await db.dispose()
    say(result["status"])


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def serve(url: str, account_id: str, window: float) -> None:
    # Only imports have run in this process (no event loop, no threads, no connections), so forking it
    # is safe: everything a sync opens is opened in the child.
    for command in sys.stdin:
        if command.strip() != "sync":
            raise SystemExit(f"unknown command {command.strip()!r}")
        pid = os.fork()
        if pid == 0:
            status = 1
            try:
                asyncio.run(sync_once(url, account_id, window))
                status = 0
            finally:
                os._exit(status)
        os.waitpid(pid, 0)
        say("ended")


if __name__ == "__main__":
    serve(sys.argv[1], sys.argv[2], float(sys.argv[3]))
