"""What every resource shares: the transport and short helpers that build `Call`s."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from bobhub.hibob.transport import Call, Expect, Reply, Transport

DateLike = dt.date | str


def iso(value: DateLike | dt.datetime) -> str:
    """HiBob's date (YYYY-MM-DD) or datetime text for a date, datetime or string."""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def drop_none(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


class Resource:
    """Base of every resource: sends calls through the client's one transport."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    async def _send(
        self,
        method: str,
        template: str,
        *,
        path: Mapping[str, Any] | None = None,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
        expect: Expect = "json",
        ok: frozenset[int] = frozenset(),
    ) -> Reply:
        call = Call(method, template, path or {}, params, body, files, expect, ok)
        return await self._transport.request(call)

    async def _json(self, method: str, template: str, **kwargs: Any) -> Any:
        """The decoded JSON answer of one call."""
        return (await self._send(method, template, **kwargs)).data
