"""Outgoing webhook subscriptions: checked, scoped to the caller's tenant, their secrets kept by the Vault.

Functions raise `bobhub.errors` only and never commit (the request boundary does). Another tenant's
subscription is a NotFound, exactly like an unknown id.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.ext.asyncio import AsyncSession

from bobhub.api.accounts.repository import AccountRepository
from bobhub.api.keys.service import Principal
from bobhub.errors import BadRequest, NotFound
from bobhub.events import destinations, generate_secret
from bobhub.events import types as event_types
from bobhub.store import Vault, outbox
from bobhub.store.models import WebhookDelivery, WebhookSubscription, utcnow

Page = tuple[list[Any], str | None]


def validate_url(raw: str) -> str:
    """An http(s) URL with a host; credentials are refused, as the URL is shown to every reader."""
    url = raw.strip()
    if not url.isprintable() or " " in url:
        raise BadRequest("url: must not contain spaces or control characters")
    try:
        parts = urlsplit(url)
        host = parts.hostname
        _ = parts.port  # a malformed port raises here
    except ValueError:
        raise BadRequest("url: not a valid URL") from None
    if parts.scheme not in ("http", "https") or not host:
        raise BadRequest("url: must be an http(s) URL with a host, e.g. https://example.com/hooks/bobhub")
    if parts.username is not None or parts.password is not None:
        raise BadRequest("url: must not carry credentials; check requests with the signing secret instead")
    return url


def encode_cursor(position: outbox.Position) -> str:
    moment, last_id = position
    raw = json.dumps([moment.isoformat(), last_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> outbox.Position | None:
    """The keyset position of a `next` value this API returned; BadRequest for anything else."""
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        moment, last_id = json.loads(raw)
        when = dt.datetime.fromisoformat(moment)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        raise BadRequest("cursor: not a cursor this API returned; pass `next` as it came") from None
    if when.tzinfo is None or not isinstance(last_id, str) or not is_identifier(last_id):
        raise BadRequest("cursor: not a cursor this API returned; pass `next` as it came")
    return utc(when, "cursor"), last_id


def utc(moment: dt.datetime, what: str) -> dt.datetime:
    """The moment in UTC (one without an offset is read as UTC); BadRequest when it has no UTC time."""
    try:
        return moment.replace(tzinfo=moment.tzinfo or dt.UTC).astimezone(dt.UTC)
    except OverflowError:
        raise BadRequest(f"{what}: out of range") from None


def is_identifier(value: str) -> bool:
    """Whether `value` may be one of our ids: anything else (control characters…) matches no row."""
    return value.isprintable() and len(value) <= 100


def page_of(rows: Sequence[Any], page_size: int) -> Page:
    """The page and the cursor to the next one; the query asked for one row more than a page."""
    page = list(rows[:page_size])
    more = len(rows) > page_size
    return page, encode_cursor((page[-1].created_at, page[-1].id)) if more else None


async def create_subscription(
    session: AsyncSession,
    vault: Vault,
    principal: Principal,
    *,
    url: str,
    events: Sequence[str],
    account_id: str | None,
    secret: str | None,
    allow_private: bool = False,
) -> tuple[WebhookSubscription, str]:
    """Store a subscription; returns it with its secret in the clear, the only time it is available."""
    checked_url = validate_url(url)
    if not allow_private:
        destinations.check_url(checked_url)
    wanted = event_types.normalise(events)
    accounts = AccountRepository(session, principal.tenant_id)
    if account_id is not None and (not is_identifier(account_id) or await accounts.get(account_id) is None):
        raise NotFound(f"no account {account_id!r}")
    key = secret if secret is not None else generate_secret()
    subscription = WebhookSubscription(
        tenant_id=principal.tenant_id,
        account_id=account_id,
        url=checked_url,
        events=wanted,
        secret_ciphertext=vault.encrypt(key),
        active=True,
        created_at=utcnow(),
    )
    return await outbox.add_subscription(session, subscription), key


async def get_subscription(
    session: AsyncSession, principal: Principal, subscription_id: str
) -> WebhookSubscription:
    found = None
    if is_identifier(subscription_id):
        found = await outbox.get_subscription(session, principal.tenant_id, subscription_id)
    if found is None:
        raise NotFound(f"no webhook subscription {subscription_id!r}")
    return found


async def list_subscriptions(
    session: AsyncSession,
    principal: Principal,
    *,
    cursor: str | None,
    page_size: int,
    modified_after: dt.datetime | None,
) -> Page:
    """The tenant's subscriptions, oldest first; they never change, so `modified_after` is their creation."""
    rows = await outbox.list_subscriptions(
        session,
        principal.tenant_id,
        after=decode_cursor(cursor),
        created_after=utc(modified_after, "modified_after") if modified_after else None,
        limit=page_size + 1,
    )
    return page_of(rows, page_size)


async def delete_subscription(session: AsyncSession, principal: Principal, subscription_id: str) -> None:
    """Remove the subscription and its delivery log; nothing more is sent to it."""
    await outbox.delete_subscription(session, await get_subscription(session, principal, subscription_id))


async def list_deliveries(
    session: AsyncSession,
    principal: Principal,
    subscription_id: str,
    *,
    cursor: str | None,
    page_size: int,
    status: str | None,
) -> Page:
    """The subscription's delivery log, newest first."""
    subscription = await get_subscription(session, principal, subscription_id)
    rows = await outbox.list_deliveries(
        session, subscription.id, before=decode_cursor(cursor), status=status, limit=page_size + 1
    )
    return page_of(rows, page_size)


def subscription_public(subscription: WebhookSubscription) -> dict[str, Any]:
    return {
        "id": subscription.id,
        "url": subscription.url,
        "events": list(subscription.events),
        "account_id": subscription.account_id,
        "active": subscription.active,
        "created_at": subscription.created_at,
    }


def delivery_public(delivery: WebhookDelivery) -> dict[str, Any]:
    return {
        "id": delivery.id,
        "event_id": delivery.event_id,
        "event_type": delivery.event_type,
        "status": delivery.status,
        "attempts": delivery.attempts,
        "last_status_code": delivery.last_status_code,
        "last_error": delivery.last_error,
        "created_at": delivery.created_at,
        "delivered_at": delivery.delivered_at,
        "next_attempt_at": delivery.next_attempt_at if delivery.status == "pending" else None,
    }
