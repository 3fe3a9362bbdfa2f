"""Avatars: read an employee's avatar URL by id or email, and set it from an image URL."""

from __future__ import annotations

import json

from bobhub.hibob.errors import UnexpectedResponse
from bobhub.hibob.resources._base import Resource
from bobhub.hibob.transport import Reply


class AvatarsResource(Resource):
    """`client.avatars`: `get` / `get_by_email` / `update`."""

    async def get(self, employee_id: str) -> str | None:
        """The avatar image URL, or None when the employee has none."""
        path = {"employeeId": employee_id}
        return _url(await self._send("GET", "/avatars/{employeeId}", path=path, expect="text"))

    async def get_by_email(self, email: str) -> str | None:
        return _url(await self._send("GET", "/avatars", params={"email": email}, expect="text"))

    async def update(self, employee_id: str, url: str) -> None:
        """Set the avatar from an image HiBob downloads from `url`."""
        await self._send("PUT", "/avatars/{employeeId}", path={"employeeId": employee_id}, body={"url": url})


def _url(reply: Reply) -> str | None:
    # HiBob documents "URL of the employee avatar" without a content type: plain text or a JSON string.
    text = reply.text.strip()
    if text.startswith(('"', "{")):
        try:
            decoded = json.loads(text)
        except ValueError:
            raise UnexpectedResponse(
                "HiBob's avatar answer is cut JSON", status_code=reply.status_code
            ) from None
        text = decoded.get("url", "") if isinstance(decoded, dict) else str(decoded or "")
    return text or None
