"""Fixtures for the doctor tests: their own sandbox, and a doctor run that counts its calls per endpoint."""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass

import pytest

from bobhub.hibob import HiBobClient
from bobhub.permissions import DoctorReport, diagnose
from bobhub.sandbox.model import Company
from bobhub.sandbox.server import ThreadedSandbox
from bobhub.sandbox.state import Sandbox, ServiceUser


@pytest.fixture(scope="session")
def sandbox_server() -> Iterator[ThreadedSandbox]:
    """The doctor tests' own sandbox (same shape as the shared one): other tests' writes cannot move
    the people, rows and documents these tests reason about."""
    sandbox = Sandbox(rate_window=60.0)
    sandbox.create_company(employees=60, seed=1)
    server = ThreadedSandbox(sandbox).start()
    yield server
    server.stop()


@dataclass(frozen=True)
class Run:
    """A doctor report and the sandbox calls its run made, per "METHOD /v1/template"."""

    report: DoctorReport
    calls: Counter[str]

    def by_key(self) -> dict[str, str]:
        return {check.key: check.status for check in self.report.checks}


Doctor = Callable[..., Awaitable[Run]]


@pytest.fixture
def company(sandbox: Sandbox) -> Company:
    return next(iter(sandbox.companies.values()))


@pytest.fixture
def doctor(sandbox: Sandbox, base_url: str, user: Callable[[str], ServiceUser]) -> Doctor:
    """doctor("partial") runs the doctor as that preset's service user; token= overrides its token."""

    async def run(preset: str, *, token: str | None = None) -> Run:
        su = user(preset)
        before = Counter(sandbox.stats.calls)
        async with HiBobClient(su.id, token if token is not None else su.token, base_url=base_url) as client:
            report = await diagnose(client)
        return Run(report, Counter(sandbox.stats.calls) - before)

    return run
