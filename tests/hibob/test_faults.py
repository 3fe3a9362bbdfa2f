"""Every fault the sandbox injects either heals behind the client's retries or ends in the right error."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import httpx
import pytest

from bobhub.hibob import (
    HiBobClient,
    RateLimited,
    ServerError,
    TransportError,
    UnexpectedResponse,
)
from bobhub.sandbox.server import free_port
from bobhub.sandbox.state import Sandbox, ServiceUser
from tests.hibob.conftest import FAST_RETRY, MakeClient, calls

READ = "/v1/company/people/fields"


async def _someone(client: HiBobClient) -> str:
    return (await client.people.search(fields=["root.id"]))[0].id


@pytest.mark.parametrize(
    "kind", ["rate_limit", "http_500", "http_502", "http_503", "reset", "truncated", "html_login"]
)
async def test_transient_faults_on_reads_are_retried_away(
    kind: str, bob: MakeClient, sandbox: Sandbox, user: Callable[[str], ServiceUser]
) -> None:
    rule = sandbox.faults.add(kind, count=2, user=user("full").id, path=READ)
    fields = await bob("full").metadata.fields.list()
    assert fields
    assert rule.fired == 2


@pytest.mark.parametrize(
    ("kind", "error"),
    [
        ("rate_limit", RateLimited),
        ("http_503", ServerError),
        ("reset", TransportError),
        ("truncated", UnexpectedResponse),
        ("html_login", UnexpectedResponse),
    ],
)
async def test_persistent_faults_end_in_the_right_error_after_every_attempt(
    kind: str, error: type[Exception], bob: MakeClient, sandbox: Sandbox, user: Callable[[str], ServiceUser]
) -> None:
    rule = sandbox.faults.add(kind, user=user("full").id, path=READ)
    with pytest.raises(error):
        await bob("full").metadata.fields.list()
    assert rule.fired == FAST_RETRY.attempts


async def test_latency_and_timeouts(
    bob: MakeClient, sandbox: Sandbox, user: Callable[[str], ServiceUser]
) -> None:
    su = user("full").id
    sandbox.faults.add("latency", count=1, seconds=0.3, user=su, path=READ)
    started = time.monotonic()
    assert await bob("full").metadata.fields.list()
    assert time.monotonic() - started >= 0.3
    sandbox.faults.clear()
    hung = sandbox.faults.add("timeout", count=1, seconds=0.8, user=su, path=READ)
    assert await bob("full", timeout=0.3).metadata.fields.list()  # the second attempt answers
    assert hung.fired == 1
    sandbox.faults.clear()
    sandbox.faults.add("timeout", seconds=0.6, user=su, path=READ)
    with pytest.raises(TransportError) as timed_out:
        await bob("full", timeout=0.2).metadata.fields.list()
    assert timed_out.value.sent


@pytest.mark.parametrize("kind", ["http_503", "reset", "timeout"])
async def test_writes_that_may_have_happened_are_not_retried(
    kind: str, bob: MakeClient, sandbox: Sandbox, user: Callable[[str], ServiceUser]
) -> None:
    client = bob("full", timeout=0.3)
    employee_id = await _someone(client)
    rule = sandbox.faults.add(
        kind, count=1, seconds=0.6, user=user("full").id, path=f"/v1/people/{employee_id}"
    )
    before = calls(sandbox, "PUT /people/{identifier}")
    with pytest.raises(ServerError if kind == "http_503" else TransportError):
        await client.people.update(employee_id, {"about": {"about": f"after a {kind}"}})
    assert rule.fired == 1  # one attempt only: a second would have gone through
    if kind == "timeout":
        await asyncio.sleep(0.7)  # a timed-out write still lands once HiBob gets to it
    assert calls(sandbox, "PUT /people/{identifier}") - before == (1 if kind == "timeout" else 0)


async def test_a_write_refused_with_429_is_retried(
    bob: MakeClient, sandbox: Sandbox, user: Callable[[str], ServiceUser]
) -> None:
    client = bob("full")
    employee_id = await _someone(client)
    rule = sandbox.faults.add("rate_limit", count=1, user=user("full").id, path=f"/v1/people/{employee_id}")
    before = calls(sandbox, "PUT /people/{identifier}")
    assert await client.people.update(employee_id, {"about": {"about": f"after a 429 {time.time()}"}}) is True
    assert rule.fired == 1
    assert calls(sandbox, "PUT /people/{identifier}") - before == 1


async def test_unreachable_host_is_retried_for_reads_and_writes(user: Callable[[str], ServiceUser]) -> None:
    sent: list[httpx.Request] = []

    async def record(request: httpx.Request) -> None:
        sent.append(request)

    su = user("full")
    async with httpx.AsyncClient(event_hooks={"request": [record]}, timeout=2) as http:
        client = HiBobClient(
            su.id, su.token, base_url=f"http://127.0.0.1:{free_port()}", http_client=http, retry=FAST_RETRY
        )
        with pytest.raises(TransportError) as refused:
            await client.people.update("1", {"about": {"about": "x"}})
        assert not refused.value.sent
        assert len(sent) == FAST_RETRY.attempts  # the write never left: safe to repeat


async def test_read_lag_gives_old_values_without_errors_until_it_passes(
    bob: MakeClient, sandbox: Sandbox, user: Callable[[str], ServiceUser]
) -> None:
    client = bob("full")
    employee_id = await _someone(client)
    sandbox.faults.add("lag", seconds=1.0, user=user("full").id)
    text = f"lagged {time.time()}"
    assert await client.people.update(employee_id, {"about": {"about": text}})
    stale = await client.people.get(employee_id, fields=["about.about"])
    assert stale.get("about.about") != text
    await asyncio.sleep(1.1)
    fresh = await client.people.get(employee_id, fields=["about.about"])
    assert fresh.get("about.about") == text
