"""Response bodies of the write routes: every write answers the same shape, dry runs included."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class HiBobRequestPublic(BaseModel):
    """One request to HiBob as sent (or, in a dry run, as it would be sent)."""

    method: str
    path: str = Field(description="Under the account's base URL, e.g. /v1/people/3332883884017713238.")
    body: Any = Field(
        description="The JSON body; a file upload shows the file's name, type, size and SHA-256."
    )


class WriteResult(BaseModel):
    """How a write ended: dry run, or sent and read back (verified, or not yet visible in HiBob)."""

    status: Literal["dry_run", "verified", "unconfirmed"] = Field(
        description="`dry_run`: nothing was sent; `verified`: HiBob shows every written field; "
        "`unconfirmed`: HiBob accepted the write but its reads did not show all of it in time."
    )
    requests: list[HiBobRequestPublic]
    unconfirmed_fields: list[str] = Field(description="Unified fields HiBob's reads did not show as written.")
    result: dict[str, Any] | None = Field(
        description="The object after read-back, as the read routes show it (null for dry runs)."
    )
    audit_id: str = Field(description="The audit log row of this write.")
