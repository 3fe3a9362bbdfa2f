"""Runs left behind and account status: a stopped process's run is interrupted, a clean sync clears alarms."""

from __future__ import annotations

import datetime as dt
import json
import socket
import subprocess
import sys

from bobhub.store import records as store
from bobhub.store.models import SyncRun
from bobhub.sync.owner import this_process
from tests.sync.conftest import Linked


async def left_running(
    linked: Linked, owner: dict[str, object], *, age: dt.timedelta = dt.timedelta()
) -> str:
    """A run as a process leaves it when it stops mid-sync: started, owned, never finished."""
    async with linked.db.session() as session:
        started = dt.datetime.now(dt.UTC) - age
        run = await store.start_run(session, linked.account_id, "incremental", now=started, owner=owner)
        await session.commit()
        return run.id


async def run_of(linked: Linked, run_id: str) -> SyncRun:
    async with linked.db.session() as session:
        found = await session.get(SyncRun, run_id)
        assert found is not None
        return found


def finished_process() -> dict[str, object]:
    """The owner record of a process that has exited since."""
    code = "import json, os; from bobhub.sync.owner import this_process; print(json.dumps(this_process()))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    owner: dict[str, object] = json.loads(done.stdout)
    return owner


class TestInterruptedRuns:
    async def test_a_stopped_process_run_is_marked_interrupted_by_the_next(self, linked: Linked) -> None:
        stale = await left_running(linked, finished_process())

        result = await linked.sync(balance_budget=0)

        run = await run_of(linked, stale)
        assert (run.status, run.finished_at is not None) == ("interrupted", True)
        assert "stopped before it finished" in (run.error or "")
        assert any(stale in note for note in result["notes"])

    async def test_a_run_of_a_live_process_is_left_running(self, linked: Linked) -> None:
        live = await left_running(linked, this_process())  # e.g. a webhook refetch in this very process

        await linked.sync(balance_budget=0)

        assert (await run_of(linked, live)).status == "running"

    async def test_a_run_silent_for_a_day_elsewhere_is_marked_interrupted(self, linked: Linked) -> None:
        elsewhere = {"host": f"not-{socket.gethostname()}", "pid": 1, "started": "1"}
        recent = await left_running(linked, elsewhere, age=dt.timedelta(hours=1))
        old = await left_running(linked, elsewhere, age=dt.timedelta(days=2))

        await linked.sync(balance_budget=0)

        assert (await run_of(linked, recent)).status == "running"  # it may still be syncing there
        assert (await run_of(linked, old)).status == "interrupted"


class TestAccountStatus:
    async def test_a_doctor_finding_is_not_cleared_by_a_clean_sync(self, linked: Linked) -> None:
        async with linked.db.session() as session:
            await store.set_sync_status(session, linked.account_id, "needs_attention", None)
            await session.commit()

        result = await linked.sync(balance_budget=0)

        assert result["status"] == "succeeded"
        assert (await linked.account()).status == "needs_attention"
