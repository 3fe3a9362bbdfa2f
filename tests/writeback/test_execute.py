"""Writes sent once against the sandbox: dry runs show what is sent; lost answers are read back."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from bobhub.hibob import HiBobClient, PermissionDenied, ServerError, TransportError
from bobhub.sandbox.model import EMPLOYED, Company
from bobhub.sandbox.state import Sandbox, ServiceUser
from bobhub.writeback import (
    CreateEmployee,
    EmployeeCreate,
    EmployeeUpdate,
    Metadata,
    NotApplied,
    UpdateEmployee,
    WriteFailed,
    dry_run,
    execute,
)


@dataclass
class Bob:
    """A client on a fresh sandbox company, and every write request that left it."""

    client: HiBobClient
    company: Company
    user: ServiceUser
    sent: list[tuple[str, str, Any]] = field(default_factory=list)

    def employee(self) -> str:
        return [e.id for e in self.company.employees.values() if e.lifecycle_status == EMPLOYED][1]

    def writes(self) -> list[tuple[str, str, Any]]:
        reads = {f"/v1/people/{e}" for e in self.company.employees} | {"/v1/people/search"}
        return [(m, p, b) for m, p, b in self.sent if m != "GET" and not (m == "POST" and p in reads)]


async def open_bob(sandbox: Sandbox, base_url: str, preset: str = "full") -> AsyncIterator[Bob]:
    company = sandbox.create_company(employees=12, seed=2000 + len(sandbox.companies))
    user = sandbox.preset_user(preset, company)
    sent: list[tuple[str, str, Any]] = []

    async def spy(request: httpx.Request) -> None:
        body = json.loads(request.content) if request.content else None
        sent.append((request.method, request.url.path, body))

    async with (
        httpx.AsyncClient(timeout=10, event_hooks={"request": [spy]}) as http,
        HiBobClient(user.id, user.token, base_url=base_url, http_client=http) as client,
    ):
        yield Bob(client, company, user, sent)


@pytest.fixture
async def bob(sandbox: Sandbox, base_url: str) -> AsyncIterator[Bob]:
    async for found in open_bob(sandbox, base_url):
        yield found


@pytest.fixture
async def partial(sandbox: Sandbox, base_url: str) -> AsyncIterator[Bob]:
    async for found in open_bob(sandbox, base_url, "partial"):
        yield found


def edit(bob: Bob, metadata: Metadata, **fields: Any) -> UpdateEmployee:
    return UpdateEmployee(metadata, bob.employee(), EmployeeUpdate.model_validate(fields))


NEW = EmployeeCreate.model_validate(
    {
        "first_name": "Alan",
        "last_name": "Turing",
        "work_email": "alan.turing@example.org",
        "start_date": "2025-06-23",
        "location": "Manchester",
    }
)


class TestDryRun:
    async def test_what_a_dry_run_shows_is_what_is_sent(self, bob: Bob):
        metadata = await Metadata.load(bob.client)
        change = {
            "first_name": "Alan",
            "job_title": "Staff Engineer",
            "effective_date": "2026-03-01",
            "compensation": {"amount": 91000, "currency": "GBP"},
        }
        shown = (await dry_run(edit(bob, metadata, **change), bob.client)).requests
        assert bob.writes() == []
        outcome = await execute(edit(bob, metadata, **change), bob.client, verify_seconds=10)
        assert outcome.status == "verified"
        assert outcome.requests == shown
        assert bob.writes() == [(r["method"], r["path"], r["body"]) for r in shown]


class TestLostAnswers:
    async def test_an_answer_lost_after_hibob_applied_it_is_read_back_not_resent(
        self, bob: Bob, sandbox: Sandbox
    ):
        metadata = await Metadata.load(bob.client)
        # HiBob creates the employee, but its answer arrives cut in half.
        sandbox.faults.add("truncated", count=1, user=bob.user.id, path="/v1/people")
        outcome = await execute(CreateEmployee(metadata, NEW), bob.client, verify_seconds=10)
        assert outcome.status == "verified"
        assert [(m, p) for m, p, _ in bob.writes()] == [("POST", "/v1/people")]
        assert "the read-back shows it was applied" in outcome.notes[0]
        assert outcome.result is not None
        assert outcome.result.remote_id in bob.company.employees

    @pytest.mark.parametrize(("kind", "error"), [("http_503", ServerError), ("reset", TransportError)])
    async def test_a_failed_write_is_sent_once_and_reported_not_applied(
        self, bob: Bob, sandbox: Sandbox, kind: str, error: type[Exception]
    ):
        metadata = await Metadata.load(bob.client)
        employee = bob.employee()
        before = dict(bob.company.employees[employee].values)
        sandbox.faults.add(kind, count=1, user=bob.user.id, path=f"/v1/people/{employee}")
        with pytest.raises(WriteFailed) as failed:
            await execute(edit(bob, metadata, last_name="Never"), bob.client, verify_seconds=1.0)
        assert isinstance(failed.value.cause, NotApplied)
        assert isinstance(failed.value.cause.cause, error)
        assert [r["method"] for r in failed.value.requests] == ["PUT"]
        assert [(m, p) for m, p, _ in bob.writes()] == [("PUT", f"/v1/people/{employee}")]
        assert bob.company.employees[employee].values == before


class TestReadBack:
    async def test_a_lag_longer_than_the_window_is_unconfirmed(self, bob: Bob, sandbox: Sandbox):
        metadata = await Metadata.load(bob.client)
        sandbox.faults.add("lag", seconds=30, user=bob.user.id)
        outcome = await execute(edit(bob, metadata, first_name="Later"), bob.client, verify_seconds=1.0)
        assert (outcome.status, outcome.unconfirmed_fields) == ("unconfirmed", ["first_name"])
        assert bob.company.employees[bob.employee()].values["root.firstName"] == "Later"

    async def test_a_refusal_names_the_permission_and_what_was_sent(self, partial: Bob):
        metadata = await Metadata.load(partial.client)
        with pytest.raises(WriteFailed) as failed:
            await execute(
                edit(partial, metadata, date_of_birth="1912-06-23"), partial.client, verify_seconds=1
            )
        cause = failed.value.cause
        assert isinstance(cause, PermissionDenied)
        assert cause.permission == "People's data > Personal > Edit selected employees' Personal sections"
        assert failed.value.requests == [
            {
                "method": "PUT",
                "path": f"/v1/people/{partial.employee()}",
                "body": {"personal": {"birthDate": "1912-06-23"}},
            }
        ]
