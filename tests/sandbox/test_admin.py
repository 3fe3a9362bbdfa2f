"""The /_sandbox admin API: service users, companies, stats, and signed webhooks out with retries."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import httpx
import pytest

from bobhub.sandbox.state import Sandbox
from bobhub.sandbox.webhooks import WebhookDispatcher


class TestServiceUsers:
    def test_four_presets_per_company_that_authenticate(self, admin: httpx.Client, base_url: str) -> None:
        users = admin.get("/service-users").json()
        first = [u for u in users if u["company"] == 1]
        assert sorted(u["preset"] for u in first) == ["activtrak", "empty", "full", "partial"]
        for su in first:
            assert set(su) == {"company", "preset", "id", "token"}
            with httpx.Client(base_url=f"{base_url}/v1", auth=(su["id"], su["token"])) as client:
                assert client.get("/company/people/fields").status_code == 200

    def test_tokens_stay_out_of_reprs(self, sandbox: Sandbox) -> None:
        su = sandbox.preset_user("full")
        assert su.token not in repr(su)


class TestCompanies:
    def test_new_company_is_isolated(self, admin: httpx.Client, base_url: str) -> None:
        created = admin.post("/companies", json={"employees": 12, "seed": 5})
        assert created.status_code == 200
        body = created.json()
        assert body["employees"] == 12
        full = next(u for u in body["service_users"] if u["preset"] == "full")
        with httpx.Client(base_url=f"{base_url}/v1", auth=(full["id"], full["token"])) as client:
            people = client.post("/people/search", json={"fields": ["root.id"], "showInactive": True}).json()[
                "employees"
            ]
        assert len(people) == 12

    def test_bad_company_request(self, admin: httpx.Client) -> None:
        response = admin.post("/companies", json={"employees": 0})
        assert response.status_code == 400
        assert set(response.json()) == {"key", "error"}


class TestStats:
    def test_calls_are_counted_per_path_template(
        self, admin: httpx.Client, hibob: Callable[[str], httpx.Client]
    ) -> None:
        before = admin.get("/stats").json()["calls"].get("GET /v1/company/named-lists/{listName}", 0)
        client = hibob("full")
        client.get("/company/named-lists/department")
        client.get("/company/named-lists/site")
        after = admin.get("/stats").json()
        assert after["calls"]["GET /v1/company/named-lists/{listName}"] == before + 2
        assert isinstance(after["rate_limited"], int)


class Receiver:
    """A tiny HTTP server recording webhook deliveries; fails the first `failures` of them with 500."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.received: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers.items()), body))
                status = 500 if len(receiver.received) <= receiver.failures else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver(failures=2)
    yield r
    r.close()


class TestWebhooksOut:
    async def test_signed_v2_envelope_retried_until_delivered(
        self, sandbox: Sandbox, receiver: Receiver
    ) -> None:
        dispatcher = WebhookDispatcher(first_delay=0.05)
        dispatcher.configure(receiver.url, "s3cret")
        company = next(iter(sandbox.companies.values()))
        dispatcher.emit(company, "employee.updated", {"employeeId": "42", "fieldUpdates": ["root.firstName"]})
        await dispatcher.drain()
        await dispatcher.aclose()
        assert len(receiver.received) == 3
        headers, body = receiver.received[-1]
        expected = base64.b64encode(hmac.new(b"s3cret", body, hashlib.sha512).digest()).decode()
        assert headers["Bob-Signature"] == expected
        envelope = json.loads(body)
        assert envelope["version"] == "v2"
        assert envelope["type"] == "employee.updated"
        assert envelope["companyId"] == company.id
        assert envelope["data"] == {"employeeId": "42", "fieldUpdates": ["root.firstName"]}
        [delivery] = dispatcher.deliveries
        assert (delivery.attempts, delivery.status, delivery.delivered) == (3, 200, True)

    async def test_gives_up_after_max_attempts(self, sandbox: Sandbox) -> None:
        dispatcher = WebhookDispatcher(first_delay=0.01, max_attempts=3)
        dispatcher.configure("http://127.0.0.1:9/unreachable", "s")
        dispatcher.emit(next(iter(sandbox.companies.values())), "employee.created", {"employeeId": "1"})
        await asyncio.wait_for(dispatcher.drain(), 10)
        await dispatcher.aclose()
        [delivery] = dispatcher.deliveries
        assert (delivery.attempts, delivery.delivered) == (3, False)
        assert delivery.error == "ConnectError"

    def test_admin_configures_the_target(self, admin: httpx.Client, sandbox: Sandbox) -> None:
        assert admin.post("/webhooks", json={"url": "ftp://x", "secret": "s"}).status_code == 400
        response = admin.post("/webhooks", json={"url": "http://127.0.0.1:9/x", "secret": "s", "company": 1})
        assert response.status_code == 200
        assert any(t.url == "http://127.0.0.1:9/x" for t in sandbox.webhooks.targets)
        sandbox.webhooks.targets.clear()
