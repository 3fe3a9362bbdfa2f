"""/v1/webhook-subscriptions: endpoints subscribed to outgoing events, and each one's delivery log."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Response

from bobhub.api.deps import Reader, SessionDep, StateDep, Writer
from bobhub.api.handlers import error_responses
from bobhub.api.subscriptions import service
from bobhub.api.subscriptions.schemas import (
    DeliveriesPublic,
    DeliveryPublic,
    DeliveryStatus,
    SubscriptionCreate,
    SubscriptionCreated,
    SubscriptionPublic,
    SubscriptionsPublic,
)
from bobhub.errors import Forbidden, NotFound
from bobhub.store.models import WebhookSubscription

router = APIRouter(prefix="/webhook-subscriptions", tags=["webhook subscriptions"])

Cursor = Annotated[str | None, Query(description="The `next` value of the previous page.")]
PageSize = Annotated[int, Query(ge=1, le=200, description="Results per page.")]


def public(subscription: WebhookSubscription) -> SubscriptionPublic:
    return SubscriptionPublic.model_validate(service.subscription_public(subscription))


@router.post("", status_code=201, responses=error_responses(Forbidden, NotFound))
async def create_subscription(
    body: SubscriptionCreate, caller: Writer, session: SessionDep, state: StateDep
) -> SubscriptionCreated:
    """Subscribe an endpoint to events; the response shows the signing secret, this once.

    Each event is POSTed as JSON `{id, type, created_at, account_id, data}` with the headers
    `Bobhub-Event-Id`, `Bobhub-Event-Type` and `Bobhub-Signature: t=<unix seconds>,v1=<hex
    HMAC-SHA256(secret, "<t>.<raw body>")>`. Answer 2xx within 10 s; anything else is retried with
    exponential backoff, then the delivery is marked failed. Delivery is at least once and unordered:
    deduplicate on the event id, order by `data.modified_at`.
    """
    subscription, secret = await service.create_subscription(
        session,
        state.vault,
        caller,
        url=body.url,
        events=body.events,
        account_id=body.account_id,
        secret=body.secret.get_secret_value() if body.secret is not None else None,
        allow_private=state.settings.webhook_allow_private_urls,
    )
    return SubscriptionCreated(**service.subscription_public(subscription), secret=secret)


@router.get("", responses=error_responses(Forbidden))
async def list_subscriptions(
    caller: Reader,
    session: SessionDep,
    cursor: Cursor = None,
    page_size: PageSize = 50,
    modified_after: Annotated[
        dt.datetime | None, Query(description="Only subscriptions created after this time (ISO 8601).")
    ] = None,
) -> SubscriptionsPublic:
    """The tenant's webhook subscriptions, oldest first."""
    rows, next_cursor = await service.list_subscriptions(
        session, caller, cursor=cursor, page_size=page_size, modified_after=modified_after
    )
    return SubscriptionsPublic(next=next_cursor, results=[public(row) for row in rows])


@router.get("/{subscription_id}", responses=error_responses(Forbidden, NotFound))
async def get_subscription(subscription_id: str, caller: Reader, session: SessionDep) -> SubscriptionPublic:
    """One of the tenant's subscriptions (without its secret)."""
    return public(await service.get_subscription(session, caller, subscription_id))


@router.delete(
    "/{subscription_id}",
    status_code=204,
    response_class=Response,
    responses=error_responses(Forbidden, NotFound),
)
async def delete_subscription(subscription_id: str, caller: Writer, session: SessionDep) -> None:
    """Delete the subscription and its delivery log; nothing more is sent to it."""
    await service.delete_subscription(session, caller, subscription_id)


@router.get("/{subscription_id}/deliveries", responses=error_responses(Forbidden, NotFound))
async def list_deliveries(
    subscription_id: str,
    caller: Reader,
    session: SessionDep,
    cursor: Cursor = None,
    page_size: PageSize = 50,
    status: Annotated[DeliveryStatus | None, Query(description="Only deliveries in this state.")] = None,
) -> DeliveriesPublic:
    """The subscription's delivery log, newest first: each event, its attempts and how the last one ended."""
    rows, next_cursor = await service.list_deliveries(
        session, caller, subscription_id, cursor=cursor, page_size=page_size, status=status
    )
    return DeliveriesPublic(
        next=next_cursor,
        results=[DeliveryPublic.model_validate(service.delivery_public(row)) for row in rows],
    )
