"""HiBob's Docs API: folder metadata, an employee's documents, uploads (by URL and multipart) and deletes.

Each folder is its own permission section named after the folder ("Shared Docs", "Confidential Docs", a
custom folder's name) with three rights: view, upload and delete (hibob-api-notes.md §8.5). HiBob's
download links are pre-signed storage URLs that need no Authorization header, so the sandbox's
`/docs/download/{token}` route sits outside the authenticated gate and checks a per-document signature
instead; every other route here runs the gate through its `ctx: CtxDep` parameter.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import mimetypes
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field
from starlette.datastructures import UploadFile

from bobhub.sandbox.app import Ctx, CtxDep, parse_body
from bobhub.sandbox.errors import bad_request, forbidden, not_found
from bobhub.sandbox.model import Company, Document, Employee, Folder
from bobhub.sandbox.permissions import docs_delete, docs_upload, docs_view
from bobhub.sandbox.state import Sandbox

# Not `v1_router()`: the download route must answer without Basic auth (see the module docstring).
router = APIRouter()

MAX_UPLOAD = 5 * 1024 * 1024
MAX_CUSTOM_UPLOAD = 1 * 1024 * 1024  # HiBob: "When uploading to a custom folder, the size limit is 1MB"


class AddDocument(BaseModel):
    """Body of the upload-by-URL endpoints."""

    documentName: str = Field(min_length=1)
    documentUrl: str = Field(min_length=1)
    tags: list[str] = Field(default_factory=list)


def folder_json(folder: Folder) -> dict[str, Any]:
    return {
        "id": {"value": folder.id},
        "name": {"value": folder.name},
        "folderType": {"value": folder.folder_type},
    }


def download_token(company: Company, doc: Document) -> str:
    """`<company>-<doc>-<signature>`: unguessable without the company's seed, stable across restarts."""
    key = f"docs:{company.id}:{company.seed}".encode()
    signature = hmac.new(key, f"{doc.id}:{doc.employee_id}".encode(), hashlib.sha256).hexdigest()[:24]
    return f"{company.id}-{doc.id}-{signature}"


def download_link(ctx: Ctx, doc: Document) -> str:
    return f"{ctx.request.base_url}v1/docs/download/{download_token(ctx.company, doc)}"


def document_json(ctx: Ctx, doc: Document, folder: Folder) -> dict[str, Any]:
    """A document as listed by GET /docs/people/{id}."""
    return {
        "id": doc.id,
        "documentName": doc.name,
        "downloadLink": download_link(ctx, doc),
        "folderId": folder.id,
        "folderName": folder.name,
        "folderType": folder.folder_type,
        "creationDate": doc.created.isoformat(),
        "tags": list(doc.tags),
        "mimeType": doc.mime_type,
    }


def uploaded_json(doc: Document, folder: Folder) -> dict[str, Any]:
    """The upload-by-URL response (HiBob's `docUploadResponse`)."""
    return {
        "id": doc.id,
        "employeeId": doc.employee_id,
        "uploadedById": doc.uploaded_by,
        "name": doc.name,
        "documentName": doc.name,
        "creationDate": doc.created.isoformat(),
        # Assumption: HiBob does not document the status values; a plain upload is taken as approved.
        "status": "approved",
        "tags": list(doc.tags),
        "folderId": int(folder.id),
        "mimeType": doc.mime_type,
        "fileId": doc.id,
        "owner": {"id": doc.employee_id},
    }


def require_group(ctx: Ctx) -> None:
    # Assumption: folder metadata needs no folder right, only membership of a permission group.
    if not ctx.grants.in_group:
        raise forbidden("a permission group")


def visible_employee(ctx: Ctx, employee_id: str) -> Employee:
    """The employee, or 404 when unknown or outside the service user's audience."""
    employee = ctx.company.employees.get(employee_id)
    if employee is None or not ctx.grants.sees(employee.lifecycle_status):
        raise not_found(f"Employee {employee_id} not found")
    return employee


@dataclass(slots=True)
class DocumentIndex:
    """Document ids by employee for one company, valid while `key` matches the company's documents."""

    key: tuple[int, int | None]
    by_employee: dict[str, list[int]]


