"""The rate budget: HiBob's per-endpoint limits, spent before a request leaves so bursts wait instead of 429.

HiBob limits each service user per endpoint per minute (hibob-api-notes.md §3): people search 50,
other reads 50, writes 10, reports 20, documents unlimited (the last three are HiBob's pattern for the
endpoints whose tables were not captured; we assume it everywhere, and adopt `X-RateLimit-Limit` when
HiBob announces another number). One budget object is meant to be shared by every client of the
process: its buckets are keyed by service user and endpoint.

Why not a classic token bucket: HiBob counts calls in fixed windows, and a bucket refilled
continuously may spend its full capacity plus the refill inside one such window. Instead each call
holds a slot from the moment it is sent until the window HiBob counted it in is over: the
`X-RateLimit-Reset` of its answer when HiBob sends one, else `window` seconds after the answer arrived
(HiBob counts a call before answering it, so that window is over by then). No window of HiBob's can
then see more than `limit` calls, whatever the latency, and a fresh burst of `limit` calls goes at once.
"""

from __future__ import annotations

import abc
import asyncio
import heapq
import math
import time
from dataclasses import dataclass, field

# Reads that HiBob serves through POST.
READ_POSTS = frozenset({"/people/search", "/people/{identifier}"})
SEARCH_LIMIT = 50
READ_LIMIT = 50
WRITE_LIMIT = 10
REPORTS_LIMIT = 20
# Endpoints without a rate limit (documents) still get at most this many calls in flight per service
# user, so a burst of them cannot crowd out the rate-limited calls or flood HiBob.
UNLIMITED_CONCURRENCY = 8


def is_read(method: str, template: str) -> bool:
    """Whether a call only reads (safe to repeat after any failure)."""
    return method == "GET" or (method == "POST" and template in READ_POSTS)


def limit_for(method: str, template: str) -> int | None:
    """HiBob's calls per window for one endpoint (`template` relative to /v1); None means unlimited."""
    if template.startswith("/docs/"):
        return None
    if template.startswith("/company/reports"):
        return REPORTS_LIMIT
    if template == "/people/search":
        return SEARCH_LIMIT
    return READ_LIMIT if is_read(method, template) else WRITE_LIMIT


class RateBudget(abc.ABC):
    """Where callers of one service user take turns; an in-process one below, a shared store later.

    `acquire` waits until a call to the endpoint `key` may be sent. `release` returns the slot once the
    answer arrived (or the call failed); `free_in` is how long the slot stays spent (HiBob's window
    reset), at most `window`, which is the default. `pause` holds every caller of `key` back when
    HiBob says its window is spent, and `observe_limit` adopts HiBob's `X-RateLimit-Limit`.
    """

    window: float

    @abc.abstractmethod
    async def acquire(self, key: str, limit: int) -> None: ...

    @abc.abstractmethod
    async def release(self, key: str, free_in: float | None = None) -> None: ...

    @abc.abstractmethod
    async def pause(self, key: str, seconds: float) -> None: ...

    @abc.abstractmethod
    async def observe_limit(self, key: str, limit: int) -> None: ...


@dataclass(slots=True)
class _Bucket:
    limit: int
    spent_until: list[float] = field(default_factory=list)  # heap: when each answered call's slot frees
    in_flight: int = 0
    paused_until: float = 0.0
    # Callers queue here in order; only the one at the head sleeps until a slot frees.
    turnstile: asyncio.Lock = field(default_factory=asyncio.Lock)
    answered: asyncio.Event = field(default_factory=asyncio.Event)

    def wait_time(self, now: float) -> float:
        """Seconds until a slot is free: 0 now, math.inf until some call in flight answers."""
        while self.spent_until and self.spent_until[0] <= now:
            heapq.heappop(self.spent_until)
        if now < self.paused_until:
            return self.paused_until - now
        if self.in_flight + len(self.spent_until) < self.limit:
            return 0.0
        return self.spent_until[0] - now if self.spent_until else math.inf


class InMemoryBudget(RateBudget):
    """A budget for the callers of one process (and one event loop); `window` is HiBob's minute."""

    def __init__(self, window: float = 60.0) -> None:
        if window <= 0:
            raise ValueError("the rate window must be positive")
        self.window = window
        self._buckets: dict[str, _Bucket] = {}

    def _bucket(self, key: str, limit: int) -> _Bucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(limit)
        return bucket

    async def acquire(self, key: str, limit: int) -> None:
        bucket = self._bucket(key, limit)
        async with bucket.turnstile:
            while (wait := bucket.wait_time(time.monotonic())) > 0:
                if wait == math.inf:
                    bucket.answered.clear()
                    await bucket.answered.wait()
                else:
                    await asyncio.sleep(wait)
            bucket.in_flight += 1

    async def release(self, key: str, free_in: float | None = None) -> None:
        bucket = self._buckets[key]
        hold = self.window if free_in is None else min(max(free_in, 0.0), self.window)
        bucket.in_flight -= 1
        heapq.heappush(bucket.spent_until, time.monotonic() + hold)
        bucket.answered.set()

    async def pause(self, key: str, seconds: float) -> None:
        bucket = self._buckets.get(key)
        if bucket is not None:
            bucket.paused_until = max(bucket.paused_until, time.monotonic() + seconds)

    async def observe_limit(self, key: str, limit: int) -> None:
        bucket = self._buckets.get(key)
        if bucket is not None and limit > 0:
            bucket.limit = limit

    def in_use(self, key: str) -> int:
        """Slots of `key` taken right now (in flight, or answered in a window not over yet)."""
        bucket = self._buckets.get(key)
        if bucket is None:
            return 0
        bucket.wait_time(time.monotonic())
        return bucket.in_flight + len(bucket.spent_until)
