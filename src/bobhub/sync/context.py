"""What one sync run shares between its streams: client, store, call meters and published results."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import httpx

from bobhub.hibob import HiBobClient
from bobhub.store import Database


@dataclass(slots=True)
class CallMeter:
    """HiBob calls one stream made, and how many of them HiBob answered 429."""

    calls: int = 0
    rate_limited: int = 0


# Streams of a run share one HTTP client; each stream runs in its own task, whose context names its meter.
CURRENT_METER: ContextVar[CallMeter | None] = ContextVar("bobhub_sync_meter", default=None)


async def count_response(response: httpx.Response) -> None:
    """httpx response hook: charge the call to the stream whose task sent it."""
    meter = CURRENT_METER.get()
    if meter is not None:
        meter.calls += 1
        if response.status_code == 429:
            meter.rate_limited += 1


class Unavailable(Exception):
    """A stream needed what another stream of the run failed to provide."""


@dataclass(slots=True)
class EmployeeRef:
    """An employee the people stream saw: enough for the streams that read per employee."""

    id: str
    status: str | None


@dataclass(frozen=True, slots=True)
class ReadSizes:
    """How much one call or one batch reads: small enough to bound memory, big enough for few calls."""

    people_in_one_search: int = 5000  # above this many people: ids first, then batches by id
    people_per_search: int = 1000  # people read by id per search
    changes_per_read: int = 2000  # change-log items one read aims at (the window is split to match)


@dataclass(frozen=True, slots=True)
class RunOptions:
    """What a run reads: `full` re-reads everything; budgets cap the per-employee calls of one run."""

    full: bool = False
    balance_budget: int = 0
    documents_budget: int = 0
    sizes: ReadSizes = field(default_factory=ReadSizes)


@dataclass
class SyncContext:
    """One run of one account: streams read through `client`, write through `db`, and share results."""

    db: Database
    account_id: str
    client: HiBobClient
    options: RunOptions
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    write_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    suspicious: list[str] = field(default_factory=list)  # why the anomaly guard stopped deletions
    notes: list[str] = field(default_factory=list)  # gaps and skipped items, for the run's summary
    _shared: dict[str, asyncio.Future[Any]] = field(default_factory=dict)
    _memo: dict[str, asyncio.Task[Any]] = field(default_factory=dict)

    @property
    def full(self) -> bool:
        return self.options.full

    @property
    def balance_budget(self) -> int:
        return self.options.balance_budget

    @property
    def documents_budget(self) -> int:
        return self.options.documents_budget

    @property
    def sizes(self) -> ReadSizes:
        return self.options.sizes

    def _future(self, key: str) -> asyncio.Future[Any]:
        if key not in self._shared:
            self._shared[key] = asyncio.get_running_loop().create_future()
        return self._shared[key]

    def publish(self, key: str, value: Any) -> None:
        """Hand a result to the streams that `wait_for` it (people → documents and balances)."""
        future = self._future(key)
        if not future.done():
            future.set_result(value)

    def withdraw(self, key: str, reason: str) -> None:
        """Tell the waiting streams that `key` will not come (its stream failed)."""
        future = self._future(key)
        if not future.done():
            future.set_exception(Unavailable(reason))

    async def wait_for(self, key: str) -> Any:
        return await asyncio.shield(self._future(key))

    async def once(self, key: str, make: Any) -> Any:
        """`await make()` once per run, however many streams ask (named lists feed three streams)."""
        if key not in self._memo:
            self._memo[key] = asyncio.ensure_future(make())
        return await asyncio.shield(self._memo[key])

    async def employees(self) -> Sequence[EmployeeRef]:
        refs: Sequence[EmployeeRef] = await self.wait_for("employees")
        return refs
