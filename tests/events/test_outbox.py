"""Publishing into the outbox on both backends: who gets which event, once, in the writer's transaction."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from bobhub import events
from bobhub.events.publish import BATCH
from bobhub.store import outbox
from bobhub.store import records as store
from bobhub.store.models import WebhookDelivery, utcnow
from tests.events.conftest import Person, Tenancy, make_tenancy

HOOK = "http://127.0.0.1:9/hook"


async def count_deliveries(tenancy: Tenancy) -> int:
    async with tenancy.db.session() as session:
        return int(await session.scalar(select(func.count()).select_from(WebhookDelivery)) or 0)


class TestRecordChanges:
    async def test_without_subscriptions_nothing_is_queued(self, any_tenancy: Tenancy):
        await any_tenancy.store("Ada")
        assert await count_deliveries(any_tenancy) == 0

    async def test_created_updated_deleted_each_become_an_event_with_the_envelope(self, any_tenancy: Tenancy):
        await any_tenancy.subscribe(HOOK)
        await any_tenancy.store("Ada", "Grace")
        await any_tenancy.store("Ada")  # unchanged: no event
        await any_tenancy.store("Ada L", remote_ids=["ada"])
        await any_tenancy.delete("ada")
        found = [(d.event_type, d.payload["data"]["display_name"]) for d in await any_tenancy.deliveries()]
        assert sorted(found[:2]) == [("employee.created", "Ada"), ("employee.created", "Grace")]
        assert found[2:] == [("employee.updated", "Ada L"), ("employee.deleted", "Grace")]
        body = (await any_tenancy.deliveries())[-1].payload
        assert set(body) == {"id", "type", "created_at", "account_id", "data"}
        assert (body["account_id"], body["id"][:4]) == (any_tenancy.account_id, "evt_")
        assert set(body["data"]) == {
            "id",
            "remote_id",
            "created_at",
            "modified_at",
            "remote_was_deleted",
            "hidden_fields",
            "display_name",
        }
        assert body["data"]["remote_was_deleted"] is True

    async def test_the_same_change_published_twice_is_queued_once(self, any_tenancy: Tenancy):
        await any_tenancy.subscribe(HOOK)
        since = utcnow()
        await any_tenancy.store("Ada")
        async with any_tenancy.db.session() as session:
            await events.record_changes(session, any_tenancy.account_id, since=since)
            await session.commit()
        deliveries = await any_tenancy.deliveries()
        assert [d.event_type for d in deliveries] == ["employee.created"]

    async def test_a_rolled_back_write_queues_nothing(self, any_tenancy: Tenancy):
        await any_tenancy.subscribe(HOOK)
        now = utcnow()
        async with any_tenancy.db.session() as session:
            await store.upsert_records(
                session, any_tenancy.account_id, "employees", [Person("ada", "Ada")], now=now
            )
            await events.record_changes(session, any_tenancy.account_id, since=now)
            await session.rollback()
        assert await count_deliveries(any_tenancy) == 0

    async def test_each_subscription_gets_the_types_and_accounts_it_chose(self, any_tenancy: Tenancy):
        wants_created = await any_tenancy.subscribe(HOOK, ["employee.created"])
        await any_tenancy.subscribe(HOOK, ["time_off_request.created", "sync_run.completed"])
        await any_tenancy.subscribe(HOOK, ["*"], account_id="acc_another")
        mine = await any_tenancy.subscribe(HOOK, ["*"], account_id=any_tenancy.account_id)
        stranger = await make_tenancy(any_tenancy.db, any_tenancy.vault)
        await stranger.subscribe(HOOK)
        await any_tenancy.store("Ada")
        got = sorted((d.subscription_id, d.event_type) for d in await any_tenancy.deliveries())
        assert got == sorted([(wants_created, "employee.created"), (mine, "employee.created")])
        first, second = await any_tenancy.deliveries()
        assert first.event_id == second.event_id
        assert first.id != second.id


class TestAfterSync:
    async def run(self, tenancy: Tenancy, since: dt.datetime, attention: str | None = None) -> str:
        async with tenancy.db.session() as session:
            run = await store.start_run(session, tenancy.account_id, "full", now=since)
            await store.record_stream_run(
                session,
                run.id,
                "people",
                status="succeeded",
                records=3,
                created=3,
                updated=0,
                deleted=0,
                calls=1,
                rate_limited=0,
                duration_ms=5,
            )
            await store.finish_run(session, run, "succeeded")
            await session.commit()
        await events.after_sync(
            tenancy.db, tenancy.account_id, run.id, since=since, status="succeeded", attention=attention
        )
        return run.id

    async def test_a_large_first_sync_queues_every_record_then_the_run(self, any_tenancy: Tenancy):
        await any_tenancy.subscribe(
            HOOK, ["employee.created", "sync_run.completed", "account.needs_attention"]
        )
        since = utcnow()
        names = [f"P{i:04}" for i in range(BATCH * 2 + 7)]
        async with any_tenancy.db.session() as session:
            people = [Person(n.lower(), n) for n in names]
            await store.upsert_records(session, any_tenancy.account_id, "employees", people, now=since)
            await store.upsert_records(
                session, any_tenancy.account_id, "time_off_requests", people, now=since
            )
            await session.commit()
        run_id = await self.run(any_tenancy, since, attention="people: 90% fewer records than stored")
        deliveries = await any_tenancy.deliveries()
        kinds = [d.event_type for d in deliveries]
        assert kinds.count("employee.created") == len(names)
        assert len(
            {d.payload["data"]["remote_id"] for d in deliveries if d.event_type == "employee.created"}
        ) == len(names)
        assert set(kinds[-2:]) == {"sync_run.completed", "account.needs_attention"}
        completed = next(d.payload["data"] for d in deliveries if d.event_type == "sync_run.completed")
        assert (completed["run_id"], completed["status"], completed["kind"]) == (run_id, "succeeded", "full")
        assert completed["streams"] == [
            {"name": "people", "status": "succeeded", "records": 3, "created": 3, "updated": 0, "deleted": 0}
        ]
        attention = next(d.payload["data"] for d in deliveries if d.event_type == "account.needs_attention")
        assert attention == {"note": "people: 90% fewer records than stored", "run_id": run_id}

    async def test_without_subscriptions_a_sync_queues_nothing(self, any_tenancy: Tenancy):
        since = utcnow()
        await any_tenancy.store("Ada")
        await self.run(any_tenancy, since, attention="note")
        assert await count_deliveries(any_tenancy) == 0

    async def test_records_changed_before_the_run_are_left_out(self, any_tenancy: Tenancy):
        await any_tenancy.store("Ada")
        await any_tenancy.subscribe(HOOK, ["employee.created", "employee.updated"])
        await self.run(any_tenancy, utcnow())
        assert await count_deliveries(any_tenancy) == 0


class TestClaim:
    async def test_a_claimed_delivery_is_not_claimed_again_until_its_lease_ends(self, any_tenancy: Tenancy):
        await any_tenancy.subscribe(HOOK)
        await any_tenancy.store("Ada", "Grace")
        now = utcnow()
        lease = now + dt.timedelta(seconds=60)
        async with any_tenancy.db.session() as session:
            first = await outbox.claim_due(session, now=now, limit=1, lease_until=lease)
            second = await outbox.claim_due(
                session, now=now, limit=5, lease_until=lease + dt.timedelta(seconds=1)
            )
            third = await outbox.claim_due(session, now=now, limit=5, lease_until=lease)
            after_lease = await outbox.claim_due(
                session,
                now=lease + dt.timedelta(seconds=2),
                limit=5,
                lease_until=lease + dt.timedelta(seconds=99),
            )
            await session.commit()
        assert (len(first), len(second), third) == (1, 1, [])
        assert {d.id for d in first + second} == {d.id for d in after_lease}
        assert (first[0].url, first[0].attempts) == (HOOK, 0)
