"""The Docs API: folder metadata, per-folder permissions, uploads by URL and multipart, deletes, downloads."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from bobhub.sandbox.model import TERMINATED, Company, Employee
from bobhub.sandbox.permissions import STANDARD_AUDIENCE, Grants, docs_upload, docs_view
from bobhub.sandbox.state import Sandbox, ServiceUser

MB = 1024 * 1024
Hibob = Callable[[str], httpx.Client]


@pytest.fixture
def company(user: Callable[[str], ServiceUser]) -> Company:
    return user("full").company


@pytest.fixture
def with_docs(company: Company) -> Employee:
    """An employee visible to every preset that has documents in all three folder types."""
    for employee in company.employees.values():
        folders = {d.folder_id for d in company.documents.values() if d.employee_id == employee.id}
        if employee.lifecycle_status != TERMINATED and len(folders) >= 2:
            return employee
    raise AssertionError("the generated company has no employee with documents in two folders")


@pytest.fixture
def terminated(company: Company) -> Employee:
    return next(e for e in company.employees.values() if e.lifecycle_status == TERMINATED)


@pytest.fixture
def custom_client(
    sandbox: Sandbox, company: Company, base_url: str
) -> Iterator[Callable[[Grants], httpx.Client]]:
    """A client for an extra service user in the shared company, with a permission group made for the test."""
    made: list[tuple[str, httpx.Client]] = []

    def make(grants: Grants) -> httpx.Client:
        su = ServiceUser(f"SERVICE-DOCS{len(made)}", "docs-test-token", "custom", company, grants)
        sandbox.service_users[su.id] = su
        client = httpx.Client(base_url=f"{base_url}/v1", auth=(su.id, su.token), timeout=30)
        made.append((su.id, client))
        return client

    yield make
    for su_id, client in made:
        client.close()
        sandbox.service_users.pop(su_id, None)


def custom_folder_id(company: Company) -> str:
    return next(f.id for f in company.folders.values() if f.folder_type == "custom")


class TestFolders:
    def test_full_sees_every_folder_with_its_type(self, hibob: Hibob, company: Company) -> None:
        response = hibob("full").get("/docs/folders/metadata")
        assert response.status_code == 200
        folders = response.json()
        assert {f["folderType"]["value"] for f in folders} == {"shared", "confidential", "custom"}
        assert {f["id"]["value"] for f in folders} == set(company.folders)
        assert all(set(f) == {"id", "name", "folderType"} for f in folders)

    def test_service_user_in_no_group_is_refused(self, hibob: Hibob) -> None:
        response = hibob("empty").get("/docs/folders/metadata")
        assert response.status_code == 403
        assert set(response.json()) == {"key", "error"}


class TestList:
    def test_activtrak_has_no_folder_permission(self, hibob: Hibob, with_docs: Employee) -> None:
        response = hibob("activtrak").get(f"/docs/people/{with_docs.id}")
        assert response.status_code == 403
        assert set(response.json()) == {"key", "error"}

    def test_full_lists_documents_of_every_folder(
        self, hibob: Hibob, company: Company, with_docs: Employee
    ) -> None:
        response = hibob("full").get(f"/docs/people/{with_docs.id}")
        assert response.status_code == 200
        docs = response.json()["documents"]
        expected = {d.id for d in company.documents.values() if d.employee_id == with_docs.id}
        assert {d["id"] for d in docs} == expected
        for doc in docs:
            folder = company.folders[str(doc["folderId"])]
            assert (doc["folderName"], doc["folderType"]) == (folder.name, folder.folder_type)
            assert doc["documentName"]
            assert doc["downloadLink"].startswith("http")

    def test_only_viewable_folders_are_listed(
        self, custom_client: Callable[[Grants], httpx.Client], company: Company, with_docs: Employee
    ) -> None:
        shared = next(f for f in company.folders.values() if f.folder_type == "shared")
        client = custom_client(Grants(frozenset({docs_view(shared.name)}), STANDARD_AUDIENCE))
        docs = client.get(f"/docs/people/{with_docs.id}").json()["documents"]
        expected = {
            d.id
            for d in company.documents.values()
            if (d.employee_id, d.folder_id) == (with_docs.id, shared.id)
        }
        assert {d["id"] for d in docs} == expected
        assert {d["folderType"] for d in docs} <= {"shared"}

    def test_people_outside_the_audience_and_unknown_ids_are_404(
        self, hibob: Hibob, terminated: Employee
    ) -> None:
        assert hibob("full").get(f"/docs/people/{terminated.id}").status_code == 200
        assert hibob("partial").get(f"/docs/people/{terminated.id}").status_code == 404
        assert hibob("full").get("/docs/people/1234").status_code == 404


class TestUploadByUrl:
    def test_upload_to_shared_then_delete(
        self, hibob: Hibob, with_docs: Employee, user: Callable[[str], ServiceUser]
    ) -> None:
        full = hibob("full")
        body = {
            "documentName": "Signed NDA.pdf",
            "documentUrl": "https://example.com/nda.pdf",
            "tags": ["legal"],
        }
        created = full.post(f"/docs/people/{with_docs.id}/shared", json=body)
        assert created.status_code == 200
        doc = created.json()
        assert doc["employeeId"] == with_docs.id
        assert doc["uploadedById"] == user("full").id
        assert (doc["documentName"], doc["name"], doc["tags"]) == (
            "Signed NDA.pdf",
            "Signed NDA.pdf",
            ["legal"],
        )
        assert doc["mimeType"] == "application/pdf"
        assert isinstance(doc["id"], int)
        listed = full.get(f"/docs/people/{with_docs.id}").json()["documents"]
        assert any(d["id"] == doc["id"] and d["folderType"] == "shared" for d in listed)
        assert full.delete(f"/docs/people/{with_docs.id}/shared/{doc['id']}").status_code == 200
        listed = full.get(f"/docs/people/{with_docs.id}").json()["documents"]
        assert all(d["id"] != doc["id"] for d in listed)
        assert full.delete(f"/docs/people/{with_docs.id}/shared/{doc['id']}").status_code == 404

    def test_upload_to_custom_folder_by_url(
        self, hibob: Hibob, company: Company, with_docs: Employee
    ) -> None:
        folder_id = custom_folder_id(company)
        body = {"documentName": "Visa.pdf", "documentUrl": "https://example.com/visa.pdf"}
        created = hibob("full").post(f"/docs/people/{with_docs.id}/custom/{folder_id}", json=body)
        assert created.status_code == 200
        doc_id = created.json()["id"]
        assert created.json()["folderId"] == int(folder_id)
        assert company.documents[doc_id].folder_id == folder_id
        deleted = hibob("full").delete(f"/docs/people/{with_docs.id}/folders/{folder_id}/{doc_id}")
        assert deleted.status_code == 200
        assert doc_id not in company.documents

    def test_bad_bodies_are_400(self, hibob: Hibob, with_docs: Employee) -> None:
        full = hibob("full")
        assert (
            full.post(f"/docs/people/{with_docs.id}/confidential", json={"documentName": "x"}).status_code
            == 400
        )
        assert full.post(f"/docs/people/{with_docs.id}/confidential", content=b"{not json").status_code == 400
        bad_url = {"documentName": "x.pdf", "documentUrl": "file:///etc/passwd"}
        assert full.post(f"/docs/people/{with_docs.id}/confidential", json=bad_url).status_code == 400

    def test_unknown_custom_folder_is_404(self, hibob: Hibob, with_docs: Employee) -> None:
        body = {"documentName": "x.pdf", "documentUrl": "https://example.com/x.pdf"}
        assert hibob("full").post(f"/docs/people/{with_docs.id}/custom/999", json=body).status_code == 404
        assert hibob("full").post(f"/docs/people/{with_docs.id}/custom/shared", json=body).status_code == 404


class TestPermissionsComeFirst:
    def test_missing_upload_right_beats_a_malformed_body(self, hibob: Hibob, with_docs: Employee) -> None:
        response = hibob("activtrak").post(f"/docs/people/{with_docs.id}/shared", content=b"{garbage")
        assert response.status_code == 403
        files = {"file": ("a.txt", b"hello", "text/plain")}
        assert (
            hibob("activtrak").post(f"/docs/people/{with_docs.id}/shared/upload", files=files).status_code
            == 403
        )

    def test_view_without_upload_or_delete(
        self, custom_client: Callable[[Grants], httpx.Client], company: Company, with_docs: Employee
    ) -> None:
        names = [f.name for f in company.folders.values()]
        client = custom_client(Grants(frozenset(docs_view(n) for n in names), STANDARD_AUDIENCE))
        assert client.get(f"/docs/people/{with_docs.id}").status_code == 200
        assert client.post(f"/docs/people/{with_docs.id}/shared", json={}).status_code == 403
        doc = next(d for d in company.documents.values() if d.employee_id == with_docs.id)
        folder = company.folders[doc.folder_id]
        path = {"shared": "shared", "confidential": "confidential"}.get(
            folder.folder_type, f"folders/{folder.id}"
        )
        assert client.delete(f"/docs/people/{with_docs.id}/{path}/{doc.id}").status_code == 403
        assert doc.id in company.documents

    def test_upload_only_group_cannot_list(
        self, custom_client: Callable[[Grants], httpx.Client], with_docs: Employee
    ) -> None:
        client = custom_client(Grants(frozenset({docs_upload("Shared Docs")}), STANDARD_AUDIENCE))
        assert client.get(f"/docs/people/{with_docs.id}").status_code == 403


class TestMultipart:
    def test_upload_download_and_delete(self, hibob: Hibob, company: Company, with_docs: Employee) -> None:
        full = hibob("full")
        content = b"%PDF-1.4 sandbox test file"
        files = {"file": ("Payslip March.pdf", content, "application/pdf")}
        created = full.post(f"/docs/people/{with_docs.id}/confidential/upload", files=files)
        assert created.status_code == 200
        assert set(created.json()) == {"id"}
        doc_id = created.json()["id"]
        listed = full.get(f"/docs/people/{with_docs.id}").json()["documents"]
        link = next(d["downloadLink"] for d in listed if d["id"] == doc_id)
        # Download links are pre-signed like HiBob's storage links: no Authorization header needed.
        downloaded = httpx.get(link)
        assert downloaded.status_code == 200
        assert downloaded.content == content
        assert downloaded.headers["content-type"] == "application/pdf"
        assert httpx.get(link[:-3] + "zzz").status_code == 404
        assert full.delete(f"/docs/people/{with_docs.id}/confidential/{doc_id}").status_code == 200
        assert httpx.get(link).status_code == 404

    def test_size_limits(self, hibob: Hibob, company: Company, with_docs: Employee) -> None:
        full = hibob("full")
        too_big = {"file": ("big.bin", b"x" * (5 * MB + 1), "application/octet-stream")}
        response = full.post(f"/docs/people/{with_docs.id}/shared/upload", files=too_big)
        assert response.status_code == 400
        assert set(response.json()) == {"key", "error"}
        folder_id = custom_folder_id(company)
        over_custom = {"file": ("scan.jpg", b"x" * (MB + 1), "image/jpeg")}
        response = full.post(f"/docs/people/{with_docs.id}/folders/{folder_id}/upload", files=over_custom)
        assert response.status_code == 400
        at_limit = {"file": ("scan.jpg", b"x" * MB, "image/jpeg")}
        response = full.post(f"/docs/people/{with_docs.id}/folders/{folder_id}/upload", files=at_limit)
        assert response.status_code == 200
        doc_id = response.json()["id"]
        assert company.documents[doc_id].mime_type == "image/jpeg"
        assert full.delete(f"/docs/people/{with_docs.id}/folders/{folder_id}/{doc_id}").status_code == 200

    def test_missing_file_part_is_400(self, hibob: Hibob, with_docs: Employee) -> None:
        full = hibob("full")
        assert full.post(f"/docs/people/{with_docs.id}/shared/upload", data={"other": "x"}).status_code == 400
        assert full.post(f"/docs/people/{with_docs.id}/shared/upload", json={"file": "x"}).status_code == 400

    def test_generated_documents_download_a_placeholder(self, hibob: Hibob, with_docs: Employee) -> None:
        listed = hibob("full").get(f"/docs/people/{with_docs.id}").json()["documents"]
        downloaded = httpx.get(listed[0]["downloadLink"])
        assert downloaded.status_code == 200
        assert listed[0]["documentName"].encode() in downloaded.content
