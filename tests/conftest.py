"""Shared fixtures: a real sandbox over HTTP on loopback, clients for its service users, and PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import httpx
import pytest

from bobhub.sandbox.limits import RateLimiter, Waf
from bobhub.sandbox.server import ThreadedSandbox
from bobhub.sandbox.state import Sandbox, ServiceUser
from tests.postgres import PostgresServer, PostgresUnavailable

# Small companies in tests; the big sizes live in `make bench`.
TEST_EMPLOYEES = 60
TEST_SEED = 1


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the session; in CI a server that cannot start fails the run."""
    server = PostgresServer()
    try:
        server.start()
    except PostgresUnavailable as exc:
        server.stop()
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required in CI: {exc}")
        pytest.skip(f"PostgreSQL is not available here: {exc}")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def sandbox_server() -> Iterator[ThreadedSandbox]:
    """One sandbox process-wide (a 60-employee company, seed 1, HiBob's real 60 s window)."""
    sandbox = Sandbox(rate_window=60.0)
    sandbox.create_company(employees=TEST_EMPLOYEES, seed=TEST_SEED)
    server = ThreadedSandbox(sandbox).start()
    yield server
    server.stop()


@pytest.fixture
def sandbox(sandbox_server: ThreadedSandbox) -> Iterator[Sandbox]:
    """The shared sandbox, with fresh rate-limit counters, WAF state and no faults for each test."""
    sb = sandbox_server.sandbox
    sb.limiter = RateLimiter(sb.rate_window)
    sb.waf = Waf(sb.rate_window)
    sb.faults.clear()
    yield sb
    sb.faults.clear()


@pytest.fixture
def base_url(sandbox_server: ThreadedSandbox, sandbox: Sandbox) -> str:
    return sandbox_server.base_url


@pytest.fixture
def user(sandbox: Sandbox) -> Callable[[str], ServiceUser]:
    """The service user of a preset ("full", "activtrak", "partial", "empty") in the first company."""
    return sandbox.preset_user


@pytest.fixture
def hibob(base_url: str, user: Callable[[str], ServiceUser]) -> Iterator[Callable[[str], httpx.Client]]:
    """hibob("full") → an httpx.Client on <sandbox>/v1 authenticated as that preset's service user."""
    clients: list[httpx.Client] = []

    def make(preset: str) -> httpx.Client:
        su = user(preset)
        client = httpx.Client(base_url=f"{base_url}/v1", auth=(su.id, su.token), timeout=30)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def admin(base_url: str) -> Iterator[httpx.Client]:
    """An httpx.Client on the sandbox's /_sandbox admin API."""
    with httpx.Client(base_url=f"{base_url}/_sandbox", timeout=30) as client:
        yield client
