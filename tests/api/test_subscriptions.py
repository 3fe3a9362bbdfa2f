"""/v1/webhook-subscriptions over real HTTP: CRUD, scopes, tenant isolation, and events a sync delivers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from bobhub.events import EVENT_TYPES, verify_signature
from bobhub.hibob import InMemoryBudget
from bobhub.settings import Settings
from bobhub.store import Database, Vault
from bobhub.store import records as store
from bobhub.store.models import WebhookSubscription
from bobhub.sync import run_sync
from tests.api.conftest import LinkBody, MakeKey, SyncAccount, bearer
from tests.events.receiver import Receiver, eventually, serving, until

PATH = "/v1/webhook-subscriptions"
PUBLIC_KEYS = {"id", "url", "events", "account_id", "active", "created_at"}
URL = "https://hooks.example.com/bobhub"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with serving(Receiver()) as found:
        yield found


async def subscribe(api: httpx.AsyncClient, key: str, **body: Any) -> dict[str, Any]:
    response = await api.post(PATH, json={"url": URL, "events": ["*"], **body}, headers=bearer(key))
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


class TestCreate:
    async def test_the_secret_is_generated_shown_once_and_stored_encrypted(
        self, api: httpx.AsyncClient, make_key: MakeKey, api_settings: Settings
    ):
        key = await make_key()
        created = await subscribe(api, key, events=["employee.created", "sync_run.completed"])
        assert set(created) == PUBLIC_KEYS | {"secret"}
        assert created["secret"].startswith("whsec_")
        assert (created["url"], created["events"], created["account_id"]) == (
            URL,
            ["employee.created", "sync_run.completed"],
            None,
        )
        again = await api.get(f"{PATH}/{created['id']}", headers=bearer(key))
        listed = await api.get(PATH, headers=bearer(key))
        assert set(again.json()) == PUBLIC_KEYS
        assert created["secret"] not in again.text + listed.text
        db = Database(api_settings.database_url)
        async with db.session() as session:
            row = await session.scalar(
                select(WebhookSubscription).where(WebhookSubscription.id == created["id"])
            )
        await db.dispose()
        assert row is not None
        assert created["secret"] not in row.secret_ciphertext
        assert Vault.from_settings(api_settings).decrypt(row.secret_ciphertext) == created["secret"]

    async def test_a_given_secret_is_used(self, api: httpx.AsyncClient, make_key: MakeKey):
        created = await subscribe(api, await make_key(), secret="my-own-secret-of-24-chars")
        assert created["secret"] == "my-own-secret-of-24-chars"

    async def test_a_short_secret_is_400(self, api: httpx.AsyncClient, make_key: MakeKey):
        response = await api.post(
            PATH, json={"url": URL, "events": ["*"], "secret": "short"}, headers=bearer(await make_key())
        )
        assert response.status_code == 400
        assert response.json()["detail"].startswith("secret:")

    async def test_event_lists_are_normalised(self, api: httpx.AsyncClient, make_key: MakeKey):
        key = await make_key()
        everything = await subscribe(api, key, events=["employee.created", "*"])
        ordered = await subscribe(
            api, key, events=["sync_run.completed", "employee.deleted", "employee.deleted"]
        )
        assert everything["events"] == ["*"]
        assert ordered["events"] == ["employee.deleted", "sync_run.completed"]

    @pytest.mark.parametrize("events", [["employee.hired"], ["employee.created", "employees"], []])
    async def test_unknown_or_no_events_are_400_listing_the_types(
        self, api: httpx.AsyncClient, make_key: MakeKey, events: list[str]
    ):
        response = await api.post(PATH, json={"url": URL, "events": events}, headers=bearer(await make_key()))
        assert response.status_code == 400
        detail = response.json()["detail"]
        if events:
            assert all(kind in detail for kind in EVENT_TYPES)

    @pytest.mark.parametrize(
        "url",
        [
            "ftp://example.com/hook",
            "example.com/hook",
            "https://",
            "http:///path",
            "https://u:p@example.com/h",
            "https://exa mple.com/h",
        ],
    )
    async def test_a_url_that_is_not_http_with_a_host_is_400(
        self, api: httpx.AsyncClient, make_key: MakeKey, url: str
    ):
        response = await api.post(PATH, json={"url": url, "events": ["*"]}, headers=bearer(await make_key()))
        assert response.status_code == 400, response.text
        assert response.json()["error"] == "BadRequest"

    async def test_an_account_of_the_tenant_may_be_chosen_another_tenants_is_404(
        self, api: httpx.AsyncClient, make_key: MakeKey, link_body: LinkBody
    ):
        key, stranger = await make_key(), await make_key()
        mine = (await api.post("/v1/accounts", json=link_body("full"), headers=bearer(key))).json()["id"]
        theirs = (await api.post("/v1/accounts", json=link_body("full"), headers=bearer(stranger))).json()[
            "id"
        ]
        assert (await subscribe(api, key, account_id=mine))["account_id"] == mine
        for account_id in (theirs, "acc_unknown"):
            response = await api.post(
                PATH, json={"url": URL, "events": ["*"], "account_id": account_id}, headers=bearer(key)
            )
            assert response.status_code == 404
        assert len((await api.get(PATH, headers=bearer(key))).json()["results"]) == 1


class TestScopesAndIsolation:
    async def test_a_read_key_may_list_and_read_but_not_create_or_delete(
        self, api: httpx.AsyncClient, make_key: MakeKey
    ):
        writer = await make_key(("write",), tenant="hooks-readers")
        reader = await make_key(("read",), tenant="hooks-readers")
        created = await subscribe(api, writer)
        refused = await api.post(PATH, json={"url": URL, "events": ["*"]}, headers=bearer(reader))
        assert refused.status_code == 403
        assert (await api.delete(f"{PATH}/{created['id']}", headers=bearer(reader))).status_code == 403
        assert (await api.get(f"{PATH}/{created['id']}", headers=bearer(reader))).status_code == 200
        assert (
            await api.get(f"{PATH}/{created['id']}/deliveries", headers=bearer(reader))
        ).status_code == 200
        assert [s["id"] for s in (await api.get(PATH, headers=bearer(reader))).json()["results"]] == [
            created["id"]
        ]

    async def test_no_key_is_401(self, api: httpx.AsyncClient):
        assert (await api.get(PATH)).status_code == 401
        assert (await api.post(PATH, json={"url": URL, "events": ["*"]})).status_code == 401

    async def test_another_tenants_subscription_is_404_and_left_alone(
        self, api: httpx.AsyncClient, make_key: MakeKey
    ):
        owner, stranger = await make_key(), await make_key()
        created = await subscribe(api, owner)
        for method, suffix in (("GET", ""), ("DELETE", ""), ("GET", "/deliveries")):
            response = await api.request(method, f"{PATH}/{created['id']}{suffix}", headers=bearer(stranger))
            assert response.status_code == 404
            assert response.json()["error"] == "NotFound"
        assert (await api.get(PATH, headers=bearer(stranger))).json()["results"] == []
        assert (await api.get(f"{PATH}/{created['id']}", headers=bearer(owner))).status_code == 200


class TestListAndDelete:
    async def test_pages_follow_the_cursor(self, api: httpx.AsyncClient, make_key: MakeKey):
        key = await make_key()
        made = [(await subscribe(api, key))["id"] for _ in range(3)]
        first = (await api.get(PATH, params={"page_size": 2}, headers=bearer(key))).json()
        assert first["next"] is not None
        second = (
            await api.get(PATH, params={"page_size": 2, "cursor": first["next"]}, headers=bearer(key))
        ).json()
        assert second["next"] is None
        assert [s["id"] for s in first["results"] + second["results"]] == made

    async def test_modified_after_keeps_newer_subscriptions(self, api: httpx.AsyncClient, make_key: MakeKey):
        key = await make_key()
        older = await subscribe(api, key)
        newer = await subscribe(api, key)
        page = await api.get(PATH, params={"modified_after": older["created_at"]}, headers=bearer(key))
        assert [s["id"] for s in page.json()["results"]] == [newer["id"]]

    @pytest.mark.parametrize(
        "params",
        [
            {"page_size": 0},
            {"page_size": 201},
            {"cursor": "garbage"},
            {"modified_after": "yesterday"},
            {"modified_after": "0001-01-01T00:00:00+05:00"},
        ],
    )
    async def test_bad_paging_is_400(self, api: httpx.AsyncClient, make_key: MakeKey, params: dict[str, Any]):
        response = await api.get(PATH, params=params, headers=bearer(await make_key()))
        assert response.status_code == 400
        assert response.json()["error"] == "BadRequest"

    async def test_delete_removes_it(self, api: httpx.AsyncClient, make_key: MakeKey):
        key = await make_key()
        created = await subscribe(api, key)
        assert (await api.delete(f"{PATH}/{created['id']}", headers=bearer(key))).status_code == 204
        assert (await api.get(f"{PATH}/{created['id']}", headers=bearer(key))).status_code == 404
        assert (await api.delete(f"{PATH}/{created['id']}", headers=bearer(key))).status_code == 404


async def sync(api_settings: Settings, account_id: str) -> None:
    db = Database(api_settings.database_url)
    try:
        result = await run_sync(
            db, Vault.from_settings(api_settings), account_id, budget=InMemoryBudget(), balance_budget=20
        )
    finally:
        await db.dispose()
    assert result["status"] == "succeeded", result


async def stored_remote_ids(api_settings: Settings, account_id: str, resource: str) -> set[str]:
    db = Database(api_settings.database_url)
    async with db.session() as session:
        found = await store.list_remote_ids(session, account_id, resource)
    await db.dispose()
    return found


async def delivery_log(api: httpx.AsyncClient, key: str, subscription_id: str) -> list[dict[str, Any]]:
    log: list[dict[str, Any]] = []
    cursor = None
    while True:
        params = {"page_size": 200, **({"cursor": cursor} if cursor else {})}
        page = (
            await api.get(f"{PATH}/{subscription_id}/deliveries", params=params, headers=bearer(key))
        ).json()
        log += page["results"]
        if (cursor := page["next"]) is None:
            return log


class TestEventsOfASync:
    async def test_a_first_sync_delivers_every_employee_created_and_the_run(
        self,
        api: httpx.AsyncClient,
        make_key: MakeKey,
        link_body: LinkBody,
        api_settings: Settings,
        receiver: Receiver,
    ):
        key = await make_key()
        account_id = (await api.post("/v1/accounts", json=link_body("full"), headers=bearer(key))).json()[
            "id"
        ]
        subscription = await subscribe(
            api, key, url=receiver.url, events=["employee.created", "employee.updated", "sync_run.completed"]
        )
        await sync(api_settings, account_id)
        employees = await stored_remote_ids(api_settings, account_id, "employees")
        await eventually(lambda: len(receiver.requests) == len(employees) + 1)
        created = receiver.of_type("employee.created")
        assert {r.event["data"]["remote_id"] for r in created} == employees
        assert receiver.of_type("employee.updated") == []
        (completed,) = receiver.of_type("sync_run.completed")
        assert (completed.event["data"]["status"], completed.event["data"]["kind"]) == (
            "succeeded",
            "incremental",
        )
        for got in receiver.requests:
            assert verify_signature(subscription["secret"], got.headers["bobhub-signature"], got.body)
            assert got.event["account_id"] == account_id
            assert got.headers["bobhub-event-id"] == got.event["id"]
            assert "remote_data" not in got.event["data"]

        async def all_delivered() -> bool:
            log = await delivery_log(api, key, subscription["id"])
            return all(d["status"] == "delivered" for d in log)

        await until(all_delivered)
        log = await delivery_log(api, key, subscription["id"])
        assert len(log) == len(employees) + 1
        assert {(d["attempts"], d["last_status_code"], d["last_error"]) for d in log} == {(1, 200, None)}
        assert {d["event_id"] for d in log} == {r.event["id"] for r in receiver.requests}

    async def test_hr_changes_then_a_sync_deliver_updates_and_new_requests(
        self,
        api: httpx.AsyncClient,
        sync_account: SyncAccount,
        api_settings: Settings,
        admin: httpx.Client,
        receiver: Receiver,
    ):
        synced = await sync_account("full")
        await subscribe(api, synced.key, url=receiver.url, account_id=synced.account_id)
        changed = admin.post("/changes", json={"update": 2, "time_off": 1}).json()
        await sync(api_settings, synced.account_id)
        await eventually(lambda: len(receiver.of_type("sync_run.completed")) == 1)
        await eventually(lambda: len(receiver.of_type("time_off_request.created")) == 1)
        updated = {r.event["data"]["remote_id"] for r in receiver.of_type("employee.updated")}
        assert set(changed["updated"]) <= updated
        assert receiver.of_type("employee.created") == []
        (booked,) = receiver.of_type("time_off_request.created")
        assert booked.event["data"]["remote_id"] == str(changed["time_off"][0])
