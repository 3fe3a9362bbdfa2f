"""API fixtures: bobhub's API served over real HTTP on a temporary SQLite database, and tenant API keys."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from cryptography.fernet import Fernet
from pydantic import SecretStr

from bobhub.api.keys.service import authenticate, create_api_key
from bobhub.api.server import ThreadedServer
from bobhub.hibob import InMemoryBudget
from bobhub.sandbox.state import Sandbox, ServiceUser
from bobhub.settings import Settings
from bobhub.store import Database, Vault
from bobhub.sync import run_sync

MakeKey = Callable[..., Awaitable[str]]
LinkBody = Callable[..., dict[str, Any]]


@pytest.fixture(scope="session")
def api_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A fresh SQLite file and a generated secret key (no key file is written next to the database)."""
    database = tmp_path_factory.mktemp("api") / "bobhub.db"
    return Settings(
        database_url=f"sqlite+aiosqlite:///{database}",
        secret_key=SecretStr(Fernet.generate_key().decode()),
        webhook_allow_private_urls=True,  # the tests' webhook receivers listen on loopback
    )


@pytest.fixture(scope="session")
def api_server(api_settings: Settings) -> Iterator[ThreadedServer]:
    """The bobhub API on a free loopback port for the whole session (migrated before it answers)."""
    server = ThreadedServer(api_settings).start()
    yield server
    server.stop()


@pytest.fixture
async def make_key(api_settings: Settings) -> AsyncIterator[MakeKey]:
    """make_key(scopes=["read"], tenant=None) → a new API key; each call without a tenant makes a new one."""
    database = Database(api_settings.database_url)

    async def make(scopes: tuple[str, ...] = ("read", "write"), tenant: str | None = None) -> str:
        async with database.session() as session:
            _, plaintext = await create_api_key(
                session, tenant or f"tenant-{uuid.uuid4().hex[:10]}", [*scopes]
            )
            await session.commit()
        return plaintext

    yield make
    await database.dispose()


@pytest.fixture
def link_body(base_url: str, user: Callable[[str], ServiceUser]) -> LinkBody:
    """link_body("partial", token=...) → the POST /v1/accounts body for a sandbox preset."""

    def make(preset: str, **overrides: Any) -> dict[str, Any]:
        su = user(preset)
        body = {
            "name": f"{preset} company",
            "service_user_id": su.id,
            "token": su.token,
            "base_url": base_url,
        }
        return {**body, **overrides}

    return make


def preset_tokens(sandbox: Sandbox) -> list[str]:
    return [su.token for su in sandbox.users_of()]


@pytest.fixture
async def api(api_server: ThreadedServer, sandbox: Sandbox) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client on the API that records every response, and fails the test if one holds a token."""
    seen: list[str] = []

    async def record(response: httpx.Response) -> None:
        await response.aread()
        seen.append(f"{response.headers}\n{response.text}")

    async with httpx.AsyncClient(
        base_url=api_server.base_url, timeout=60, event_hooks={"response": [record]}
    ) as client:
        yield client
    leaked = [token for token in preset_tokens(sandbox) for text in seen if token in text]
    assert leaked == [], "a HiBob token appeared in an API response"


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@dataclass(frozen=True)
class Synced:
    """A tenant's API key and a linked account already synced into the API's database."""

    key: str
    account_id: str
    preset: str

    @property
    def headers(self) -> dict[str, str]:
        return {**bearer(self.key), "X-Account-Id": self.account_id}


SyncAccount = Callable[..., Awaitable[Synced]]


@pytest.fixture
async def sync_account(
    api: httpx.AsyncClient, api_settings: Settings, make_key: MakeKey, link_body: LinkBody
) -> AsyncIterator[SyncAccount]:
    """sync_account("full", scopes=("read", "write")) → a new tenant with that preset linked and synced."""
    database = Database(api_settings.database_url)
    vault = Vault.from_settings(api_settings)

    async def make(preset: str = "full", scopes: tuple[str, ...] = ("read", "write")) -> Synced:
        key = await make_key(("read", "write", "admin"))
        linked = await api.post("/v1/accounts", json=link_body(preset), headers=bearer(key))
        assert linked.status_code == 201, linked.text
        account_id = linked.json()["id"]
        # A small balance budget keeps the sync inside HiBob's 50 reads a minute of the shared sandbox.
        result = await run_sync(database, vault, account_id, budget=InMemoryBudget(), balance_budget=20)
        assert result["status"] == "succeeded", result
        scoped = key if set(scopes) == {"read", "write", "admin"} else await key_for_tenant(key, scopes)
        return Synced(key=scoped, account_id=account_id, preset=preset)

    async def key_for_tenant(key: str, scopes: tuple[str, ...]) -> str:
        async with database.session() as session:
            caller = await authenticate(session, key)
            _, plaintext = await create_api_key(session, caller.tenant_name, [*scopes])
            await session.commit()
        return plaintext

    yield make
    await database.dispose()
