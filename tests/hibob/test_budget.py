"""The in-process rate budget: bursts go at once up to the limit, then wait out HiBob's window."""

from __future__ import annotations

import asyncio
import time

from bobhub.hibob.budget import InMemoryBudget, is_read, limit_for


def test_limits_follow_hibob_families() -> None:
    assert limit_for("POST", "/people/search") == 50
    assert limit_for("POST", "/people/{identifier}") == 50
    assert limit_for("GET", "/bulk/people/work") == 50
    assert limit_for("PUT", "/people/{identifier}") == 10
    assert limit_for("POST", "/people") == 10
    assert limit_for("GET", "/company/reports") == 20
    assert limit_for("GET", "/docs/people/{id}") is None
    assert is_read("POST", "/people/search")
    assert not is_read("DELETE", "/tasks/{taskId}")


async def test_no_window_ever_holds_more_than_the_limit() -> None:
    budget, window, limit = InMemoryBudget(window=0.3), 0.3, 5
    starts: list[float] = []
    ends: list[float] = []

    async def call() -> None:
        await budget.acquire("su GET /x", limit)
        starts.append(time.monotonic())
        await asyncio.sleep(0.01)
        ends.append(time.monotonic())
        await budget.release("su GET /x")

    t0 = time.monotonic()
    await asyncio.gather(*(call() for _ in range(17)))
    elapsed = time.monotonic() - t0
    starts.sort()
    ends.sort()
    # The (i + limit)-th call starts a full window after the i-th one answered.
    assert all(starts[i + limit] - ends[i] >= window - 1e-3 for i in range(len(starts) - limit))
    # 17 calls at 5 per window: the first 5 at once, then three more windows.
    assert 3 * window <= elapsed < 3 * window + 0.4


async def test_keys_are_independent_and_pause_holds_callers_back() -> None:
    budget = InMemoryBudget(window=10.0)
    for _ in range(3):
        await budget.acquire("a", 3)
    await budget.acquire("b", 3)  # another endpoint is not held up
    assert budget.in_use("a") == 3
    assert budget.in_use("b") == 1
    await budget.pause("b", 0.2)
    t0 = time.monotonic()
    await budget.acquire("b", 3)
    assert time.monotonic() - t0 >= 0.19


async def test_hibobs_announced_limit_replaces_the_assumed_one() -> None:
    budget = InMemoryBudget(window=0.2)
    await budget.acquire("k", 50)
    await budget.release("k")
    await budget.observe_limit("k", 1)  # X-RateLimit-Limit: 1
    t0 = time.monotonic()
    await budget.acquire("k", 50)
    assert time.monotonic() - t0 >= 0.15


async def test_a_slot_frees_when_hibobs_window_resets() -> None:
    budget = InMemoryBudget(window=5.0)
    await budget.acquire("k", 1)
    await budget.release("k", free_in=0.1)  # X-RateLimit-Reset says the window ends in 0.1 s
    t0 = time.monotonic()
    await budget.acquire("k", 1)
    assert 0.08 <= time.monotonic() - t0 < 1.0
