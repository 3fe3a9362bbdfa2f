"""Company reports: the list, a direct download, and HiBob's asynchronous download with polling.

The asynchronous download answers with a `Location` header naming the report file; fetching that name
answers 204 until HiBob has generated the file (hibob-api-notes.md §8.6).
"""

from __future__ import annotations

import asyncio
import builtins
import time
from typing import Literal
from urllib.parse import unquote

from bobhub.hibob.errors import UnexpectedResponse
from bobhub.hibob.models import Report
from bobhub.hibob.resources._base import Resource

Format = Literal["csv", "xlsx", "json"]
AsyncFormat = Literal["csv", "xlsx"]


class ReportsResource(Resource):
    """`client.reports`: `list` / `download` / `download_async`."""

    async def list(self) -> builtins.list[Report]:
        """Reports whose fields the service user may view (HiBob hides the others)."""
        data = await self._json("GET", "/company/reports")
        return [Report.model_validate(r) for r in (data or {}).get("views", [])]

    async def download(
        self, report_id: int, *, format: Format = "csv", human_readable: str = "", locale: str | None = None
    ) -> bytes:
        """The report file; `human_readable` (APPEND/REPLACE) applies to JSON only."""
        params = {"format": format, "humanReadable": human_readable or None, "locale": locale}
        reply = await self._send(
            "GET",
            "/company/reports/{reportId}/download",
            path={"reportId": report_id},
            params=params,
            expect="bytes",
        )
        return reply.content

    async def download_async(
        self,
        report_id: int,
        *,
        format: AsyncFormat = "csv",
        poll_every: float = 1.0,
        timeout: float = 300.0,
    ) -> bytes:
        """Ask HiBob to generate the report, then poll until the file is ready (at most `timeout` s)."""
        path = {"reportId": report_id}
        started = await self._send(
            "GET",
            "/company/reports/{reportId}/download-async",
            path=path,
            params={"format": format},
            expect="bytes",
        )
        location = started.headers.get("location", "")
        name = unquote(location.rsplit("/download/", 1)[-1]) if "/download/" in location else ""
        if not name:
            raise UnexpectedResponse(
                "HiBob's async report answer has no Location", status_code=started.status_code
            )
        deadline = time.monotonic() + timeout
        while True:
            reply = await self._send(
                "GET",
                "/company/reports/download/{reportName}",
                path={"reportName": name},
                expect="bytes",
                ok=frozenset({204}),
            )
            if reply.status_code != 204:
                return reply.content
            if time.monotonic() + poll_every > deadline:
                raise UnexpectedResponse(
                    f"report {report_id} was not ready after {timeout:.0f} s", status_code=204
                )
            await asyncio.sleep(poll_every)
