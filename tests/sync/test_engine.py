"""Full and repeated syncs against the sandbox: everything visible lands in the store, once."""

from __future__ import annotations

from collections import Counter

from bobhub.sandbox.state import Sandbox
from bobhub.store import records as store
from tests.sync.conftest import Linked


def visible_employees(sandbox: Sandbox, linked: Linked) -> set[str]:
    grants = linked.user.grants
    return {e.id for e in linked.user.company.employees.values() if grants.sees(e.lifecycle_status)}


class TestFullSync:
    async def test_every_stream_fills_its_resource(self, linked_any: Linked, sandbox: Sandbox) -> None:
        result = await linked_any.sync()

        assert result["status"] == "succeeded", result
        assert {s["name"] for s in result["streams"] if s["status"] != "succeeded"} == set()
        employees = await linked_any.records("employees")
        assert set(employees) == visible_employees(sandbox, linked_any)
        statuses = Counter(r.data["employment_status"]["value"] for r in employees.values())
        assert statuses["terminated"] > 0  # terminated people are kept, with their status
        for resource in ("job_records", "employment_records", "lifecycle_records", "compensation_records"):
            rows = await linked_any.records(resource)
            assert {r.data["employee_remote_id"] for r in rows.values()} <= set(employees)
            assert len(rows) >= len(employees) // 2, resource
        for resource in ("groups", "locations", "custom_fields", "time_off_policies", "time_off_requests"):
            assert await linked_any.records(resource), resource

    async def test_the_run_and_its_streams_are_recorded(self, linked: Linked) -> None:
        result = await linked.sync()

        async with linked.db.session() as session:
            runs = await store.list_runs(session, linked.account_id)
            streams = await store.list_stream_runs(session, result["run_id"])
        assert [(r.id, r.status, r.kind) for r in runs] == [(result["run_id"], "succeeded", "incremental")]
        by_name = {s.stream: s for s in streams}
        assert by_name["people"].calls == 2  # the first time: ids to size the company, then everyone
        assert by_name["people"].records == len(await linked.records("employees"))
        assert all(s.duration_ms >= 0 and s.error is None for s in streams)
        assert sum(s["calls"] for s in result["streams"]) == sum(s.calls for s in streams)

    async def test_balances_stay_within_the_budget(self, linked: Linked) -> None:
        result = await linked.sync(balance_budget=7)

        balances = next(s for s in result["streams"] if s["name"] == "time_off_balances")
        assert balances["calls"] == 7
        assert len(await linked.records("time_off_balances")) == 7


class TestRepeatedSync:
    async def test_a_second_sync_modifies_nothing(self, linked: Linked) -> None:
        await linked.sync()
        before = await linked.snapshot()
        stamps = {k: r.modified_at for k, r in (await linked.records("employees")).items()}

        again = await linked.sync()

        assert again["status"] == "succeeded"
        assert await linked.snapshot() == before
        assert {k: r.modified_at for k, r in (await linked.records("employees")).items()} == stamps
        async with linked.db.session() as session:
            streams = await store.list_stream_runs(session, again["run_id"])
        assert [(s.stream, s.created, s.updated, s.deleted) for s in streams if s.created or s.updated] == []
        assert next(s.calls for s in streams if s.stream == "people") == 1  # the whole company in one search
