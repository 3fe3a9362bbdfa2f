"""Event fixtures: a webhook receiver, and databases of the tests' own with a tenant, a key and an account."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.fernet import Fernet
from pydantic import SecretStr
from sqlalchemy import select

from bobhub import events
from bobhub.api.keys.service import create_api_key
from bobhub.api.server import ThreadedServer
from bobhub.settings import Settings
from bobhub.store import Account, Database, Vault
from bobhub.store.models import WebhookDelivery, WebhookSubscription, utcnow
from bobhub.store.records import mark_missing_deleted, upsert_records
from tests.events.receiver import Receiver, serving


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with serving(Receiver()) as found:
        yield found


def fast_settings(folder: Path) -> Settings:
    """Settings on a fresh SQLite file, with retries a few hundredths of a second apart, three at most."""
    return Settings(
        database_url=f"sqlite+aiosqlite:///{folder / 'bobhub.db'}",
        secret_key=SecretStr(Fernet.generate_key().decode()),
        webhook_retry_base_seconds=0.05,
        webhook_max_attempts=3,
        webhook_allow_private_urls=True,  # the tests' webhook receivers listen on loopback
    )


@dataclass(frozen=True)
class Person:
    """The least a unified record needs to be stored (bobhub.store.records.SyncedRecord)."""

    remote_id: str
    name: str
    hidden_fields: Sequence[str] = ()
    remote_data: dict[str, Any] | None = None

    def content(self) -> dict[str, Any]:
        return {"display_name": self.name}


@dataclass
class Tenancy:
    """A tenant's API key and account on a database, and the writes that publish events."""

    db: Database
    vault: Vault
    key: str
    tenant_id: str
    account_id: str

    async def store(
        self, *names: str, resource: str = "employees", remote_ids: Sequence[str] | None = None
    ) -> None:
        """Upsert records (remote id: the lower-case name) and queue their events, as write-back does."""
        now = utcnow()
        async with self.db.session() as session:
            ids = remote_ids or [name.lower() for name in names]
            people = [Person(remote_id, name) for remote_id, name in zip(ids, names, strict=True)]
            await upsert_records(session, self.account_id, resource, people, now=now)
            await events.record_changes(session, self.account_id, since=now)
            await session.commit()

    async def delete(self, *kept: str) -> None:
        """Flag every employee not in `kept` deleted, and queue the events."""
        now = utcnow()
        async with self.db.session() as session:
            await mark_missing_deleted(
                session, self.account_id, "employees", {k.lower() for k in kept}, now=now
            )
            await events.record_changes(session, self.account_id, since=now)
            await session.commit()

    async def subscribe(
        self, url: str, kinds: Sequence[str] = ("*",), *, account_id: str | None = None
    ) -> str:
        async with self.db.session() as session:
            subscription = WebhookSubscription(
                tenant_id=self.tenant_id,
                account_id=account_id,
                url=url,
                events=list(kinds),
                secret_ciphertext=self.vault.encrypt("a-test-secret-of-16+"),
            )
            session.add(subscription)
            await session.commit()
        return subscription.id

    async def deliveries(self) -> list[WebhookDelivery]:
        async with self.db.session() as session:
            query = select(WebhookDelivery).order_by(WebhookDelivery.created_at, WebhookDelivery.id)
            return list((await session.scalars(query)).all())


async def make_tenancy(db: Database, vault: Vault) -> Tenancy:
    async with db.session() as session:
        key, plaintext = await create_api_key(session, f"tenant-{uuid.uuid4().hex[:10]}", ["read", "write"])
        account = Account(
            tenant_id=key.tenant_id,
            name="acme",
            service_user_id=f"SU-{uuid.uuid4().hex[:8]}",
            base_url="http://127.0.0.1:1",
            token_ciphertext=vault.encrypt("unused"),
            status="linked",
        )
        session.add(account)
        await session.commit()
    return Tenancy(db, vault, plaintext, key.tenant_id, account.id)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return fast_settings(tmp_path)


@pytest.fixture
def api_server(settings: Settings) -> Iterator[ThreadedServer]:
    """bobhub's API (and so its dispatcher) on the tests' own database, with retries 0.05 s apart."""
    server = ThreadedServer(settings).start()
    yield server
    server.stop()


@pytest.fixture
async def api(api_server: ThreadedServer, tenancy: Tenancy) -> AsyncIterator[httpx.AsyncClient]:
    headers = {"Authorization": f"Bearer {tenancy.key}"}
    async with httpx.AsyncClient(base_url=api_server.base_url, headers=headers, timeout=30) as client:
        yield client


@pytest.fixture
async def tenancy(settings: Settings) -> AsyncIterator[Tenancy]:
    """A tenant with one account on a fresh, migrated SQLite database."""
    db = Database(settings.database_url)
    await db.migrate()
    yield await make_tenancy(db, Vault.from_settings(settings))
    await db.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
async def any_tenancy(request: pytest.FixtureRequest, settings: Settings) -> AsyncIterator[Tenancy]:
    """A tenant with one account on a fresh database of each backend."""
    url = settings.database_url
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres").create_database()
    db = Database(url)
    await db.migrate()
    yield await make_tenancy(db, Vault.from_settings(settings))
    await db.dispose()
