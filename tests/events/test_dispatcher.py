"""Delivery over real HTTP: signed POSTs to a recording receiver, retries with backoff, giving up, restart."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from bobhub.api.server import ThreadedServer
from bobhub.events import Dispatcher, verify_signature
from bobhub.settings import Settings
from bobhub.store import Vault
from tests.events.conftest import Tenancy
from tests.events.receiver import Receiver, eventually, until


async def subscribe(api: httpx.AsyncClient, receiver: Receiver) -> dict[str, str]:
    response = await api.post("/v1/webhook-subscriptions", json={"url": receiver.url, "events": ["*"]})
    assert response.status_code == 201, response.text
    created: dict[str, str] = response.json()
    return created


async def deliveries(api: httpx.AsyncClient, subscription_id: str) -> list[dict[str, Any]]:
    response = await api.get(f"/v1/webhook-subscriptions/{subscription_id}/deliveries")
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()["results"]
    return found


async def settled(api: httpx.AsyncClient, subscription_id: str) -> list[dict[str, Any]]:
    """The delivery log once no delivery is pending any more."""

    async def done() -> bool:
        log = await deliveries(api, subscription_id)
        return bool(log) and all(d["status"] != "pending" for d in log)

    await until(done)
    return await deliveries(api, subscription_id)


class TestDelivery:
    async def test_an_event_arrives_signed_with_its_headers(
        self, api: httpx.AsyncClient, tenancy: Tenancy, receiver: Receiver
    ):
        subscription = await subscribe(api, receiver)
        await tenancy.store("Ada")
        await eventually(lambda: len(receiver.requests) == 1)
        got = receiver.requests[0]
        assert verify_signature(subscription["secret"], got.headers["bobhub-signature"], got.body)
        assert not verify_signature("whsec_not-the-secret", got.headers["bobhub-signature"], got.body)
        assert got.headers["content-type"] == "application/json"
        assert got.headers["bobhub-event-id"] == got.event["id"]
        assert got.headers["bobhub-event-type"] == got.event["type"] == "employee.created"
        assert got.event["account_id"] == tenancy.account_id
        assert got.event["data"]["display_name"] == "Ada"
        log = await settled(api, subscription["id"])
        assert [(d["status"], d["attempts"], d["last_status_code"]) for d in log] == [("delivered", 1, 200)]
        assert log[0]["event_id"] == got.event["id"]

    async def test_failures_are_retried_with_growing_waits_until_delivered(
        self, api: httpx.AsyncClient, tenancy: Tenancy, receiver: Receiver
    ):
        receiver.answers = [500, 503]
        subscription = await subscribe(api, receiver)
        await tenancy.store("Ada")
        await eventually(lambda: len(receiver.requests) == 3)
        first, second, third = receiver.requests
        assert second.at - first.at >= 0.05
        assert third.at - second.at >= 0.1
        assert len({r.headers["bobhub-event-id"] for r in receiver.requests}) == 1
        log = await settled(api, subscription["id"])
        assert (log[0]["status"], log[0]["attempts"], log[0]["last_status_code"]) == ("delivered", 3, 200)
        assert log[0]["delivered_at"] is not None

    async def test_gives_up_after_the_last_attempt(
        self, api: httpx.AsyncClient, tenancy: Tenancy, receiver: Receiver
    ):
        receiver.answers = [500] * 10
        subscription = await subscribe(api, receiver)
        await tenancy.store("Ada")
        log = await settled(api, subscription["id"])
        assert (log[0]["status"], log[0]["attempts"], log[0]["last_status_code"]) == ("failed", 3, 500)
        assert log[0]["last_error"] == "HTTP 500"
        assert log[0]["next_attempt_at"] is None
        assert len(receiver.requests) == 3


class TestRestart:
    async def test_deliveries_queued_while_no_api_ran_are_sent_when_it_starts(
        self, api_server: ThreadedServer, api: httpx.AsyncClient, tenancy: Tenancy, receiver: Receiver
    ):
        subscription = await subscribe(api, receiver)
        api_server.stop()
        await tenancy.store("Ada", "Grace")  # as `bobhub sync` would, with no API running
        assert len(receiver.requests) == 0
        restarted = ThreadedServer(api_server.settings).start()
        try:
            await eventually(lambda: len(receiver.requests) == 2)
        finally:
            restarted.stop()
        assert {r.event["data"]["display_name"] for r in receiver.requests} == {"Ada", "Grace"}
        assert all(
            verify_signature(subscription["secret"], r.headers["bobhub-signature"], r.body)
            for r in receiver.requests
        )


class TestDispatcher:
    async def test_a_publish_in_this_process_wakes_it_before_the_next_poll(
        self, settings: Settings, tenancy: Tenancy, receiver: Receiver
    ):
        await tenancy.subscribe(receiver.url)
        dispatcher = await Dispatcher(
            tenancy.db, Vault.from_settings(settings), settings, poll_seconds=60
        ).start()
        try:
            await tenancy.store("Ada")
            await eventually(lambda: len(receiver.requests) == 1, timeout=5)
        finally:
            await dispatcher.stop()

    async def test_an_endpoint_too_slow_to_answer_is_a_failed_attempt(
        self, settings: Settings, tenancy: Tenancy, receiver: Receiver
    ):
        receiver.delay = 2.0
        await tenancy.subscribe(receiver.url)
        await tenancy.store("Ada")
        dispatcher = await Dispatcher(
            tenancy.db, Vault.from_settings(settings), settings, timeout=0.2
        ).start()
        try:

            async def attempted() -> bool:
                return any(d.attempts for d in await tenancy.deliveries())

            await until(attempted, timeout=5)
        finally:
            await dispatcher.stop()
        (delivery,) = await tenancy.deliveries()
        assert delivery.last_error == "no answer within 0.2 s"

    async def test_it_stops_however_close_to_a_wake_the_stop_lands(
        self, settings: Settings, tenancy: Tenancy
    ) -> None:
        for turns in range(6):  # the stop lands 0-5 event-loop turns after the wake, mid-claim included
            dispatcher = await Dispatcher(
                tenancy.db, Vault.from_settings(settings), settings, poll_seconds=60
            ).start()
            await asyncio.sleep(0.2)  # its first claim found nothing; it waits to be woken
            dispatcher.wake()
            for _ in range(turns):
                await asyncio.sleep(0)
            stopping = asyncio.get_running_loop().create_task(dispatcher.stop())
            done, _ = await asyncio.wait({stopping}, timeout=5)
            assert done, f"stop() still waiting 5 s after a wake {turns} turns earlier"
            stopping.result()