def documents_of(ctx: Ctx, employee_id: str) -> list[Document]:
    """The employee's documents, through an index kept on the app (a sync reads every employee's list).

    Document ids only grow, so (count, last id) changes whenever a document is added or deleted.
    """
    documents = ctx.company.documents
    key = (len(documents), next(reversed(documents), None))
    indexes: dict[int, DocumentIndex] | None = getattr(ctx.request.app.state, "document_indexes", None)
    if indexes is None:
        indexes = ctx.request.app.state.document_indexes = {}
    index = indexes.get(ctx.company.id)
    if index is None or index.key != key:
        by_employee: dict[str, list[int]] = {}
        for doc in documents.values():
            by_employee.setdefault(doc.employee_id, []).append(doc.id)
        index = indexes[ctx.company.id] = DocumentIndex(key, by_employee)
    return [documents[i] for i in index.by_employee.get(employee_id, ()) if i in documents]


def folder_of_type(company: Company, folder_type: str) -> Folder:
    folder = next((f for f in company.folders.values() if f.folder_type == folder_type), None)
    if folder is None:
        raise not_found(f"The company has no {folder_type} folder")
    return folder


def custom_folder(company: Company, folder_id: str) -> Folder:
    folder = company.folders.get(folder_id)
    if folder is None or folder.folder_type != "custom":
        raise not_found(f"Custom folder {folder_id} not found")
    return folder


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def store(ctx: Ctx, employee: Employee, folder: Folder, name: str, **extra: Any) -> Document:
    doc = Document(
        id=ctx.company.next_id(),
        employee_id=employee.id,
        folder_id=folder.id,
        name=name,
        url=extra.pop("url", ""),
        created=now_utc(),
        uploaded_by=ctx.user.id,
        mime_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
        **extra,
    )
    ctx.company.documents[doc.id] = doc
    return doc


@router.get("/docs/folders/metadata")
async def folders_metadata(ctx: CtxDep) -> list[dict[str, Any]]:
    require_group(ctx)
    return [folder_json(folder) for folder in ctx.company.folders.values()]


@router.get("/docs/people/{employee_id}")
async def list_documents(employee_id: str, ctx: CtxDep) -> dict[str, Any]:
    viewable = {
        fid: folder for fid, folder in ctx.company.folders.items() if ctx.grants.has(docs_view(folder.name))
    }
    if not viewable:
        raise forbidden("View selected employees' docs in the folder")
    employee = visible_employee(ctx, employee_id)
    docs = [doc for doc in documents_of(ctx, employee.id) if doc.folder_id in viewable]
    return {"documents": [document_json(ctx, doc, viewable[doc.folder_id]) for doc in docs]}


async def upload_by_url(ctx: Ctx, employee_id: str, folder: Folder, request: Request) -> dict[str, Any]:
    ctx.require(docs_upload(folder.name))
    employee = visible_employee(ctx, employee_id)
    body = await parse_body(request, AddDocument)
    if not body.documentUrl.startswith(("http://", "https://")):
        raise bad_request("documentUrl must be an http(s) URL")
    # HiBob fetches the URL and stores the file; the sandbox never fetches (no outbound calls), so the
    # size limits can only be enforced on multipart uploads.
    doc = store(ctx, employee, folder, body.documentName, url=body.documentUrl, tags=body.tags)
    return uploaded_json(doc, folder)


@router.post("/docs/people/{employee_id}/shared")
async def upload_shared_url(employee_id: str, request: Request, ctx: CtxDep) -> dict[str, Any]:
    return await upload_by_url(ctx, employee_id, folder_of_type(ctx.company, "shared"), request)


@router.post("/docs/people/{employee_id}/confidential")
async def upload_confidential_url(employee_id: str, request: Request, ctx: CtxDep) -> dict[str, Any]:
    return await upload_by_url(ctx, employee_id, folder_of_type(ctx.company, "confidential"), request)


@router.post("/docs/people/{employee_id}/custom/{folder_id}")
async def upload_custom_url(
    employee_id: str, folder_id: str, request: Request, ctx: CtxDep
) -> dict[str, Any]:
    return await upload_by_url(ctx, employee_id, custom_folder(ctx.company, folder_id), request)


