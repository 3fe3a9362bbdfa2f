"""Employee documents: folders, an employee's documents, uploads by URL or file, and deletes.

A folder is "shared", "confidential" or a custom folder's id; HiBob has a different path for each
kind. Uploads are limited to 5 MB (1 MB in custom folders); document endpoints have no rate limit.
"""

from __future__ import annotations

import builtins
import mimetypes
from collections.abc import Iterable
from typing import Any

from bobhub.hibob.models import Document, Folder
from bobhub.hibob.resources._base import Resource

STANDARD = ("shared", "confidential")


class DocumentsResource(Resource):
    """`client.documents`: `list_folders` / `list` / `upload_url` / `upload_file` / `delete`."""

    async def list_folders(self) -> builtins.list[Folder]:
        data = await self._json("GET", "/docs/folders/metadata")
        return [Folder.model_validate(f) for f in data or []]

    async def list(self, employee_id: str) -> builtins.list[Document]:
        """The employee's documents in every folder the service user may view."""
        data = await self._json("GET", "/docs/people/{id}", path={"id": employee_id})
        return [Document.model_validate(d) for d in (data or {}).get("documents", [])]

    async def upload_url(
        self, employee_id: str, name: str, url: str, *, folder: str = "shared", tags: Iterable[str] = ()
    ) -> Document:
        """Add a document HiBob fetches from `url`."""
        if folder in STANDARD:
            template, path = f"/docs/people/{{id}}/{folder}", {"id": employee_id}
        else:
            template, path = "/docs/people/{id}/custom/{folderId}", {"id": employee_id, "folderId": folder}
        body = {"documentName": name, "documentUrl": url, "tags": builtins.list(tags)}
        return Document.model_validate(await self._json("POST", template, path=path, body=body))

    async def upload_file(
        self,
        employee_id: str,
        filename: str,
        content: bytes,
        *,
        folder: str = "shared",
        content_type: str | None = None,
    ) -> Document:
        """Upload a file (multipart field `file`); HiBob answers with the new document's id."""
        if folder in STANDARD:
            template, path = f"/docs/people/{{id}}/{folder}/upload", {"id": employee_id}
        else:
            template = "/docs/people/{id}/folders/{folderId}/upload"
            path = {"id": employee_id, "folderId": folder}
        ctype = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        data: Any = await self._json("POST", template, path=path, files={"file": (filename, content, ctype)})
        return Document.model_validate(data if isinstance(data, dict) else {"id": data})

    async def delete(self, employee_id: str, document_id: int | str, *, folder: str = "shared") -> None:
        if folder in STANDARD:
            template = f"/docs/people/{{id}}/{folder}/{{docId}}"
            path = {"id": employee_id, "docId": document_id}
        else:
            template = "/docs/people/{id}/folders/{folderId}/{docId}"
            path = {"id": employee_id, "folderId": folder, "docId": document_id}
        await self._send("DELETE", template, path=path)
