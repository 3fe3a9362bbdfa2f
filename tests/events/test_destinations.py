"""Webhooks go to public addresses only: private URLs are refused at subscription and at delivery."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path
from typing import Any

import httpx
import pytest

from bobhub.errors import BadRequest
from bobhub.events import Dispatcher, destinations
from bobhub.settings import Settings
from bobhub.store import Vault
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


def answering(monkeypatch: pytest.MonkeyPatch, *answers: str) -> list[str]:
    """Make this loop's resolver answer hooks.example.com with `answers` in turn (the last one after
    that); other names resolve as usual. Returns the list of names asked. A DNS answer cannot be produced
    offline otherwise: the resolver is the one thing replaced. Proxy variables are cleared: with one,
    the proxy would resolve and connect."""
    for name in ("http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    loop = asyncio.get_running_loop()
    real = loop.getaddrinfo
    asked: list[str] = []
    queue = list(answers)

    async def resolve(host: str | bytes, port: int, **options: Any) -> list[Any]:
        name = host.decode() if isinstance(host, bytes) else host  # the HTTP client asks in bytes
        asked.append(name)
        if name != "hooks.example.com":
            return await real(host, port, **options)
        address = queue.pop(0) if len(queue) > 1 else queue[0]
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(loop, "getaddrinfo", resolve)
    return asked


class TestAtDelivery:
    async def test_a_name_resolving_to_a_private_address_is_refused(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        answering(monkeypatch, "10.0.0.7")
        with pytest.raises(BadRequest, match=r"hooks\.example\.com \(10\.0\.0\.7\) is not a public address"):
            await destinations.pin("https://hooks.example.com/bobhub")

    async def test_the_address_checked_is_the_address_connected_to(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        answering(monkeypatch, "93.184.216.34")
        pinned = await destinations.pin("https://hooks.example.com:8443/bobhub?tenant=acme")
        assert pinned.url == "https://93.184.216.34:8443/bobhub?tenant=acme"
        # The host is still the one named: Host header, TLS server name and certificate check.
        assert pinned.headers == {"Host": "hooks.example.com:8443", "Connection": "close"}
        assert pinned.extensions == {"sni_hostname": "hooks.example.com"}

    async def test_an_ipv6_answer_is_bracketed_and_plain_http_has_no_server_name(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        answering(monkeypatch, "2606:2800:220:1:248:1893:25c8:1946")
        pinned = await destinations.pin("http://hooks.example.com/bobhub")
        assert pinned.url == "http://[2606:2800:220:1:248:1893:25c8:1946]/bobhub"
        assert pinned.headers["Host"] == "hooks.example.com"
        assert pinned.extensions == {}

    async def test_through_a_proxy_the_name_is_checked_but_left_to_the_proxy(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        answering(monkeypatch, "93.184.216.34")
        monkeypatch.setenv("HTTPS_PROXY", "http://proxy.internal:3128")
        assert await destinations.pin("https://hooks.example.com/bobhub") == destinations.Target(
            "https://hooks.example.com/bobhub", {}
        )
        answering(monkeypatch, "10.0.0.7")
        monkeypatch.setenv("HTTPS_PROXY", "http://proxy.internal:3128")
        with pytest.raises(BadRequest, match="is not a public address"):
            await destinations.pin("https://hooks.example.com/bobhub")

    async def test_a_name_that_does_not_resolve_fails_as_a_connection_would(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        answering(monkeypatch, "93.184.216.34")  # only to clear the proxy variables
        with pytest.raises(httpx.ConnectError, match="does not resolve"):
            await destinations.pin("https://no-such-host.invalid/bobhub")
        # Behind a proxy, a name only the proxy can resolve is the proxy's to resolve.
        monkeypatch.setenv("HTTPS_PROXY", "http://proxy.internal:3128")
        unresolved = await destinations.pin("https://no-such-host.invalid/bobhub")
        assert unresolved == destinations.Target("https://no-such-host.invalid/bobhub", {})

    async def test_a_rebinding_answer_after_the_check_is_never_connected_to(
        self, settings: Settings, tenancy: Tenancy, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # The first answer is public and passes the check; every later one is the loopback receiver. Only
        # a delivery that resolved the name a second time, to connect, could reach it.
        port = httpx.URL(receiver.url).port
        asked = answering(monkeypatch, "93.184.216.34", "127.0.0.1")
        await tenancy.subscribe(f"http://hooks.example.com:{port}/hook")
        await tenancy.store("Ada")
        dispatcher = await Dispatcher(
            tenancy.db, Vault.from_settings(settings), settings, timeout=0.5
        ).start()
        try:

            async def settled() -> bool:
                return any(d.status == "failed" for d in await tenancy.deliveries())

            await until(settled, timeout=20)
        finally:
            await dispatcher.stop()
        [delivery] = await tenancy.deliveries()
        assert receiver.requests == []
        assert asked.count("hooks.example.com") == delivery.attempts  # once per attempt, never to connect
        assert "hooks.example.com (127.0.0.1) is not a public address" in (delivery.last_error or "")

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
