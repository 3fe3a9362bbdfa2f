"""Response bodies of /v1/audit-log."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field

AuditResult = Literal["dry_run", "verified", "unconfirmed", "failed", "forbidden", "sent"]


class AuditEntryPublic(BaseModel):
    """One write or passthrough attempt made through the API."""

    id: str
    created_at: dt.datetime
    api_key_id: str | None = Field(description="The API key that asked (null for the command line).")
    account_id: str | None
    action: str = Field(description='e.g. "employees.update", "documents.create", "passthrough".')
    target: str | None = Field(description='What was acted on, e.g. "employees/3332883884017713238".')
    request: dict[str, Any] | None = Field(
        description='`{"requests": [{"method", "path", "body"}]}`: what was (or would be) sent to HiBob.'
    )
    result: AuditResult
    detail: dict[str, Any] | None = Field(
        description="HiBob's status, the error or missing permission, unconfirmed fields, notes."
    )


class AuditLogPublic(BaseModel):
    """A page of the tenant's audit log, newest first."""

    next: str | None
    results: list[AuditEntryPublic]
