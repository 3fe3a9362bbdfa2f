"""Document write-back over real HTTP against the sandbox: file and URL uploads, size limits, folders."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import httpx
import pytest

from bobhub.sandbox.state import Sandbox
from bobhub.settings import Settings
from bobhub.writeback import MAX_CUSTOM_UPLOAD, MAX_UPLOAD
from tests.api.conftest import MakeKey
from tests.writeback.companies import Linked, link_company, stored, write_calls

PAYSLIP = b"%PDF-1.4\n% a tiny payslip\n"


@pytest.fixture
async def linked(
    api: httpx.AsyncClient, api_settings: Settings, make_key: MakeKey, sandbox: Sandbox, base_url: str
) -> Linked:
    return await link_company(api, api_settings, make_key, sandbox, base_url)


def upload(employee: str, **change: Any) -> dict[str, Any]:
    body = {
        "employee_id": employee,
        "folder": "confidential",
        "file_name": "payslip-2026-01.pdf",
        "content": base64.b64encode(PAYSLIP).decode(),
    }
    return {k: v for k, v in {**body, **change}.items() if v is not None}


def custom_folder(linked: Linked) -> str:
    return next(f.id for f in linked.company.folders.values() if f.folder_type == "custom")


def documents_of(linked: Linked, employee: str) -> list[Any]:
    return [d for d in linked.company.documents.values() if d.employee_id == employee]


class TestUpload:
    async def test_dry_run_shows_the_file_not_its_content(
        self, api: httpx.AsyncClient, linked: Linked, admin: httpx.Client
    ):
        employee = linked.employed()
        before, documents = write_calls(admin), len(documents_of(linked, employee))
        response = await api.post("/v1/documents?dry_run=true", json=upload(employee), headers=linked.headers)
        assert response.status_code == 200, response.text
        [call] = response.json()["requests"]
        assert call == {
            "method": "POST",
            "path": f"/v1/docs/people/{employee}/confidential/upload",
            "body": {
                "file": {
                    "name": "payslip-2026-01.pdf",
                    "content_type": "application/pdf",
                    "size": len(PAYSLIP),
                    "sha256": hashlib.sha256(PAYSLIP).hexdigest(),
                }
            },
        }
        assert write_calls(admin) == before
        assert len(documents_of(linked, employee)) == documents

    async def test_uploads_a_file_verifies_and_stores(
        self, api: httpx.AsyncClient, linked: Linked, api_settings: Settings
    ):
        employee = linked.employed()
        response = await api.post("/v1/documents", json=upload(employee), headers=linked.headers)
        assert response.status_code == 200, response.text
        body = response.json()
        assert (body["status"], body["unconfirmed_fields"]) == ("verified", [])
        document = body["result"]
        assert (document["name"], document["folder_type"]) == ("payslip-2026-01.pdf", "confidential")
        assert linked.company.documents[int(document["remote_id"])].content == PAYSLIP
        ours = await stored(api_settings, linked.account_id, "documents", document["remote_id"])
        assert ours is not None
        assert ours["employee_remote_id"] == employee

    async def test_uploads_by_url_to_a_custom_folder(self, api: httpx.AsyncClient, linked: Linked):
        employee, folder = linked.employed(), custom_folder(linked)
        body = upload(
            employee, folder=folder, content=None, url="https://files.example.org/visa.pdf", tags=["visa"]
        )
        response = await api.post("/v1/documents", json=body, headers=linked.headers)
        assert response.status_code == 200, response.text
        [call] = response.json()["requests"]
        assert call["path"] == f"/v1/docs/people/{employee}/custom/{folder}"
        assert call["body"] == {
            "documentName": "payslip-2026-01.pdf",
            "documentUrl": "https://files.example.org/visa.pdf",
            "tags": ["visa"],
        }
        assert response.json()["status"] == "verified"


class TestLimits:
    async def test_too_large_is_413_and_nothing_is_sent(
        self, api: httpx.AsyncClient, linked: Linked, admin: httpx.Client
    ):
        employee, before = linked.employed(), write_calls(admin)
        cases = [
            ("confidential", MAX_UPLOAD + 1, "content: the file exceeds HiBob's upload limit of 5 MB"),
            (
                custom_folder(linked),
                MAX_CUSTOM_UPLOAD + 1,
                "content: the file exceeds HiBob's upload limit of 1 MB",
            ),
        ]
        for folder, size, detail in cases:
            big = base64.b64encode(b"x" * size).decode()
            response = await api.post(
                "/v1/documents", json=upload(employee, folder=folder, content=big), headers=linked.headers
            )
            assert response.status_code == 413
            assert response.json() == {"error": "PayloadTooLarge", "detail": detail}
        assert write_calls(admin) == before

    async def test_bad_documents_are_400_naming_the_field(
        self, api: httpx.AsyncClient, linked: Linked, admin: httpx.Client
    ):
        employee, before = linked.employed(), write_calls(admin)
        cases = [
            ({"content": "not base64!"}, "content: not valid base64"),
            ({"url": "https://example.org/a.pdf"}, "content: send either content (base64) or url"),
            ({"content": None}, "content: send either content (base64) or url"),
            ({"folder": "999"}, "folder: '999' is not shared, confidential or a custom folder's id"),
            ({"file_name": "../../etc/passwd"}, "file_name: must not contain path separators"),
            ({"tags": ["x"]}, "tags: HiBob takes tags only with url uploads"),
        ]
        for change, detail in cases:
            response = await api.post(
                "/v1/documents", json=upload(employee, **change), headers=linked.headers
            )
            assert response.status_code == 400, response.text
            assert response.json()["detail"] == detail
        assert write_calls(admin) == before
