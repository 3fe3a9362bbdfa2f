"""Inbound HiBob webhooks: signed events refetch just the employees they name; anything else is refused."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from cryptography.fernet import Fernet
from pydantic import SecretStr

from bobhub.api.app import create_app
from bobhub.api.keys.service import create_api_key
from bobhub.hibob import sign
from bobhub.sandbox.state import Sandbox
from bobhub.serving import BackgroundServer
from bobhub.settings import Settings
from bobhub.store import Database, Vault
from bobhub.store import records as store
from tests.sync.conftest import Linked, link

SECRET = "webhook-secret-of-the-sync-tests"


@dataclass
class Hub:
    url: str
    linked: Linked
    key: str


@pytest.fixture
def api(tmp_path: Path) -> Iterator[tuple[str, Settings]]:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'api.db'}",
        secret_key=SecretStr(Fernet.generate_key().decode()),
    )
    app = create_app(settings)
    server = BackgroundServer(app, name="bobhub-api").start()
    yield server.base_url, settings
    server.stop()


@pytest.fixture
async def hub(api: tuple[str, Settings], sandbox: Sandbox, base_url: str) -> AsyncIterator[Hub]:
    url, settings = api
    db = Database(settings.database_url)
    linked = await link(db, sandbox.preset_user("full"), base_url, Vault.from_settings(settings))
    async with db.session() as session:
        _, key = await create_api_key(session, "sync-tests", ["read", "write"])
        await session.commit()
    yield Hub(url, linked, key)
    sandbox.webhooks.targets = []
    await db.dispose()


async def webhook_runs(linked: Linked) -> list[store.SyncRun]:
    async with linked.db.session() as session:
        runs = await store.list_runs(session, linked.account_id)
    return [r for r in runs if r.kind == "webhook" and r.status != "running"]


class TestWebhooks:
    async def test_hr_changes_arrive_through_webhooks(
        self, hub: Hub, sandbox: Sandbox, admin: httpx.Client
    ) -> None:
        await hub.linked.sync(balance_budget=0)
        before = await hub.linked.records("employees")
        endpoint = f"{hub.url}/v1/webhooks/hibob/{hub.linked.account_id}"
        async with httpx.AsyncClient() as http:
            put = await http.put(
                f"{endpoint}/secret", json={"secret": SECRET}, headers={"Authorization": f"Bearer {hub.key}"}
            )
        assert put.status_code == 204
        sandbox.webhooks.configure(endpoint, SECRET)

        changed = admin.post("/changes", json={"hire": 1, "update": 2, "terminate": 0, "time_off": 1}).json()
        for _ in range(100):
            if runs := await webhook_runs(hub.linked):
                break
            await asyncio.sleep(0.1)

        assert [r.status for r in runs] == ["succeeded"]
        employees = await hub.linked.records("employees")
        assert changed["hired"][0] in employees
        for updated in changed["updated"]:
            assert employees[updated].modified_at > before[updated].modified_at
        assert {str(r) for r in changed["time_off"]} <= set(await hub.linked.records("time_off_requests"))
        calls = sum(s["calls"] for s in (runs[0].summary or {})["streams"])
        assert calls <= 8  # one search, four bulk reads, one change-log read, metadata for the mapping

    async def test_a_wrong_signature_or_unknown_account_is_refused(self, hub: Hub) -> None:
        body = b'{"companyId":1,"type":"employee.updated","version":"v2","data":{"employeeId":"1"}}'
        async with httpx.AsyncClient(base_url=hub.url) as http:
            unsigned = await http.post(f"/v1/webhooks/hibob/{hub.linked.account_id}", content=body)
            unknown = await http.post(
                "/v1/webhooks/hibob/acc_nobody", content=body, headers={"Bob-Signature": sign(SECRET, body)}
            )
        assert unsigned.status_code == 401
        # The same answer for an account that does not exist: ids are not confirmed to strangers.
        assert (unknown.status_code, unknown.json()) == (unsigned.status_code, unsigned.json())
        assert await webhook_runs(hub.linked) == []
