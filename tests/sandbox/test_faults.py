"""Every fault kind the sandbox injects, observed over real HTTP, and the rules' scoping and determinism."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

import httpx
import pytest

from bobhub.sandbox.faults import FaultRule, Faults
from bobhub.sandbox.state import Sandbox, ServiceUser

FIELDS = "/company/people/fields"


class TestFaultKinds:
    def test_latency_delays_then_answers(
        self, hibob: Callable[[str], httpx.Client], sandbox: Sandbox
    ) -> None:
        sandbox.faults.add("latency", seconds=0.3, count=1)
        started = time.perf_counter()
        response = hibob("full").get(FIELDS)
        assert response.status_code == 200
        assert time.perf_counter() - started >= 0.3

    def test_rate_limit_burst_has_no_headers(
        self, hibob: Callable[[str], httpx.Client], sandbox: Sandbox
    ) -> None:
        sandbox.faults.add("rate_limit", count=2)
        client = hibob("full")
        first, second, third = (client.get(FIELDS) for _ in range(3))
        assert [first.status_code, second.status_code, third.status_code] == [429, 429, 200]
        assert "Retry-After" not in first.headers
        assert "X-RateLimit-Reset" not in first.headers
        assert first.json()["key"] == "too_many_requests"

    @pytest.mark.parametrize("status", [500, 502, 503])
    def test_server_errors(self, hibob: Callable[[str], httpx.Client], sandbox: Sandbox, status: int) -> None:
        sandbox.faults.add(f"http_{status}", count=1)
        client = hibob("full")
        response = client.get(FIELDS)
        assert response.status_code == status
        assert set(response.json()) == {"key", "error"}
        assert client.get(FIELDS).status_code == 200

    def test_reset_drops_the_connection_mid_body(
        self, hibob: Callable[[str], httpx.Client], sandbox: Sandbox
    ) -> None:
        sandbox.faults.add("reset", count=1)
        with pytest.raises(httpx.RemoteProtocolError):
            hibob("full").get(FIELDS)

    def test_timeout_outlasts_the_client(
        self, base_url: str, user: Callable[[str], ServiceUser], sandbox: Sandbox
    ) -> None:
        sandbox.faults.add("timeout", seconds=1.5, count=1)
        su = user("full")
        with (
            httpx.Client(base_url=f"{base_url}/v1", auth=(su.id, su.token), timeout=0.3) as client,
            pytest.raises(httpx.ReadTimeout),
        ):
            client.get(FIELDS)

    def test_truncated_json_is_a_complete_response_with_a_broken_body(
        self, hibob: Callable[[str], httpx.Client], sandbox: Sandbox
    ) -> None:
        client = hibob("full")
        whole = client.get(FIELDS)
        sandbox.faults.add("truncated", count=1)
        cut = client.get(FIELDS)
        assert cut.status_code == 200
        assert int(cut.headers["content-length"]) == len(cut.content) < len(whole.content)
        with pytest.raises(json.JSONDecodeError):
            json.loads(cut.content)

    def test_html_login_page_with_200(self, hibob: Callable[[str], httpx.Client], sandbox: Sandbox) -> None:
        sandbox.faults.add("html_login", count=1)
        response = hibob("full").get(FIELDS)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html")
        assert b"<form" in response.content


class TestRules:
    def test_rules_are_scoped_to_a_service_user_and_a_path(
        self, hibob: Callable[[str], httpx.Client], user: Callable[[str], ServiceUser], sandbox: Sandbox
    ) -> None:
        sandbox.faults.add("http_503", user=user("partial").id, path="/v1/company/people/fields")
        assert hibob("partial").get(FIELDS).status_code == 503
        assert hibob("partial").get("/company/named-lists").status_code == 200
        assert hibob("full").get(FIELDS).status_code == 200

    def test_same_seed_same_sequence(self) -> None:
        def sequence(seed: int) -> list[bool]:
            faults = Faults()
            faults.add("http_500", rate=0.5, seed=seed)
            return [faults.pick("su", "/v1/people/search") is not None for _ in range(40)]

        assert sequence(7) == sequence(7)
        assert sequence(7) != sequence(8)
        assert 5 < sum(sequence(7)) < 35

    def test_count_caps_the_faults(self) -> None:
        faults = Faults()
        faults.add("http_502", count=3)
        fired = [faults.pick(None, "/v1/x") for _ in range(10)]
        assert sum(rule is not None for rule in fired) == 3
        assert faults.served == 3

    def test_lag_is_reported_per_user(self) -> None:
        faults = Faults()
        faults.add("lag", seconds=20, user="SU-1")
        assert faults.lag_seconds("SU-1") == 20
        assert faults.lag_seconds("SU-2") == 0
        assert faults.pick("SU-1", "/v1/people/search") is None

    @pytest.mark.parametrize(
        "options", [{"kind": "meteor"}, {"kind": "latency", "rate": 2.0}, {"kind": "timeout", "seconds": -1}]
    )
    def test_bad_rules_are_refused(self, options: dict[str, object]) -> None:
        with pytest.raises(ValueError, match="kind|rate|seconds"):
            FaultRule(**options)  # type: ignore[arg-type]

    def test_admin_api_adds_lists_and_clears_faults(
        self, admin: httpx.Client, hibob: Callable[[str], httpx.Client]
    ) -> None:
        added = admin.post(
            "/faults", json={"kind": "http_500", "count": 1, "path": "/v1/company/named-lists"}
        )
        assert added.status_code == 200
        assert added.json()["kind"] == "http_500"
        assert [r["kind"] for r in admin.get("/faults").json()] == ["http_500"]
        assert hibob("full").get("/company/named-lists").status_code == 500
        assert admin.get("/faults").json()[0]["fired"] == 1
        assert admin.post("/faults", json={"kind": "meteor"}).status_code == 400
        assert admin.delete("/faults").status_code == 200
        assert admin.get("/faults").json() == []
