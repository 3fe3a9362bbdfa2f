"""Webhooks go to public addresses only: private URLs are refused at subscription and at delivery."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path
from typing import Any

import httpx
import pytest

from bobhub.errors import BadRequest
from bobhub.events import destinations
from bobhub.settings import Settings
from tests.events.conftest import Tenancy, fast_settings
from tests.events.receiver import Receiver, until

NOT_PUBLIC = [
    "http://127.0.0.1:8080/hook",
    "http://10.1.2.3/hook",
    "http://192.168.0.10/hook",
    "http://169.254.169.254/latest/meta-data",
    "http://0.0.0.0/hook",
    "http://[::1]/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://[fd00::1]/hook",
    "http://localhost:9000/hook",
    "http://LOCALHOST./hook",
    "http://admin.localhost/hook",
]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """The events tests' settings with the default rule: public addresses only."""
    return fast_settings(tmp_path).model_copy(update={"webhook_allow_private_urls": False})


class TestAtSubscription:
    @pytest.mark.parametrize("url", NOT_PUBLIC)
    def test_a_non_public_host_is_refused(self, url: str) -> None:
        with pytest.raises(BadRequest, match="is not a public address"):
            destinations.check_url(url)

    @pytest.mark.parametrize("url", ["https://hooks.example.com/bobhub", "http://93.184.216.34/hook"])
    def test_a_public_ip_or_a_name_passes(self, url: str) -> None:
        destinations.check_url(url)  # a name is not resolved here: it is checked at each delivery

    async def test_the_api_answers_400_and_stores_nothing(self, api: httpx.AsyncClient) -> None:
        response = await api.post(
            "/v1/webhook-subscriptions", json={"url": "http://169.254.169.254/hook", "events": ["*"]}
        )
        assert response.status_code == 400, response.text
        assert response.json()["error"] == "BadRequest"
        assert "169.254.169.254 is not a public address" in response.json()["detail"]
        assert "BOBHUB_WEBHOOK_ALLOW_PRIVATE_URLS" in response.json()["detail"]
        listed = await api.get("/v1/webhook-subscriptions")
        assert listed.json()["results"] == []


class TestAtDelivery:
    async def test_a_name_resolving_to_a_private_address_is_refused(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # A DNS answer cannot be produced offline otherwise: the resolver is the one thing replaced.
        async def private_answer(host: str, port: int, **_: Any) -> list[Any]:
            assert host == "hooks.example.com"
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port))]

        loop = asyncio.get_running_loop()
        monkeypatch.setattr(loop, "getaddrinfo", private_answer)
        with pytest.raises(BadRequest, match=r"hooks\.example\.com \(10\.0\.0\.7\) is not a public address"):
            await destinations.check_resolved("https://hooks.example.com/bobhub")

    async def test_a_stored_private_subscription_is_never_posted_to(
        self, api: httpx.AsyncClient, tenancy: Tenancy, receiver: Receiver
    ) -> None:
        # Stored directly, as one made while the rule was lifted would be.
        subscription_id = await tenancy.subscribe(receiver.url)
        await tenancy.store("Ada")

        async def failed() -> bool:
            log = await api.get(f"/v1/webhook-subscriptions/{subscription_id}/deliveries")
            return any(d["status"] == "failed" for d in log.json()["results"])

        await until(failed)
        [delivery] = (await api.get(f"/v1/webhook-subscriptions/{subscription_id}/deliveries")).json()[
            "results"
        ]
        assert delivery["last_status_code"] is None
        assert "127.0.0.1 is not a public address" in delivery["last_error"]
        assert receiver.requests == []
