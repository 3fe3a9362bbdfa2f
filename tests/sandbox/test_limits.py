"""Rate limits per service user and endpoint, their headers, and the WAF lockout, over real HTTP."""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx
import pytest

from bobhub.sandbox.limits import RateLimiter, Waf, limit_for
from bobhub.sandbox.state import Sandbox

SEARCH = {"fields": ["root.id"]}


class TestPeopleSearchLimit:
    def test_fifty_searches_pass_and_the_51st_gets_429_with_headers(
        self, hibob: Callable[[str], httpx.Client], sandbox: Sandbox
    ) -> None:
        client = hibob("full")
        before = sandbox.stats.rate_limited
        for i in range(50):
            response = client.post("/people/search", json=SEARCH)
            assert response.status_code == 200, i
            assert response.headers["X-RateLimit-Limit"] == "50"
            assert response.headers["X-RateLimit-Remaining"] == str(49 - i)
        refused = client.post("/people/search", json=SEARCH)
        assert refused.status_code == 429
        assert set(refused.json()) == {"key", "error"}
        assert refused.headers["X-RateLimit-Remaining"] == "0"
        assert int(refused.headers["X-RateLimit-Reset"]) >= int(time.time())
        assert 1 <= int(refused.headers["Retry-After"]) <= 60
        assert sandbox.stats.rate_limited == before + 1

    def test_limits_are_per_service_user_and_per_endpoint(self, hibob: Callable[[str], httpx.Client]) -> None:
        full, partial = hibob("full"), hibob("partial")
        for _ in range(50):
            full.post("/people/search", json=SEARCH)
        assert full.post("/people/search", json=SEARCH).status_code == 429
        assert partial.post("/people/search", json=SEARCH).status_code == 200
        assert full.get("/company/people/fields").status_code == 200


class TestWindows:
    def test_counter_resets_in_the_next_window(self) -> None:
        limiter = RateLimiter(window=2.0)
        for _ in range(10):
            assert limiter.hit("su", "PUT", "/v1/people/{identifier}", now=100.0)
        verdict = limiter.hit("su", "PUT", "/v1/people/{identifier}", now=100.5)
        assert verdict is not None
        assert not verdict.allowed
        assert verdict.reset == 102
        assert verdict.retry_after == 1.5
        again = limiter.hit("su", "PUT", "/v1/people/{identifier}", now=102.0)
        assert again is not None
        assert again.allowed

    def test_published_limits(self) -> None:
        assert limit_for("POST", "/v1/people/search") == 50
        assert limit_for("POST", "/v1/people/{identifier}") == 50
        assert limit_for("GET", "/v1/bulk/people/work") == 50
        assert limit_for("POST", "/v1/people") == 10
        assert limit_for("PUT", "/v1/people/{identifier}") == 10
        assert limit_for("GET", "/v1/company/reports") == 20
        assert limit_for("POST", "/v1/docs/people/{id}/shared") is None


class TestWaf:
    def test_fifty_401s_block_the_header_but_not_other_callers(
        self, base_url: str, hibob: Callable[[str], httpx.Client]
    ) -> None:
        with httpx.Client(base_url=f"{base_url}/v1", auth=("SERVICE-0", "wrong-token")) as bad:
            statuses = [bad.get("/company/people/fields").status_code for _ in range(50)]
            assert statuses == [401] * 50
            blocked = bad.get("/company/people/fields")
        assert blocked.status_code == 403
        assert blocked.json()["key"] == "blocked"
        assert hibob("full").get("/company/people/fields").status_code == 200

    def test_fifty_403s_block_a_valid_service_user(self, hibob: Callable[[str], httpx.Client]) -> None:
        empty = hibob("empty")
        for _ in range(50):
            assert empty.get("/timeoff/policy-types").status_code == 403
        # Field metadata needs no permission, yet the blocked header is refused.
        response = empty.get("/company/people/fields")
        assert response.status_code == 403
        assert response.json()["key"] == "blocked"

    def test_block_lasts_five_windows(self) -> None:
        waf = Waf(window=2.0)
        for i in range(50):
            waf.record("Basic x", 401, now=float(i) / 10)
        # The 50th failure (t = 4.9 s) blocks the header for 5 windows of 2 s.
        assert waf.blocked("Basic x", now=5.0) == pytest.approx(9.9)
        assert waf.blocked("Basic x", now=14.9) == 0.0
        assert waf.blocked("Basic other", now=5.0) == 0.0

    def test_failures_spread_over_more_than_ten_seconds_do_not_block(self) -> None:
        waf = Waf(window=60.0)
        for i in range(100):
            waf.record("Basic y", 403, now=i * 0.25)  # 40 per 10 s
        assert waf.blocked("Basic y", now=25.0) == 0.0
