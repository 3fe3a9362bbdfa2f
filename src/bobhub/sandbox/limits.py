"""HiBob's per-endpoint rate limits and its WAF lockout after bursts of 401/403 answers.

Limits are per service user and per endpoint (method + path template), counted in fixed windows whose
length is the sandbox's `rate_window` (HiBob's minute; benchmarks shrink it). Assumption from
hibob-api-notes.md §3: people search 50/min, other reads 50/min, writes 10/min, documents unlimited,
reports 20/min.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict, deque
from dataclasses import dataclass

# Reads that HiBob serves through POST.
READ_POSTS = frozenset({"/v1/people/search", "/v1/people/{identifier}"})
WAF_THRESHOLD = 50
WAF_SPAN = 10.0  # seconds
WAF_BLOCK_WINDOWS = 5


def limit_for(method: str, template: str) -> int | None:
    """Requests per window allowed on one endpoint; None means unlimited."""
    if template.startswith("/v1/docs/"):
        return None
    if template.startswith("/v1/company/reports"):
        return 20
    if method == "GET" or (method == "POST" and template in READ_POSTS):
        return 50
    return 10


@dataclass(slots=True)
class Verdict:
    """The outcome of counting one call: allowed or not, and the X-RateLimit-* header values."""

    allowed: bool
    limit: int
    remaining: int
    reset: int  # epoch seconds when the window ends
    retry_after: float

    def headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(self.reset),
        }


class RateLimiter:
    """Fixed-window counters keyed by (service user, endpoint)."""

    def __init__(self, window: float) -> None:
        self.window = window
        self._counts: dict[tuple[str, str, str], tuple[int, int]] = {}

    def hit(self, user: str, method: str, template: str, now: float | None = None) -> Verdict | None:
        limit = limit_for(method, template)
        if limit is None:
            return None
        now = time.time() if now is None else now
        index = int(now // self.window)
        key = (user, method, template)
        window_index, count = self._counts.get(key, (index, 0))
        if window_index != index:
            count = 0
        count += 1
        self._counts[key] = (index, count)
        end = (index + 1) * self.window
        allowed = count <= limit
        return Verdict(
            allowed=allowed,
            limit=limit,
            remaining=max(0, limit - count),
            reset=math.ceil(end),
            retry_after=max(0.0, end - now),
        )


class Waf:
    """Blocks an Authorization header for 5 windows after 50 answers of 401/403 to it within 10 s."""

    def __init__(self, window: float) -> None:
        self.window = window
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._blocked_until: dict[str, float] = {}

    def blocked(self, authorization: str, now: float | None = None) -> float:
        """Seconds the header stays blocked (0 when it is not)."""
        now = time.monotonic() if now is None else now
        return max(0.0, self._blocked_until.get(authorization, 0.0) - now)

    def record(self, authorization: str, status: int, now: float | None = None) -> None:
        if status not in (401, 403):
            return
        now = time.monotonic() if now is None else now
        failures = self._failures[authorization]
        failures.append(now)
        while failures and failures[0] < now - WAF_SPAN:
            failures.popleft()
        if len(failures) >= WAF_THRESHOLD:
            self._blocked_until[authorization] = now + WAF_BLOCK_WINDOWS * self.window
            failures.clear()

    def reset(self) -> None:
        self._failures.clear()
        self._blocked_until.clear()
