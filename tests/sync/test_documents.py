"""Documents are read by priority within a per-run budget: never read first, then the least recently read."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import httpx

from bobhub.store import Database
from bobhub.store import records as store
from tests.sync.conftest import Linked, link

BUDGET = 15


def documents_calls(result: dict[str, object]) -> int:
    streams = result["streams"]
    assert isinstance(streams, list)
    return int(next(s["calls"] for s in streams if s["name"] == "documents"))


async def read_employees(linked: Linked) -> set[str]:
    async with linked.db.session() as session:
        return await store.read_keys(session, linked.account_id, "documents")


class TestDocumentsBudget:
    async def test_runs_take_turns_until_everyone_is_read(
        self, linked: Linked, base_url: str, tmp_path: Path
    ) -> None:
        result = await linked.sync(balance_budget=0, documents_budget=BUDGET)
        employees = set(await linked.records("employees"))
        read = await read_employees(linked)
        assert len(read) == documents_calls(result) == BUDGET < len(employees)
        assert any(f"documents: read for {BUDGET} of {len(employees)}" in n for n in result["notes"])

        for _ in range(math.ceil(len(employees) / BUDGET) - 1):
            before = read
            result = await linked.sync(balance_budget=0, documents_budget=BUDGET)
            read = await read_employees(linked)
            assert result["status"] == "succeeded"
            assert documents_calls(result) == BUDGET
            assert len(read - before) == min(BUDGET, len(employees) - len(before))  # never read first

        assert read == employees
        db = Database(f"sqlite+aiosqlite:///{tmp_path / 'all.db'}")
        await db.migrate()
        whole = await link(db, linked.user, base_url)
        full = await whole.sync(balance_budget=0, full=True, documents_budget=BUDGET)
        assert documents_calls(full) == len(employees)  # `full` reads everyone
        assert await hashes(whole) == await hashes(linked)
        await db.dispose()

    async def test_once_everyone_is_read_the_least_recently_read_come_next(self, linked: Linked) -> None:
        await linked.sync(balance_budget=0, documents_budget=BUDGET)
        first = await read_employees(linked)
        employees = await linked.records("employees")
        for _ in range(math.ceil(len(employees) / BUDGET) - 1):
            await linked.sync(balance_budget=0, documents_budget=BUDGET)
        due = await least_recent(linked, BUDGET)
        assert set(due) & first

        await linked.sync(balance_budget=0, documents_budget=BUDGET)

        assert not set(due) & set(await least_recent(linked, len(employees) - BUDGET))

    async def test_a_deleted_document_is_flagged_once_its_employee_is_read_again(
        self, linked: Linked, hibob: Callable[[str], httpx.Client]
    ) -> None:
        await linked.sync(balance_budget=0, documents_budget=BUDGET)
        read = await read_employees(linked)
        documents = await linked.records("documents")
        gone = next(d for d in documents.values() if d.data["employee_remote_id"] in read)
        owner, folder = gone.data["employee_remote_id"], gone.data["folder_type"]
        path = f"/docs/people/{owner}/{folder}/{gone.remote_id}"
        if folder not in ("shared", "confidential"):
            path = f"/docs/people/{owner}/folders/{gone.data['folder_remote_id']}/{gone.remote_id}"
        hibob("full").delete(path).raise_for_status()

        result = await linked.sync(balance_budget=0, documents_budget=BUDGET)  # other employees' turn

        assert result["status"] == "succeeded"
        assert not any(d.remote_was_deleted for d in (await linked.records("documents")).values())
        employees = await linked.records("employees")
        for _ in range(math.ceil(len(employees) / BUDGET)):
            await linked.sync(balance_budget=0, documents_budget=BUDGET)
        flagged = {k for k, d in (await linked.records("documents")).items() if d.remote_was_deleted}
        assert flagged == {gone.remote_id}


async def least_recent(linked: Linked, limit: int) -> list[str]:
    async with linked.db.session() as session:
        return await store.least_recent(session, linked.account_id, "documents", limit)


async def hashes(linked: Linked) -> dict[str, tuple[str, bool]]:
    return {k: (r.content_hash, r.remote_was_deleted) for k, r in (await linked.records("documents")).items()}
