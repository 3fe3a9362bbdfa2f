"""Fixtures for the client tests: clients on the shared sandbox, and a sandbox with a 2 s rate window."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest

from bobhub.hibob import HiBobClient, RetryPolicy
from bobhub.sandbox.server import ThreadedSandbox
from bobhub.sandbox.state import Sandbox, ServiceUser

# Quick retries so fault tests stay fast; the shape (attempts, backoff, deadline) is the production one.
FAST_RETRY = RetryPolicy(attempts=4, wait_initial=0.02, wait_max=0.5, wait_jitter=0.02, deadline=20.0)

MakeClient = Callable[..., HiBobClient]


@pytest.fixture(scope="session")
def sandbox_server() -> Iterator[ThreadedSandbox]:
    """The client tests' own sandbox (same shape as the shared one), so their writes touch no one else's."""
    sandbox = Sandbox(rate_window=60.0)
    sandbox.create_company(employees=60, seed=1)
    server = ThreadedSandbox(sandbox).start()
    yield server
    server.stop()


@pytest.fixture
async def bob(base_url: str, user: Callable[[str], ServiceUser]) -> AsyncIterator[MakeClient]:
    """bob("full") → a HiBobClient on the shared sandbox for that preset (closed after the test)."""
    made: list[HiBobClient] = []

    def make(preset: str = "full", **options: Any) -> HiBobClient:
        su = user(preset)
        options.setdefault("retry", FAST_RETRY)
        client = HiBobClient(su.id, su.token, base_url=base_url, **options)
        made.append(client)
        return client

    yield make
    for client in made:
        await client.aclose()


@pytest.fixture(scope="session")
def fast_window_server() -> Iterator[ThreadedSandbox]:
    """A separate sandbox whose rate window is 2 s, as `bobhub sandbox --rate-window 2` would run."""
    sandbox = Sandbox(rate_window=2.0)
    sandbox.create_company(employees=40, seed=7)
    server = ThreadedSandbox(sandbox).start()
    yield server
    server.stop()


def calls(sandbox: Sandbox, endpoint: str | None = None) -> int:
    """Requests the sandbox counted, on one endpoint ("POST /people/search", no /v1) or in total."""
    if endpoint is None:
        return sum(sandbox.stats.calls.values())
    return sum(n for key, n in sandbox.stats.calls.items() if key.replace(" /v1/", " /", 1) == endpoint)
