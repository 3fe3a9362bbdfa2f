"""Adding a document to an employee's folder: a file (multipart upload) or a URL HiBob downloads.

HiBob limits uploads to 5 MB, 1 MB in custom folders (hibob-api-notes.md §8.5); a larger file is
refused here with 413 before anything is sent. Dry runs and the audit log show a file as its name,
type, size and SHA-256, never its content.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import mimetypes
from typing import Any

from bobhub.errors import BadRequest, PayloadTooLarge
from bobhub.hibob import HiBobClient, NotFound, PermissionDenied
from bobhub.hibob.models import Document
from bobhub.unified.mapping import map_document
from bobhub.writeback.base import Observed, Write
from bobhub.writeback.calls import HiBobCall, Sender, hibob_path
from bobhub.writeback.inputs import DocumentCreate

MB = 1024 * 1024
MAX_UPLOAD = 5 * MB
MAX_CUSTOM_UPLOAD = 1 * MB
STANDARD = ("shared", "confidential")


def decoded(content: str, limit: int) -> bytes:
    """The file from base64; 413 past `limit` (checked on the encoded length first, without decoding)."""
    if len(content) > 4 * (limit // 3 + 1) + 4:
        raise PayloadTooLarge(f"content: the file exceeds HiBob's upload limit of {limit // MB} MB")
    try:
        data = base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError):
        raise BadRequest("content: not valid base64") from None
    if len(data) > limit:
        raise PayloadTooLarge(f"content: the file exceeds HiBob's upload limit of {limit // MB} MB")
    if not data:
        raise BadRequest("content: the file is empty")
    return data


class UploadDocument(Write):
    """One document; verified when the employee's document list shows it."""

    action = "documents.create"

    def __init__(self, employee_id: str, data: DocumentCreate) -> None:
        if (data.content is None) == (data.url is None):
            raise BadRequest("content: send either content (base64) or url")
        if any(c in data.file_name for c in "/\\\x00"):
            raise BadRequest("file_name: must not contain path separators")
        if data.url is not None and not data.url.startswith(("http://", "https://")):
            raise BadRequest("url: an http(s) URL is expected")
        if data.content is not None and data.tags:
            raise BadRequest("tags: HiBob takes tags only with url uploads")
        self.employee_id, self.data = employee_id, data
        custom = data.folder not in STANDARD
        self.file = (
            decoded(data.content, MAX_CUSTOM_UPLOAD if custom else MAX_UPLOAD) if data.content else None
        )
        guessed = mimetypes.guess_type(data.file_name)[0]
        self.content_type = data.content_type or guessed or "application/octet-stream"
        self.document_id: str | None = None
        self.known: set[str] | None = None

    @property
    def target(self) -> str:
        return f"documents/{self.document_id or 'new'}"

    @property
    def fields(self) -> list[str]:
        return ["file_name"]

    async def prepare(self, client: HiBobClient) -> None:
        folder = self.data.folder
        if folder not in STANDARD:
            custom = {f.id for f in await client.documents.list_folders() if f.folder_type == "custom"}
            if folder not in custom:
                raise BadRequest(f"folder: {folder!r} is not shared, confidential or a custom folder's id")
        try:  # what is there already, to recognise the new document if HiBob's answer is lost
            self.known = {str(d.id) for d in await client.documents.list(self.employee_id)}
        except (PermissionDenied, NotFound):
            self.known = None

    def preview(self) -> list[HiBobCall]:
        return [self._file_call() if self.file is not None else self._url_call()]

    def _file_call(self) -> HiBobCall:
        folder, file = self.data.folder, self.file
        assert file is not None
        if folder in STANDARD:
            path = hibob_path(f"/docs/people/{{id}}/{folder}/upload", id=self.employee_id)
        else:
            path = hibob_path(
                "/docs/people/{id}/folders/{folderId}/upload", id=self.employee_id, folderId=folder
            )
        shown = {
            "file": {
                "name": self.data.file_name,
                "content_type": self.content_type,
                "size": len(file),
                "sha256": hashlib.sha256(file).hexdigest(),
            }
        }

        async def send(client: HiBobClient) -> Any:
            return await client.documents.upload_file(
                self.employee_id, self.data.file_name, file, folder=folder, content_type=self.content_type
            )

        return HiBobCall("POST", path, shown, send, ("file_name",))

    def _url_call(self) -> HiBobCall:
        folder, data = self.data.folder, self.data
        if folder in STANDARD:
            path = hibob_path(f"/docs/people/{{id}}/{folder}", id=self.employee_id)
        else:
            path = hibob_path("/docs/people/{id}/custom/{folderId}", id=self.employee_id, folderId=folder)
        body = {"documentName": data.file_name, "documentUrl": data.url, "tags": list(data.tags)}

        async def send(client: HiBobClient) -> Any:
            assert data.url is not None
            return await client.documents.upload_url(
                self.employee_id, data.file_name, data.url, folder=folder, tags=data.tags
            )

        return HiBobCall("POST", path, body, send, ("file_name",))

    async def perform(self, sender: Sender) -> None:
        answer = await sender.send(self.preview()[0], self.find_new)
        found = answer.id if isinstance(answer, Document) else answer
        self.document_id = str(found) if found is not None and found is not True else None

    async def find_new(self, client: HiBobClient) -> str | None:
        """A document with the sent name that was not there before the upload."""
        if self.known is None:
            return None
        for doc in await client.documents.list(self.employee_id):
            name = doc.document_name or doc.name
            if str(doc.id) not in self.known and name == self.data.file_name:
                return str(doc.id)
        return None

    async def observe(self, client: HiBobClient) -> Observed:
        listed = await client.documents.list(self.employee_id)
        if self.document_id is None and self.known is not None:
            self.document_id = await self.find_new(client)
        doc = next((d for d in listed if str(d.id) == self.document_id), None)
        if doc is None:
            return Observed(unconfirmed=self.fields)
        record = map_document(self.employee_id, doc.raw())
        return Observed(record, [record], [] if record.name == self.data.file_name else ["file_name"])
