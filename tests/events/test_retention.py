"""The delivery log is kept for the retention period: older delivered and failed deliveries are removed."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from bobhub.events import Dispatcher
from bobhub.settings import Settings
from bobhub.store import Vault, outbox
from bobhub.store.models import WebhookDelivery, utcnow
from tests.events.conftest import Tenancy
from tests.events.receiver import until

HOOK = "https://hooks.example.com/bobhub"


async def add(tenancy: Tenancy, subscription_id: str, status: str, age: dt.timedelta) -> str:
    async with tenancy.db.session() as session:
        row = WebhookDelivery(
            subscription_id=subscription_id,
            event_id=f"evt_{status}_{age.days}",
            event_type="employee.created",
            payload={},
            status=status,
            created_at=utcnow() - age,
            # Not due for years: the dispatcher under test never tries to send these.
            next_attempt_at=utcnow() + dt.timedelta(days=3650),
        )
        session.add(row)
        await session.commit()
        return row.id


async def remaining(tenancy: Tenancy) -> set[str]:
    async with tenancy.db.session() as session:
        return set((await session.scalars(select(WebhookDelivery.id))).all())


async def pruned(tenancy: Tenancy, delivery_id: str) -> bool:
    return delivery_id not in await remaining(tenancy)


class TestPrune:
    async def test_only_settled_deliveries_older_than_the_cutoff_go(self, any_tenancy: Tenancy):
        subscription = await any_tenancy.subscribe(HOOK)
        old, new = dt.timedelta(days=40), dt.timedelta(days=1)
        gone = {await add(any_tenancy, subscription, s, old) for s in ("delivered", "failed")}
        kept = {await add(any_tenancy, subscription, "pending", old)}
        kept |= {await add(any_tenancy, subscription, s, new) for s in ("delivered", "failed")}
        async with any_tenancy.db.session() as session:
            removed = await outbox.prune_settled(session, before=utcnow() - dt.timedelta(days=30), limit=1)
            removed += await outbox.prune_settled(session, before=utcnow() - dt.timedelta(days=30))
            await session.commit()
        assert removed == len(gone)
        assert await remaining(any_tenancy) == kept

    async def test_the_dispatcher_prunes_when_it_starts(self, tenancy: Tenancy, settings: Settings):
        subscription = await tenancy.subscribe(HOOK)
        old = await add(tenancy, subscription, "delivered", dt.timedelta(days=8))
        recent = await add(tenancy, subscription, "delivered", dt.timedelta(days=6))
        week = settings.model_copy(update={"webhook_delivery_retention_days": 7})
        dispatcher = await Dispatcher(tenancy.db, Vault.from_settings(week), week).start()
        try:
            await until(lambda: pruned(tenancy, old))
        finally:
            await dispatcher.stop()
        assert await remaining(tenancy) == {recent}
        assert await dispatcher.prune() == 0  # nothing more is old enough
