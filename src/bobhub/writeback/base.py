"""What every write shares: its calls, the send-then-verify run, and the outcome a caller reports.

A write is prepared (reads only: current rows, folders, the balance before), previewed (the exact HiBob
requests), performed (each request sent once through a `Sender`) and observed (read back until every
written field shows, or `verify_seconds` have passed, since HiBob's reads lag its writes by ~20 s).
"""

from __future__ import annotations

import abc
import asyncio
import functools
import time
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from bobhub.hibob import HiBobClient, NotFound
from bobhub.hibob.errors import HiBobError
from bobhub.unified.models import UnifiedRecord
from bobhub.writeback.calls import FIRST_WAIT, MAX_WAIT, HiBobCall, NotApplied, Sender

Status = Literal["dry_run", "verified", "unconfirmed"]


@dataclass
class Observed:
    """One read-back: the written object as unified record, every record read, the fields not seen yet."""

    result: UnifiedRecord | None = None
    records: list[UnifiedRecord] = field(default_factory=list)
    unconfirmed: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    """How a write ended: `requests` as sent (or as a dry run would send them) and what read-back saw."""

    status: Status
    requests: list[dict[str, Any]]
    unconfirmed_fields: list[str] = field(default_factory=list)
    result: UnifiedRecord | None = None
    records: list[UnifiedRecord] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class WriteFailed(Exception):
    """HiBob refused or lost a request; `requests` lists those sent, the last one being the failed one."""

    def __init__(self, cause: HiBobError | NotApplied, requests: list[dict[str, Any]]) -> None:
        super().__init__(str(cause))
        self.cause = cause
        self.requests = requests


class Write(abc.ABC):
    """One write-back action on one HiBob object."""

    action: ClassVar[str]

    @property
    @abc.abstractmethod
    def target(self) -> str:
        """What the write acts on, e.g. "employees/3332883884017713238"."""

    @property
    @abc.abstractmethod
    def fields(self) -> list[str]:
        """The unified fields the write sets (all unconfirmed when nothing can be read back)."""

    async def prepare(self, client: HiBobClient) -> None:  # noqa: B027 (most writes read nothing first)
        """Reads the preview needs (current rows, folders, the balance before); nothing is written."""

    @abc.abstractmethod
    def preview(self) -> list[HiBobCall]:
        """The HiBob requests, in order; ids HiBob has not assigned yet appear as `{placeholders}`."""

    @abc.abstractmethod
    async def observe(self, client: HiBobClient) -> Observed:
        """Read the object back; NotFound while HiBob's reads still lag is an Observed with nothing."""

    async def perform(self, sender: Sender) -> None:
        """Send the calls in order; a call whose answer was lost counts once its fields read back."""
        for call in self.preview():
            await sender.send(call, functools.partial(self.confirmed, call=call))

    async def confirmed(self, client: HiBobClient, call: HiBobCall) -> bool | None:
        observed = await self.observe(client)
        return True if not set(call.checks or self.fields) & set(observed.unconfirmed) else None


async def dry_run(write: Write, client: HiBobClient) -> Outcome:
    """The requests a write would send, after its reads; nothing is written."""
    await write.prepare(client)
    return Outcome("dry_run", [call.public() for call in write.preview()])


async def execute(write: Write, client: HiBobClient, *, verify_seconds: float) -> Outcome:
    """Send the write once, then read it back until verified or `verify_seconds` have passed.

    Raises `WriteFailed` when HiBob refused a request or lost one that did not show up in the read-back.
    """
    await write.prepare(client)
    deadline = time.monotonic() + verify_seconds
    sender = Sender(client, deadline)
    try:
        await write.perform(sender)
    except (HiBobError, NotApplied) as exc:
        raise WriteFailed(exc, sender.requests) from exc
    notes = list(sender.notes)
    try:
        observed = await verify(write, client, deadline)
    except HiBobError as exc:
        # Written, but not readable back (a missing View permission, an employee leaving the audience).
        observed = Observed(unconfirmed=list(write.fields))
        notes.append(f"the read-back failed: {exc}")
    status: Status = "unconfirmed" if observed.unconfirmed else "verified"
    return Outcome(status, sender.requests, observed.unconfirmed, observed.result, observed.records, notes)


async def verify(write: Write, client: HiBobClient, deadline: float) -> Observed:
    """Read back with backoff until every written field shows or the deadline passes; the last read wins."""
    wait = FIRST_WAIT
    while True:
        try:
            observed = await write.observe(client)
        except NotFound:
            observed = Observed(unconfirmed=list(write.fields))
        left = deadline - time.monotonic()
        if not observed.unconfirmed or left <= 0:
            return observed
        await asyncio.sleep(min(wait, left))
        wait = min(wait * 2, MAX_WAIT)
