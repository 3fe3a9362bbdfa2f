"""Request and response bodies of /v1/accounts; the token goes in and never comes out."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from bobhub.permissions import DoctorReport


class AccountCreate(BaseModel):
    """Link a HiBob service user: the ID and token HiBob showed when the service user was created."""

    # Unknown keys are refused: a misspelt "serviceUserId" must not pass as a missing field silently.
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200, description="A label for the account in bobhub.")
    service_user_id: str = Field(min_length=1, max_length=200, description="HiBob's Service User ID.")
    token: SecretStr = Field(min_length=1, max_length=1000, description="HiBob's service user token.")
    base_url: str | None = Field(
        default=None,
        max_length=300,
        description="HiBob's API host without /v1 (https under hibob.com, or http on loopback for a "
        "sandbox); the server's BOBHUB_HIBOB_BASE_URL when omitted.",
        examples=["https://api.hibob.com"],
    )


AccountStatus = Literal["linked", "needs_attention", "invalid_credentials"]


class AccountPublic(BaseModel):
    """A linked account as the API shows it."""

    id: str
    name: str
    service_user_id: str
    base_url: str
    status: AccountStatus = Field(
        description="`linked`: nothing missing; `needs_attention`: permissions or audience to fix; "
        "`invalid_credentials`: HiBob refuses the stored token."
    )
    created_at: dt.datetime
    updated_at: dt.datetime
    checked_at: dt.datetime | None
    missing_permissions: list[str] = Field(description="HiBob's wording of each missing permission.")


class AccountLinked(AccountPublic):
    """A freshly linked account with the doctor's full report."""

    permissions: DoctorReport = Field(description="The permission doctor's report (as GET …/permissions).")


class AccountsPublic(BaseModel):
    """The tenant's accounts; all of them fit in one page, so `next` is always null."""

    next: str | None = None
    results: list[AccountPublic]
