"""The shared rate budget against a sandbox with a 2 s window: bursts wait their turn, no 429 is served."""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Iterator

import pytest

from bobhub.hibob import HiBobClient, InMemoryBudget
from bobhub.sandbox.limits import RateLimiter
from bobhub.sandbox.server import ThreadedSandbox
from bobhub.sandbox.state import Sandbox
from tests.hibob.conftest import FAST_RETRY, calls

WINDOW = 2.0


@pytest.fixture
def fast(fast_window_server: ThreadedSandbox) -> Iterator[ThreadedSandbox]:
    """The 2 s-window sandbox with fresh counters for this test."""
    sb = fast_window_server.sandbox
    sb.limiter = RateLimiter(sb.rate_window)
    sb.stats.reset()
    sb.faults.clear()
    return fast_window_server


def _client(server: ThreadedSandbox, budget: InMemoryBudget) -> HiBobClient:
    su = server.sandbox.preset_user("full")
    return HiBobClient(su.id, su.token, base_url=server.base_url, budget=budget, retry=FAST_RETRY)


async def test_twenty_concurrent_callers_share_one_budget_without_a_429(fast: ThreadedSandbox) -> None:
    budget = InMemoryBudget(window=WINDOW)
    clients = [_client(fast, budget) for _ in range(20)]

    async def caller(client: HiBobClient) -> int:
        found = 0
        for _ in range(6):  # 120 searches in all: the 50-per-window limit is met three times over
            found += len(await client.people.search(fields=["root.id"]))
        return found

    started = time.monotonic()
    try:
        results = await asyncio.gather(*(caller(c) for c in clients))
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))
    elapsed = time.monotonic() - started
    sandbox: Sandbox = fast.sandbox
    assert sandbox.stats.rate_limited == 0
    assert calls(sandbox, "POST /people/search") == 120
    assert all(r == results[0] > 0 for r in results)
    # 120 calls at 50 per window span three of HiBob's fixed windows: more than one whole window.
    assert WINDOW * (math.ceil(120 / 50) - 2) <= elapsed < WINDOW * (math.ceil(120 / 50) - 1) + 2


async def test_120_concurrent_searches_on_one_client(fast: ThreadedSandbox) -> None:
    async with _client(fast, InMemoryBudget(window=WINDOW)) as client:
        answers = await asyncio.gather(*(client.people.search(fields=["root.id"]) for _ in range(120)))
    assert all(answers)
    assert fast.sandbox.stats.rate_limited == 0


async def test_a_caller_without_the_shared_budget_waits_out_hibobs_window(fast: ThreadedSandbox) -> None:
    """Another process spent the window: HiBob's 429 and its reset time are honoured, once."""
    async with _client(fast, InMemoryBudget(window=WINDOW)) as other:
        await asyncio.gather(*(other.people.search(fields=["root.id"]) for _ in range(50)))
    started = time.time()
    async with _client(fast, InMemoryBudget(window=WINDOW)) as late:
        assert await late.people.search(fields=["root.id"])
    assert fast.sandbox.stats.rate_limited <= 1
    if fast.sandbox.stats.rate_limited:
        # It slept until the window's end (X-RateLimit-Reset / Retry-After), then got through.
        assert time.time() >= math.floor(started / WINDOW) * WINDOW + WINDOW - 0.05
