"""Write tests' own sandbox companies: each test gets a new small company linked and synced through the API.

Write tests change employees, requests and documents; a company of their own keeps the shared first
company (which other suites read) as generated, and gives each test fresh HiBob rate-limit counters.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx

from bobhub.hibob import InMemoryBudget
from bobhub.sandbox.model import EMPLOYED, Company
from bobhub.sandbox.state import Sandbox, ServiceUser
from bobhub.settings import Settings
from bobhub.store import Database, Vault
from bobhub.store import records as store
from bobhub.sync import run_sync
from tests.api.conftest import MakeKey, bearer

EMPLOYEES = 20


@dataclass(frozen=True)
class Linked:
    """A tenant with one synced account on its own sandbox company."""

    key: str
    admin_key: str
    tenant: str
    account_id: str
    company: Company
    user: ServiceUser
    base_url: str

    @property
    def headers(self) -> dict[str, str]:
        return {**bearer(self.key), "X-Account-Id": self.account_id}

    def hibob(self) -> httpx.Client:
        """A client on the sandbox's /v1 as this account's service user, to look at HiBob's side."""
        return httpx.Client(base_url=f"{self.base_url}/v1", auth=(self.user.id, self.user.token), timeout=30)

    def employed(self, skip: int = 0) -> str:
        """HiBob's id of an employed person of the company (the `skip`-th one)."""
        ids = [e.id for e in self.company.employees.values() if e.lifecycle_status == EMPLOYED]
        return ids[skip + 1]  # the first one is the CEO, whom other rows refer to


async def link_company(
    api: httpx.AsyncClient,
    api_settings: Settings,
    make_key: MakeKey,
    sandbox: Sandbox,
    base_url: str,
    *,
    preset: str = "full",
    scopes: tuple[str, ...] = ("read", "write"),
    sync: bool = True,
) -> Linked:
    """A new company (its own seed), its `preset` service user linked for a new tenant, then synced."""
    company = sandbox.create_company(employees=EMPLOYEES, seed=1000 + len(sandbox.companies))
    user = sandbox.preset_user(preset, company)
    tenant = f"writes-{uuid.uuid4().hex[:10]}"
    admin_key = await make_key(("read", "write", "admin"), tenant=tenant)
    body: dict[str, Any] = {
        "name": f"{preset} company {company.id}",
        "service_user_id": user.id,
        "token": user.token,
        "base_url": base_url,
    }
    linked = await api.post("/v1/accounts", json=body, headers=bearer(admin_key))
    assert linked.status_code == 201, linked.text
    account_id = linked.json()["id"]
    if sync:
        database = Database(api_settings.database_url)
        try:
            vault = Vault.from_settings(api_settings)
            result = await run_sync(database, vault, account_id, budget=InMemoryBudget(), balance_budget=10)
        finally:
            await database.dispose()
        assert result["status"] == "succeeded", result
    key = admin_key if set(scopes) == {"read", "write", "admin"} else await make_key(scopes, tenant=tenant)
    return Linked(key, admin_key, tenant, account_id, company, user, base_url)


async def stored(
    api_settings: Settings, account_id: str, resource: str, remote_id: str
) -> dict[str, Any] | None:
    """Our copy of a record, straight from the store the API writes to."""
    found = [r for r in await stored_all(api_settings, account_id, resource) if r["remote_id"] == remote_id]
    return found[0] if found else None


async def stored_all(api_settings: Settings, account_id: str, resource: str) -> list[dict[str, Any]]:
    """Every stored record of a resource: our id, modified_at and the unified content."""
    database = Database(api_settings.database_url)
    try:
        async with database.session() as session:
            return [
                {"id": r.id, "modified_at": r.modified_at, **r.data}
                async for r in store.iter_records(session, account_id, resource)
            ]
    finally:
        await database.dispose()


# Reads HiBob serves through POST; every other non-GET call changes something.
READ_POSTS = ("POST /v1/people/search", "POST /v1/people/{identifier}")


def write_calls(admin: httpx.Client) -> dict[str, int]:
    """The sandbox's count of write calls per endpoint, all companies together."""
    calls: dict[str, int] = admin.get("/stats").json()["calls"]
    return {k: n for k, n in calls.items() if not k.startswith("GET ") and k not in READ_POSTS}
