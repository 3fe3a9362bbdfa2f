"""Inbound HiBob webhooks: check `Bob-Signature` and read the v2 envelope.

HiBob signs the raw request body: `Bob-Signature = base64(HMAC-SHA512(secret, body))`, with the secret
shown in the webhook's configuration (hibob-api-notes.md §9). v2 events carry ids only; read the
records again through the client.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

from pydantic import Field, ValidationError

from bobhub.hibob.errors import InvalidWebhook
from bobhub.hibob.models import HiBobModel

SIGNATURE_HEADER = "Bob-Signature"


def sign(secret: str, body: bytes) -> str:
    """The `Bob-Signature` value HiBob sends with `body`."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha512).digest()).decode()


def verify_signature(secret: str, body: bytes, signature: str | None) -> bool:
    """Whether `signature` is HiBob's signature of the exact raw `body` (constant-time compare)."""
    if not secret or not signature:
        return False
    return hmac.compare_digest(sign(secret, body).encode(), signature.strip().encode())


class WebhookEvent(HiBobModel):
    """A v2 event: `type` such as "employee.updated", and `data` holding ids only."""

    company_id: int | str
    type: str
    triggered_by: str | None = None
    triggered_at: str | None = None
    version: str = "v2"
    data: dict[str, Any] = Field(default_factory=dict)

    @property
    def employee_id(self) -> str | None:
        value = self.data.get("employeeId")
        return str(value) if value is not None else None

    @property
    def field_updates(self) -> list[Any]:
        """Field ids an `employee.updated` changed (calculated fields are not listed by HiBob)."""
        return list(self.data.get("fieldUpdates") or [])

    @property
    def timeoff_request_id(self) -> int | None:
        value = self.data.get("timeoffRequestId")
        return int(value) if value is not None else None

    @property
    def table_id(self) -> str | None:
        value = self.data.get("tableId")
        return str(value) if value is not None else None


SIGNATURE_MISMATCH = "the Bob-Signature header does not match the body"


def parse_webhook(body: bytes, signature: str | None, secret: str) -> WebhookEvent:
    """The event in `body` once its signature checks out; `InvalidWebhook` otherwise."""
    if not verify_signature(secret, body, signature):
        raise InvalidWebhook(SIGNATURE_MISMATCH)
    try:
        event = WebhookEvent.model_validate(json.loads(body))
    except (ValueError, ValidationError) as exc:
        raise InvalidWebhook("the webhook body is not a HiBob v2 event") from exc
    if event.version != "v2":
        raise InvalidWebhook(f"webhook version {event.version!r} is not supported; configure v2 in Bob")
    return event
