"""One HiBob request of a write: how dry runs and the audit log show it, and how it is sent exactly once.

A write whose answer is lost (a timeout, a reset connection, a 5xx, a cut body) may still have been
applied, so it is never sent again (the client retries writes only on 429): the sender reads back
until the change shows up or the verification window ends (HiBob's reads lag writes by up to ~20 s).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import quote

from bobhub.hibob import HiBobClient, NotFound, ServerError, TransportError, UnexpectedResponse
from bobhub.hibob.errors import HiBobError

T = TypeVar("T")
Send = Callable[[HiBobClient], Awaitable[Any]]
Confirm = Callable[[HiBobClient], Awaitable[Any]]
FIRST_WAIT = 0.5
MAX_WAIT = 4.0


def hibob_path(template: str, **params: Any) -> str:
    """The path under the account's base URL, quoted as the client's transport quotes it.

    A `{placeholder}` value (an id HiBob has not assigned yet, in a dry run) is shown as it is.
    """
    return "/v1" + template.format(**{k: _segment(str(v)) for k, v in params.items()})


def _segment(value: str) -> str:
    return value if value.startswith("{") and value.endswith("}") else quote(value, safe="@")


async def _unsent(_: HiBobClient) -> Any:
    raise AssertionError("a previewed call cannot be sent")


@dataclass(frozen=True, slots=True)
class HiBobCall:
    """One request: `public()` is what dry runs answer and the audit log keeps; `send` makes it."""

    method: str
    path: str
    body: Any = None
    send: Send = field(default=_unsent, compare=False, repr=False)
    checks: tuple[str, ...] = ()  # the unified fields this call writes, as read-back reports them

    def public(self) -> dict[str, Any]:
        return {"method": self.method, "path": self.path, "body": self.body}


class NotApplied(Exception):
    """A write whose answer was lost and whose change never showed up in the read-back."""

    def __init__(self, call: HiBobCall, cause: HiBobError, waited: float) -> None:
        super().__init__(
            f"{call.method} {call.path} got no usable answer ({cause}) and the change did not show up "
            f"in {waited:.0f} s of read-back: HiBob most likely did not apply it; it was not sent again"
        )
        self.call = call
        self.cause = cause


async def poll(read: Callable[[], Awaitable[T | None]], deadline: float) -> T | None:
    """`read()` until it finds something (NotFound counts as nothing yet), backing off up to `deadline`."""
    wait = FIRST_WAIT
    while True:
        try:
            found = await read()
        except NotFound:
            found = None
        left = deadline - time.monotonic()
        if found is not None or left <= 0:
            return found
        await asyncio.sleep(min(wait, left))
        wait = min(wait * 2, MAX_WAIT)


class Sender:
    """Sends a write's calls in order, each once, and keeps what was sent for the answer and the audit."""

    def __init__(self, client: HiBobClient, deadline: float) -> None:
        self.client = client
        self.deadline = deadline
        self.started = time.monotonic()
        self.sent: list[HiBobCall] = []
        self.notes: list[str] = []

    @property
    def requests(self) -> list[dict[str, Any]]:
        return [call.public() for call in self.sent]

    async def send(self, call: HiBobCall, confirm: Confirm) -> Any:
        """HiBob's answer; when it was lost, what `confirm` reads back (None while the change is absent)."""
        self.sent.append(call)
        try:
            return await call.send(self.client)
        except TransportError as exc:
            if not exc.sent:
                raise  # no connection was made: HiBob never saw the request
            lost: HiBobError = exc
        except (ServerError, UnexpectedResponse) as exc:
            lost = exc
        found = await poll(lambda: confirm(self.client), self.deadline)
        if found is None:
            raise NotApplied(call, lost, time.monotonic() - self.started)
        self.notes.append(f"{call.method} {call.path}: {lost}; the read-back shows it was applied")
        return found


def answer_field(answer: Any, key: str) -> Any:
    """A key of a JSON object answer (HiBob documents several write answers loosely)."""
    return answer.get(key) if isinstance(answer, Mapping) else None
