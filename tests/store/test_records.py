"""Synced records on both backends: upsert counts, no silent loss, deletion flags, revival and isolation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, ClassVar

import pytest
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from bobhub.store import Database
from bobhub.store.records import (
    UpsertStats,
    count_records,
    get_record,
    iter_records,
    list_owners,
    list_remote_ids,
    mark_missing_deleted,
    mark_unseen_deleted,
    upsert_records,
)
from tests.store.factories import make_account

T0 = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
T1 = T0 + dt.timedelta(hours=1)
T2 = T0 + dt.timedelta(hours=2)


class Person(BaseModel):
    """A small unified-style record: the envelope attributes the store relies on, and a few fields."""

    RESOURCE: ClassVar[str] = "employees"
    remote_id: str
    hidden_fields: list[str] = []
    remote_data: dict[str, Any] | None = None
    name: str | None = None
    salary: int | None = None
    home: dict[str, Any] | None = None
    custom_fields: dict[str, Any] | None = None

    def content(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude={"remote_data"})


class Row(Person):
    RESOURCE: ClassVar[str] = "job_records"


class Doc(Person):
    RESOURCE: ClassVar[str] = "documents"
    employee_remote_id: str | None = None


def people(n: int, **fields: Any) -> list[Person]:
    return [
        Person(**{"remote_id": f"E{i}", "name": f"Person {i}", "salary": 1000 + i, **fields})
        for i in range(n)
    ]


async def stored(session: AsyncSession, account: str, remote_id: str, resource: str = "employees") -> Any:
    record = await get_record(session, account, resource, remote_id)
    assert record is not None
    return record


class TestUpsertRecords:
    async def test_counts_created_updated_unchanged(self, session: AsyncSession, account: str) -> None:
        assert await upsert_records(session, account, "employees", people(3), now=T0) == UpsertStats(
            created=3
        )
        batch = people(4)
        batch[0] = Person(remote_id="E0", name="Renamed", salary=1000)
        stats = await upsert_records(session, account, "employees", batch, now=T1)
        assert stats == UpsertStats(created=1, updated=1, unchanged=2)
        assert stats.changed == 2
        assert await count_records(session, account, "employees") == 4

    async def test_stores_content_envelope_and_hash(self, session: AsyncSession, account: str) -> None:
        person = Person(remote_id="E1", name="Ada", remote_data={"id": "E1", "displayName": "Ada"})
        await upsert_records(session, account, "employees", [person], now=T0)
        record = await stored(session, account, "E1")
        assert record.id.startswith("rec_")
        assert record.data == person.content()
        assert record.remote_data == {"id": "E1", "displayName": "Ada"}
        assert record.hidden_fields == []
        assert len(record.content_hash) == 64
        assert (record.created_at, record.modified_at, record.seen_at) == (T0, T0, T0)
        assert record.remote_was_deleted is False

    async def test_identical_reupsert_keeps_modified_at_and_id(
        self, session: AsyncSession, account: str
    ) -> None:
        await upsert_records(session, account, "employees", people(2), now=T0)
        first = await stored(session, account, "E1")
        record_id, digest = first.id, first.content_hash
        stats = await upsert_records(session, account, "employees", people(2), now=T1)
        assert stats == UpsertStats(unchanged=2)
        record = await stored(session, account, "E1")
        assert (record.id, record.content_hash) == (record_id, digest)
        assert record.modified_at == T0
        assert record.seen_at == T1

    async def test_remote_data_change_alone_keeps_modified_at(
        self, session: AsyncSession, account: str
    ) -> None:
        await upsert_records(session, account, "employees", people(1, remote_data={"v": 1}), now=T0)
        stats = await upsert_records(session, account, "employees", people(1, remote_data={"v": 2}), now=T1)
        assert stats == UpsertStats(unchanged=1)
        record = await stored(session, account, "E0")
        assert record.remote_data == {"v": 2}
        assert record.modified_at == T0

    async def test_content_change_moves_modified_at(self, session: AsyncSession, account: str) -> None:
        await upsert_records(session, account, "employees", people(1), now=T0)
        await upsert_records(session, account, "employees", [Person(remote_id="E0", name="New")], now=T1)
        record = await stored(session, account, "E0")
        assert record.modified_at == T1
        assert record.created_at == T0
        assert record.data["name"] == "New"

    async def test_same_remote_id_twice_in_a_batch_keeps_the_last(
        self, session: AsyncSession, account: str
    ) -> None:
        batch = [Person(remote_id="E1", name="first"), Person(remote_id="E1", name="last")]
        assert await upsert_records(session, account, "employees", batch) == UpsertStats(created=1)
        assert (await stored(session, account, "E1")).data["name"] == "last"

    async def test_refuses_a_record_of_another_resource(self, session: AsyncSession, account: str) -> None:
        with pytest.raises(ValueError, match="job_records"):
            await upsert_records(session, account, "employees", [Row(remote_id="E1:work:1")])


class TestHiddenFields:
    async def test_hidden_field_keeps_the_stored_value(self, session: AsyncSession, account: str) -> None:
        await upsert_records(session, account, "employees", [Person(remote_id="E1", name="Ada", salary=90)])
        hidden = Person(remote_id="E1", name="Ada", salary=None, hidden_fields=["salary"])
        stats = await upsert_records(session, account, "employees", [hidden], now=T1)
        assert stats == UpsertStats(updated=1)  # the permission change itself is a change of our copy
        record = await stored(session, account, "E1")
        assert record.data["salary"] == 90
        assert record.hidden_fields == ["salary"]
        assert record.modified_at == T1
        again = await upsert_records(session, account, "employees", [hidden], now=T2)
        assert again == UpsertStats(unchanged=1)
        assert (await stored(session, account, "E1")).modified_at == T1

    async def test_visible_again_takes_the_new_value(self, session: AsyncSession, account: str) -> None:
        await upsert_records(session, account, "employees", [Person(remote_id="E1", salary=90)])
        await upsert_records(
            session, account, "employees", [Person(remote_id="E1", hidden_fields=["salary"])]
        )
        await upsert_records(session, account, "employees", [Person(remote_id="E1", salary=None)])
        record = await stored(session, account, "E1")
        assert record.data["salary"] is None  # visible and empty in HiBob: null is the truth now
        assert record.hidden_fields == []

    async def test_dotted_path_keeps_a_nested_value(self, session: AsyncSession, account: str) -> None:
        home = {"address": "1 Main St", "city": "Leeds"}
        await upsert_records(session, account, "employees", [Person(remote_id="E1", home=home)])
        partial = Person(
            remote_id="E1", home={"address": None, "city": "York"}, hidden_fields=["home.address"]
        )
        await upsert_records(session, account, "employees", [partial])
        assert (await stored(session, account, "E1")).data["home"] == {"address": "1 Main St", "city": "York"}

    async def test_hidden_custom_field_keeps_its_value(self, session: AsyncSession, account: str) -> None:
        # HiBob's custom field ids have dots of their own: only the first one separates the path.
        field = "work.custom.field_1711886937296"
        seen = Person(remote_id="E1", custom_fields={field: 900})
        await upsert_records(session, account, "employees", [seen])
        hidden = Person(remote_id="E1", custom_fields={}, hidden_fields=[f"custom_fields.{field}"])
        await upsert_records(session, account, "employees", [hidden])
        assert (await stored(session, account, "E1")).data["custom_fields"] == {field: 900}

    async def test_hidden_on_a_new_record_stays_null(self, session: AsyncSession, account: str) -> None:
        await upsert_records(
            session, account, "employees", [Person(remote_id="E1", hidden_fields=["salary"])]
        )
        record = await stored(session, account, "E1")
        assert record.data["salary"] is None
        assert record.hidden_fields == ["salary"]


class TestUnseenSince:
    async def test_records_not_seen_since_a_read_began_are_flagged(
        self, session: AsyncSession, account: str
    ) -> None:
        await upsert_records(session, account, "employees", people(4), now=T0)
        await upsert_records(session, account, "employees", people(2), now=T1)  # E0 and E1 read again
        assert await mark_unseen_deleted(session, account, "employees", since=T1, now=T2) == 2
        assert await count_records(session, account, "employees") == 2
        assert (await stored(session, account, "E3")).modified_at == T2

    async def test_owners_and_seen_at_never_moving_back(self, session: AsyncSession, account: str) -> None:
        docs = [Doc(remote_id=f"D{e}", employee_remote_id=e) for e in ("E1", "E2", "E3")]
        await upsert_records(session, account, "documents", docs, now=T1)
        changed = Doc(remote_id="DE1", employee_remote_id="E1", name="renamed")
        await upsert_records(session, account, "documents", [changed, docs[1]], now=T0)  # an older run
        assert (await stored(session, account, "DE1", "documents")).seen_at == T1
        await upsert_records(session, account, "documents", [docs[0]], now=T2)
        flagged = await mark_unseen_deleted(session, account, "documents", since=T2, owners={"E1", "E2"})
        assert flagged == 1  # DE2; DE3's employee was not read
        assert await list_owners(session, account, "documents") == {"E1", "E3"}


class TestMarkMissingDeleted:
    async def test_compares_a_page_at_a_time(self, session: AsyncSession, account: str) -> None:
        await upsert_records(session, account, "employees", people(11), now=T0)
        seen = {f"E{i}" for i in range(11) if i % 2}
        assert await mark_missing_deleted(session, account, "employees", seen, now=T1, page=3) == 6
        assert await count_records(session, account, "employees") == 5

    async def test_owners_limit_to_their_employees_records(self, session: AsyncSession, account: str) -> None:
        docs = [Doc(remote_id=f"D{e}{n}", employee_remote_id=e) for e in ("E1", "E2", "E3") for n in (1, 2)]
        await upsert_records(session, account, "documents", docs, now=T0)
        assert await list_owners(session, account, "documents") == {"E1", "E2", "E3"}
        flagged = await mark_missing_deleted(session, account, "documents", {"DE11"}, owners={"E1", "E3"})
        assert flagged == 3  # DE12, DE31, DE32; E2's documents were not read, so not judged
        assert await list_owners(session, account, "documents") == {"E1", "E2"}
        assert await mark_missing_deleted(session, account, "documents", set(), owners=set()) == 0

    async def test_flags_never_deletes(self, session: AsyncSession, account: str) -> None:
        await upsert_records(session, account, "employees", people(3), now=T0)
        flagged = await mark_missing_deleted(session, account, "employees", {"E0", "E2"}, now=T1)
        assert flagged == 1
        record = await stored(session, account, "E1")
        assert record.remote_was_deleted is True
        assert record.modified_at == T1
        assert record.data["name"] == "Person 1"
        assert await count_records(session, account, "employees") == 2
        assert await count_records(session, account, "employees", include_deleted=True) == 3
        assert await mark_missing_deleted(session, account, "employees", {"E0", "E2"}) == 0

    async def test_scope_limits_to_remote_id_prefixes(self, session: AsyncSession, account: str) -> None:
        rows = [Row(remote_id=f"{e}:work:{n}") for e in ("E1", "E2") for n in (1, 2)]
        await upsert_records(session, account, "job_records", rows)
        flagged = await mark_missing_deleted(session, account, "job_records", {"E1:work:1"}, scope=["E1:"])
        assert flagged == 1
        assert (await stored(session, account, "E1:work:2", "job_records")).remote_was_deleted is True
        assert (await stored(session, account, "E2:work:2", "job_records")).remote_was_deleted is False
        assert await mark_missing_deleted(session, account, "job_records", set(), scope=[]) == 0

    async def test_seen_again_is_revived(self, session: AsyncSession, account: str) -> None:
        await upsert_records(session, account, "employees", people(2), now=T0)
        await mark_missing_deleted(session, account, "employees", {"E0"}, now=T1)
        stats = await upsert_records(session, account, "employees", people(2), now=T2)
        assert stats == UpsertStats(unchanged=1, revived=1)
        record = await stored(session, account, "E1")
        assert record.remote_was_deleted is False
        assert record.modified_at == T2
        assert await count_records(session, account, "employees") == 2


class TestIsolation:
    async def test_other_accounts_and_resources_are_untouched(
        self, session: AsyncSession, account: str
    ) -> None:
        other = await make_account(session, "globex")
        await upsert_records(session, other, "employees", people(2), now=T0)
        await upsert_records(session, account, "employees", people(2, salary=None), now=T0)
        await upsert_records(session, account, "job_records", [Row(remote_id="E0:work:1")], now=T0)
        await upsert_records(session, account, "employees", [Person(remote_id="E0", name="X")], now=T1)
        assert await mark_missing_deleted(session, account, "employees", set(), now=T1) == 2
        theirs = await stored(session, other, "E0")
        assert (theirs.data["name"], theirs.modified_at, theirs.remote_was_deleted) == ("Person 0", T0, False)
        assert await count_records(session, other, "employees") == 2
        assert await count_records(session, account, "job_records") == 1
        assert await get_record(session, other, "job_records", "E0:work:1") is None


class TestIterRecords:
    async def test_pages_in_remote_id_order(self, session: AsyncSession, account: str) -> None:
        await upsert_records(session, account, "employees", people(7))
        await mark_missing_deleted(session, account, "employees", {f"E{i}" for i in range(6)})
        seen = [r.remote_id async for r in iter_records(session, account, "employees", batch=2)]
        assert seen == [f"E{i}" for i in range(6)]
        everything = [
            r.remote_id async for r in iter_records(session, account, "employees", include_deleted=True)
        ]
        assert len(everything) == 7

    async def test_remote_ids_only(self, session: AsyncSession, account: str) -> None:
        await upsert_records(session, account, "employees", people(3))
        await mark_missing_deleted(session, account, "employees", {"E0", "E1"})
        assert await list_remote_ids(session, account, "employees") == {"E0", "E1"}
        assert await list_remote_ids(session, account, "employees", include_deleted=True) == {
            "E0",
            "E1",
            "E2",
        }
        assert await list_remote_ids(session, account, "job_records") == set()


def employee_sized(i: int, version: int = 0) -> Person:
    # About 3 KB of JSON, like a HiBob employee with its sections.
    home = {f"field_{k}": f"value {i} {k} " + "x" * 40 for k in range(50)}
    return Person(remote_id=f"E{i:05d}", name=f"Person {i} v{version}", salary=i, home=home)


class TestLargeBatch:
    async def test_ten_thousand_employees_on_sqlite(self, tmp_path: Path) -> None:
        db = Database(f"sqlite+aiosqlite:///{tmp_path / 'large.db'}")
        try:
            await db.migrate()
            async with db.session() as session:
                account = await make_account(session)
                batch = [employee_sized(i) for i in range(10_000)]
                created = await upsert_records(session, account, "employees", batch, now=T0)
                assert created == UpsertStats(created=10_000)
                await session.commit()
                batch[123] = employee_sized(123, version=1)
                stats = await upsert_records(session, account, "employees", batch, now=T1)
                assert stats == UpsertStats(updated=1, unchanged=9_999)
                await session.commit()
                assert await count_records(session, account, "employees") == 10_000
                assert (await stored(session, account, "E00123")).modified_at == T1
                assert (await stored(session, account, "E00124")).modified_at == T0
        finally:
            await db.dispose()


class TestManyChunks:
    async def test_stats_hold_across_many_chunks(self, session: AsyncSession, account: str) -> None:
        # More chunks than psycopg runs before it prepares the statement, on both backends.
        batch = people(3_210)
        assert await upsert_records(session, account, "employees", batch, now=T0) == UpsertStats(
            created=3_210
        )
        batch[7] = Person(remote_id="E7", name="changed")
        batch[3_209] = Person(remote_id="E3209", name="Person 3209", salary=4209, hidden_fields=["name"])
        stats = await upsert_records(session, account, "employees", [*batch, *people(2)], now=T1)
        assert stats == UpsertStats(updated=2, unchanged=3_208)
        assert (
            await mark_missing_deleted(session, account, "employees", {"E1"}, scope=["E32"]) == 21
        )  # E32, E320-E329, E3200-E3209
