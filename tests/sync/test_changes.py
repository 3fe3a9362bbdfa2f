"""HR changes made in HiBob between two syncs show up after the next one."""

from __future__ import annotations

import datetime as dt

import httpx

from bobhub.sandbox.state import Sandbox
from bobhub.store import records as store
from tests.sync.conftest import Linked


class TestChangesBetweenSyncs:
    async def test_a_hire_and_a_termination_appear(self, linked: Linked, admin: httpx.Client) -> None:
        await linked.sync()
        before = await linked.records("employees")

        changed = admin.post("/changes", json={"hire": 1, "terminate": 1, "update": 0, "time_off": 0})
        changed.raise_for_status()
        result = await linked.sync()

        assert result["status"] == "succeeded"
        employees = await linked.records("employees")
        [hired], [left] = changed.json()["hired"], changed.json()["terminated"]
        assert hired not in before
        assert hired in employees
        assert employees[hired].data["employment_status"]["value"] in ("active", "pending")
        assert before[left].data["employment_status"]["value"] != "terminated"
        assert employees[left].data["employment_status"]["value"] == "terminated"
        assert employees[left].data["termination_date"] is not None
        assert employees[left].modified_at > before[left].modified_at
        lifecycle = await linked.records("lifecycle_records")
        assert any(r.data["employee_remote_id"] == hired for r in lifecycle.values())

    async def test_new_time_off_requests_are_archived(
        self, linked: Linked, admin: httpx.Client, sandbox: Sandbox
    ) -> None:
        await linked.sync()
        changed = admin.post("/changes", json={"hire": 0, "terminate": 0, "update": 0, "time_off": 2})
        changed.raise_for_status()

        await linked.sync()

        requests = await linked.records("time_off_requests")
        assert {str(r) for r in changed.json()["time_off"]} <= set(requests)


class TestChangeLogGap:
    async def test_a_cursor_older_than_six_months_is_reported_and_healed(self, linked: Linked) -> None:
        await linked.sync(balance_budget=0)
        async with linked.db.session() as session:
            old = dt.datetime.now(dt.UTC) - dt.timedelta(days=300)
            await store.set_cursor(session, linked.account_id, "time_off_changes", old.isoformat())
            await session.commit()
        before = await linked.records("time_off_requests")

        result = await linked.sync(balance_budget=0)

        assert result["status"] == "succeeded"
        [note] = [n for n in result["notes"] if "gap" in n]
        assert "healed" in note
        healed = set(await linked.records("time_off_requests")) - set(before)
        assert healed  # approved absences older than the feed's window, recovered from who's out
