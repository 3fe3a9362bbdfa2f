"""Documents over real HTTP: folders, listing, uploads by URL and by file into each folder kind, deletes."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from bobhub.hibob import PermissionDenied
from bobhub.hibob.budget import UNLIMITED_CONCURRENCY
from tests.hibob.conftest import MakeClient


async def test_folders_list_upload_and_delete(bob: MakeClient) -> None:
    client = bob("full")
    employee_id = (await client.people.search(fields=["root.id"]))[0].id
    folders = {f.folder_type: f for f in await client.documents.list_folders()}
    assert {"shared", "confidential", "custom"} <= set(folders)
    custom = folders["custom"].id
    by_url = await client.documents.upload_url(
        employee_id,
        "Contract.pdf",
        "https://files.example.com/contract.pdf",
        folder="confidential",
        tags=["hr"],
    )
    assert by_url.id
    assert by_url.tags == ["hr"]
    by_file = await client.documents.upload_file(employee_id, "notes.txt", b"hello", folder="shared")
    in_custom = await client.documents.upload_file(employee_id, "visa.pdf", b"%PDF-1.4", folder=custom)
    listed = {d.id for d in await client.documents.list(employee_id)}
    assert {by_url.id, by_file.id, in_custom.id} <= listed
    await client.documents.delete(employee_id, by_url.id, folder="confidential")  # type: ignore[arg-type]
    await client.documents.delete(employee_id, by_file.id, folder="shared")  # type: ignore[arg-type]
    await client.documents.delete(employee_id, in_custom.id, folder=custom)  # type: ignore[arg-type]
    assert not {by_url.id, by_file.id, in_custom.id} & {
        d.id for d in await client.documents.list(employee_id)
    }


async def test_folder_permissions_are_named(bob: MakeClient) -> None:
    employee_id = (await bob("full").people.search(fields=["root.id"]))[0].id
    with pytest.raises(PermissionDenied) as denied:
        await bob("activtrak").documents.list(employee_id)
    assert denied.value.permission == (
        "People's data > each document folder (Shared Docs, Confidential Docs, custom folders) > "
        "View selected employees' docs in the folder"
    )
    with pytest.raises(PermissionDenied) as upload:
        await bob("activtrak").documents.upload_file(employee_id, "a.txt", b"a", folder="shared")
    assert (
        upload.value.permission
        == "People's data > Shared Docs > Upload selected employees' docs in the folder"
    )


class _InFlight(httpx.AsyncBaseTransport):
    """Spy on the wire: how many requests were in flight at once."""

    def __init__(self) -> None:
        self._inner = httpx.AsyncHTTPTransport()
        self.active = 0
        self.peak = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.active += 1
        self.peak = max(self.peak, self.active)
        try:
            response = await self._inner.handle_async_request(request)
            await response.aread()
            return response
        finally:
            self.active -= 1

    async def aclose(self) -> None:
        await self._inner.aclose()


async def test_unlimited_document_calls_still_go_a_few_at_a_time(bob: MakeClient) -> None:
    employee_ids = [e.id for e in await bob("full").people.search(fields=["root.id"])][:40]
    spy = _InFlight()
    async with httpx.AsyncClient(transport=spy) as http:
        client = bob("full", http_client=http)
        listed = await asyncio.gather(*(client.documents.list(i) for i in employee_ids))
    assert len(listed) == len(employee_ids)
    assert 1 < spy.peak <= UNLIMITED_CONCURRENCY
