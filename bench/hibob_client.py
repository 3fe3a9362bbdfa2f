"""HiBob client benchmark: fetch everything the `full` preset can read, as a ratio to the rate-limit floor.

The floor is the least time HiBob's limits allow for the calls made. Limits are per endpoint per
window and the budget starts full, so an endpoint called n times with limit L needs ceil(n / L)
bursts, i.e. (ceil(n / L) - 1) windows of waiting after the first burst; endpoints run in parallel,
so the floor is the largest of these over all endpoints (0 for unlimited ones such as documents).
Request latency is not part of the floor: a ratio of 1.0 would need instant answers.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import math
import time
from collections.abc import Awaitable, Iterable
from typing import Any

import httpx

from bench.sandbox import running_sandbox
from bobhub.hibob import HiBobClient, InMemoryBudget
from bobhub.hibob.budget import limit_for
from bobhub.hibob.resources.tables import BulkTable, Table

PER_EMPLOYEE_TABLES: tuple[Table, ...] = ("variable", "equities", "training", "bank-accounts")
BULK_TABLES: tuple[BulkTable, ...] = ("work", "employment", "lifecycle", "salaries")


async def _all(calls: Iterable[Awaitable[Any]]) -> list[Any]:
    return list(await asyncio.gather(*calls))


async def _drain(pages: Any) -> int:
    return sum([1 async for _ in pages])


async def _time_off(client: HiBobClient, today: dt.date) -> None:
    time_off = client.time_off
    types = await time_off.list_policy_types()
    await _all(time_off.get_policy_type(t) for t in types)
    await _all(time_off.list_reason_codes(t) for t in types)
    names = [n for found in await _all(time_off.list_policy_names(t) for t in types) for n in found]
    await _all(time_off.get_policy(n) for n in names)
    await time_off.whos_out(
        today - dt.timedelta(days=365), today + dt.timedelta(days=365), include_pending=True
    )
    await time_off.out_today(today)
    await time_off.changes(dt.datetime.now() - dt.timedelta(days=180), include_pending=True)


async def _company(client: HiBobClient) -> None:
    await client.metadata.lists.list(include_archived=True)
    await client.metadata.custom_tables.list()
    await client.metadata.wizards()
    await client.documents.list_folders()
    await client.tasks.list()
    await client.people.profiles()
    reports = await client.reports.list()
    await _all(client.reports.download(r.id) for r in reports)


async def fetch_everything(client: HiBobClient, today: dt.date) -> int:
    """Every read the full preset has; returns how many employees were read."""
    field_ids = [f.id for f in await client.metadata.fields.list()]
    people = await client.people.search(fields=field_ids, show_inactive=True)
    ids = [e.id for e in people]
    per_employee = [client.tables.list(t, i) for t in PER_EMPLOYEE_TABLES for i in ids]
    per_employee += [client.documents.list(i) for i in ids]
    per_employee += [client.time_off.get_balance(i, "Holiday", today) for i in ids]
    bulk = [_drain(client.tables.iter(t)) for t in BULK_TABLES]
    await _all([*per_employee, *bulk, _time_off(client, today), _company(client)])
    return len(ids)


def floor_seconds(calls: dict[str, int], window: float) -> float:
    """The least time HiBob's per-endpoint limits allow for `calls` ("METHOD /v1/template" → count)."""
    windows = 0
    for endpoint, count in calls.items():
        method, _, template = endpoint.partition(" ")
        limit = limit_for(method, template.removeprefix("/v1"))
        if limit is not None and count:
            windows = max(windows, math.ceil(count / limit) - 1)
    return windows * window


def run(employees: int = 2000, rate_window: float = 2.0) -> dict[str, Any]:
    with running_sandbox(employees, rate_window) as (_, banner, _):
        su = next(u for u in banner["service_users"] if u["preset"] == "full")
        base_url = banner["url"].removesuffix("/v1")
        with httpx.Client(base_url=f"{base_url}/_sandbox", timeout=30) as admin:
            admin.delete("/stats")
            started = time.perf_counter()
            read = asyncio.run(_fetch(su["id"], su["token"], base_url, rate_window))
            seconds = time.perf_counter() - started
            stats = admin.get("/stats").json()
    floor = floor_seconds(stats["calls"], rate_window)
    return {
        "employees": read,
        "rate_window": rate_window,
        "calls": sum(stats["calls"].values()),
        "rate_limited": stats["rate_limited"],
        "seconds": round(seconds, 2),
        "floor_seconds": round(floor, 2),
        "ratio_to_floor": round(seconds / floor, 3) if floor else None,
    }


async def _fetch(service_user_id: str, token: str, base_url: str, rate_window: float) -> int:
    budget = InMemoryBudget(window=rate_window)
    async with HiBobClient(service_user_id, token, base_url=base_url, budget=budget) as client:
        return await fetch_everything(client, dt.date.today())


if __name__ == "__main__":
    import json
    import sys

    size = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    print(json.dumps(run(size), indent=2))
