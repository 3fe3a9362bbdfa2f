"""Request and response bodies of /v1/webhook-subscriptions; the signing secret is shown once, at creation."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from bobhub.events import EVENT_TYPES

DeliveryStatus = Literal["pending", "delivered", "failed"]


class SubscriptionCreate(BaseModel):
    """Where to send which events, for which account."""

    model_config = ConfigDict(extra="forbid")

    url: str = Field(max_length=2000, description="The http(s) endpoint events are POSTed to.")
    events: list[str] = Field(
        min_length=1,
        max_length=len(EVENT_TYPES) + 1,
        description=f"Event types to receive: {', '.join(EVENT_TYPES)}; `*` for all of them.",
    )
    account_id: str | None = Field(
        default=None, description="One of the tenant's accounts; null for events of every account."
    )
    secret: SecretStr | None = Field(
        default=None,
        min_length=16,
        max_length=200,
        description="The key events are signed with; one is generated when omitted.",
    )


class SubscriptionPublic(BaseModel):
    """A subscription as the API shows it: never its secret."""

    id: str
    url: str
    events: list[str]
    account_id: str | None
    active: bool
    created_at: dt.datetime


class SubscriptionCreated(SubscriptionPublic):
    """A new subscription with its signing secret, shown this once."""

    secret: str = Field(
        description="Verify `Bobhub-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "
        '"<t>.<raw body>")>` with it (`bobhub.events.verify_signature`). It is stored encrypted and never '
        "shown again."
    )


class SubscriptionsPublic(BaseModel):
    """A page of subscriptions, oldest first; pass `next` as `cursor` for the following page."""

    next: str | None
    results: list[SubscriptionPublic]


class DeliveryPublic(BaseModel):
    """One event owed to a subscription, and how its delivery went."""

    id: str
    event_id: str
    event_type: str
    status: DeliveryStatus = Field(
        description="`pending`: not yet delivered, attempted again at `next_attempt_at`; `delivered`: the "
        "endpoint answered 2xx; `failed`: every attempt failed."
    )
    attempts: int
    last_status_code: int | None = Field(description="The endpoint's last status; null when none came.")
    last_error: str | None
    created_at: dt.datetime
    delivered_at: dt.datetime | None
    next_attempt_at: dt.datetime | None = Field(description="Set while the delivery is pending.")


class DeliveriesPublic(BaseModel):
    """A page of the delivery log, newest first; pass `next` as `cursor` for the following page."""

    next: str | None
    results: list[DeliveryPublic]
