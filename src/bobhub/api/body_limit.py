"""The API's request-size limit: a body larger than any route takes is refused with 413 before it is read.

The largest body a route takes is a 5 MB document in base64 (~6.7 MB) inside its JSON, so 8 MB. A body
whose Content-Length is over the limit is answered at once, without a byte of it read; a body sent
without one (chunked) is cut off as soon as the bytes received pass the limit.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bobhub.api.handlers import error_body
from bobhub.errors import PayloadTooLarge
from bobhub.writeback.documents import MB

MAX_REQUEST_BODY = 8 * MB


class BodyLimit:
    """ASGI middleware refusing request bodies over `max_bytes` with the API's 413."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_REQUEST_BODY) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.detail = f"the request body is larger than the {max_bytes // MB} MB this API accepts"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            response = error_body(PayloadTooLarge.__name__, self.detail, PayloadTooLarge.status_code)
            await response(scope, receive, send)
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # An HTTPException, not an AppError: FastAPI passes it on from its body reading
                    # (any other exception there becomes a 400), and handlers.py renders its 413.
                    raise HTTPException(PayloadTooLarge.status_code, self.detail)
            return message

        await self.app(scope, limited, send)