async def read_file_part(request: Request, limit: int) -> tuple[str, bytes, str | None]:
    """The multipart `file` part: (file name, bytes, content type); 400 when missing or too large."""
    try:
        form = await request.form(max_files=1, max_fields=10)
    except Exception as exc:  # starlette raises several parser errors for malformed multipart bodies
        raise bad_request("Expected a multipart/form-data body with a `file` part") from exc
    part = form.get("file")
    if not isinstance(part, UploadFile):
        raise bad_request("Missing multipart part `file`")
    content = await part.read(limit + 1)
    await form.close()
    if len(content) > limit:
        raise bad_request(f"The file exceeds the maximum upload size of {limit // (1024 * 1024)}MB")
    return part.filename or "document", content, part.content_type


async def upload_file(ctx: Ctx, employee_id: str, folder: Folder, request: Request) -> dict[str, Any]:
    ctx.require(docs_upload(folder.name))
    employee = visible_employee(ctx, employee_id)
    limit = MAX_CUSTOM_UPLOAD if folder.folder_type == "custom" else MAX_UPLOAD
    name, content, content_type = await read_file_part(request, limit)
    doc = store(ctx, employee, folder, name, content=content)
    if content_type and content_type != "application/octet-stream":
        doc.mime_type = content_type
    return {"id": doc.id}


@router.post("/docs/people/{employee_id}/shared/upload")
async def upload_shared_file(employee_id: str, request: Request, ctx: CtxDep) -> dict[str, Any]:
    return await upload_file(ctx, employee_id, folder_of_type(ctx.company, "shared"), request)


@router.post("/docs/people/{employee_id}/confidential/upload")
async def upload_confidential_file(employee_id: str, request: Request, ctx: CtxDep) -> dict[str, Any]:
    return await upload_file(ctx, employee_id, folder_of_type(ctx.company, "confidential"), request)


@router.post("/docs/people/{employee_id}/folders/{folder_id}/upload")
async def upload_custom_file(
    employee_id: str, folder_id: str, request: Request, ctx: CtxDep
) -> dict[str, Any]:
    return await upload_file(ctx, employee_id, custom_folder(ctx.company, folder_id), request)


def delete_document(ctx: Ctx, employee_id: str, folder: Folder, doc_id: str) -> Response:
    ctx.require(docs_delete(folder.name))
    employee = visible_employee(ctx, employee_id)
    doc = ctx.company.documents.get(int(doc_id)) if doc_id.isdigit() else None
    if doc is None or doc.employee_id != employee.id or doc.folder_id != folder.id:
        raise not_found(f"Document {doc_id} not found in {folder.name}")
    del ctx.company.documents[doc.id]
    return Response(status_code=200)


@router.delete("/docs/people/{employee_id}/shared/{doc_id}")
async def delete_shared(employee_id: str, doc_id: str, ctx: CtxDep) -> Response:
    return delete_document(ctx, employee_id, folder_of_type(ctx.company, "shared"), doc_id)


@router.delete("/docs/people/{employee_id}/confidential/{doc_id}")
async def delete_confidential(employee_id: str, doc_id: str, ctx: CtxDep) -> Response:
    return delete_document(ctx, employee_id, folder_of_type(ctx.company, "confidential"), doc_id)


@router.delete("/docs/people/{employee_id}/folders/{folder_id}/{doc_id}")
async def delete_custom(employee_id: str, folder_id: str, doc_id: str, ctx: CtxDep) -> Response:
    return delete_document(ctx, employee_id, custom_folder(ctx.company, folder_id), doc_id)


def placeholder(doc: Document) -> bytes:
    """Bytes for documents that have no stored content (generated ones, or uploaded by URL)."""
    return f"{doc.name}\nSandbox document {doc.id} (source: {doc.url or 'generated'})\n".encode()


@router.get("/docs/download/{token}")
async def download(token: str, request: Request) -> Response:
    sandbox: Sandbox = request.app.state.sandbox
    company_part, _, rest = token.partition("-")
    doc_part = rest.partition("-")[0]
    company = sandbox.companies.get(int(company_part)) if company_part.isdigit() else None
    doc = company.documents.get(int(doc_part)) if company and doc_part.isdigit() else None
    if company is None or doc is None or not hmac.compare_digest(token, download_token(company, doc)):
        raise not_found("Document not found")
    content = doc.content if doc.content is not None else placeholder(doc)
    headers = {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(doc.name)}"}
    return Response(content, media_type=doc.mime_type, headers=headers)
