"""Big companies are read in bounded pieces (people by id, the change log in slices) into the same store."""

from __future__ import annotations

import math
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bobhub.sandbox.state import Sandbox
from bobhub.store import Database
from bobhub.store.records import TimeOffChange
from bobhub.sync.context import ReadSizes
from tests.sync.conftest import Linked, link

# A 40-person company read as if it were big: ids first, 7 people per search, ~25 changes per read.
SMALL = ReadSizes(people_in_one_search=10, people_per_search=7, changes_per_read=25)


def calls(result: dict[str, Any], stream: str) -> int:
    return int(next(s["calls"] for s in result["streams"] if s["name"] == stream))


async def archived(linked: Linked) -> set[str]:
    async with linked.db.session() as session:
        query = select(TimeOffChange.change_key).where(TimeOffChange.account_id == linked.account_id)
        return set(await session.scalars(query))


@pytest.fixture
async def pieces(linked: Linked, base_url: str, tmp_path: Path) -> AsyncIterator[Linked]:
    """The same service user linked on a second database."""
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'pieces.db'}")
    await db.migrate()
    yield await link(db, linked.user, base_url)
    await db.dispose()


async def test_pieces_store_what_whole_reads_store(linked: Linked, pieces: Linked) -> None:
    whole = await linked.sync(balance_budget=0)

    result = await pieces.sync(balance_budget=0, sizes=SMALL)

    assert whole["status"] == result["status"] == "succeeded"
    employees = len(await pieces.records("employees"))
    assert calls(result, "people") == 1 + math.ceil(employees / SMALL.people_per_search)
    assert calls(result, "time_off_changes") > calls(whole, "time_off_changes")
    assert await pieces.snapshot() == await linked.snapshot()
    assert await archived(pieces) == await archived(linked)


async def test_a_big_company_is_read_by_id_again_and_nothing_moves(linked: Linked) -> None:
    await linked.sync(balance_budget=0, sizes=SMALL)
    before = await linked.snapshot()

    again = await linked.sync(balance_budget=0, sizes=SMALL)

    assert again["status"] == "succeeded"
    employees = len(await linked.records("employees"))
    assert calls(again, "people") == 1 + math.ceil(employees / SMALL.people_per_search)
    assert calls(again, "time_off_changes") == 1  # since the cursor: one slice
    assert await linked.snapshot() == before


async def test_a_company_that_outgrew_one_search_switches_to_batches(linked: Linked) -> None:
    first = await linked.sync(balance_budget=0)
    assert calls(first, "people") == 2  # nothing stored yet: the ids say the company is small

    grown = await linked.sync(balance_budget=0, sizes=SMALL)

    employees = len(await linked.records("employees"))
    assert calls(grown, "people") == 1 + math.ceil(employees / SMALL.people_per_search)


async def test_a_cut_ids_answer_is_read_again(linked: Linked, pieces: Linked, sandbox: Sandbox) -> None:
    await linked.sync(balance_budget=0, sizes=SMALL)
    sandbox.faults.add("truncated", count=1, user=linked.user.id, path="/v1/people/search")

    result = await pieces.sync(balance_budget=0, sizes=SMALL)

    assert result["status"] == "succeeded", result
    assert sandbox.faults.rules[0].fired == 1  # the first search, the ids one, came back cut
    employees = len(await pieces.records("employees"))
    assert calls(result, "people") == 2 + math.ceil(employees / SMALL.people_per_search)
    assert await pieces.snapshot() == await linked.snapshot()
