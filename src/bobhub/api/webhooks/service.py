"""Inbound webhook service: verify `Bob-Signature` with the account's secret, then queue a targeted refetch.

HiBob sends one event per change; a burst of them (an import, a bulk edit) is coalesced per account so
that one refetch reads every employee named, 200 per bulk call, instead of one refetch per event.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from bobhub.errors import NotFound, Unauthorized
from bobhub.hibob import InvalidWebhook, WebhookEvent, parse_webhook
from bobhub.hibob.webhooks import SIGNATURE_MISMATCH
from bobhub.store import Account, Vault

Refetch = Callable[[str, set[str], set[str]], Awaitable[Any]]
DELAY = 0.5  # seconds a burst of events has to gather before its refetch starts


@dataclass
class Pending:
    employee_ids: set[str] = field(default_factory=set)
    request_ids: set[str] = field(default_factory=set)


class RefetchQueue:
    """Per-account buffers of ids named by webhooks, each flushed into one refetch after `delay`."""

    def __init__(self, refetch: Refetch, delay: float = DELAY) -> None:
        self._refetch = refetch
        self._delay = delay
        self._pending: dict[str, Pending] = {}
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._log = structlog.get_logger("bobhub.webhooks")

    def add(self, account_id: str, event: WebhookEvent) -> None:
        pending = self._pending.setdefault(account_id, Pending())
        if event.employee_id is not None:
            pending.employee_ids.add(event.employee_id)
        if event.timeoff_request_id is not None:
            pending.request_ids.add(str(event.timeoff_request_id))
        if account_id not in self._tasks:
            self._tasks[account_id] = asyncio.get_running_loop().create_task(self._flush(account_id))

    async def _flush(self, account_id: str) -> None:
        try:
            while account_id in self._pending:
                await asyncio.sleep(self._delay)
                pending = self._pending.pop(account_id)
                try:
                    await self._refetch(account_id, pending.employee_ids, pending.request_ids)
                except Exception as exc:  # a failed refetch is healed by the next full sync
                    self._log.warning(
                        "webhook refetch failed", account_id=account_id, error=type(exc).__name__
                    )
        finally:
            del self._tasks[account_id]

    async def drain(self) -> None:
        """Wait until every queued refetch has run (tests and shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks.values()), return_exceptions=True)


async def verify(
    session: AsyncSession, vault: Vault, account_id: str, body: bytes, signature: str | None
) -> WebhookEvent:
    """The event once the account exists and has a secret the signature matches; 401 otherwise.

    An unknown account and an account without a secret get the answer a wrong signature gets: which ids
    exist, and which have a secret, is not for a caller without the secret to learn. The server log tells
    the operator which it was. Past a matching signature, the answer says what is wrong with the event.
    """
    log = structlog.get_logger("bobhub.webhooks")
    account = await session.get(Account, account_id)
    if account is None:
        log.warning("webhook refused: no such account", account_id=account_id)
        raise Unauthorized(SIGNATURE_MISMATCH)
    if not account.webhook_secret_ciphertext:
        log.warning("webhook refused: the account has no webhook secret yet", account_id=account_id)
        raise Unauthorized(SIGNATURE_MISMATCH)
    try:
        return parse_webhook(body, signature, vault.decrypt(account.webhook_secret_ciphertext))
    except InvalidWebhook as exc:
        log.warning("webhook refused", account_id=account_id, reason=str(exc))
        raise Unauthorized(str(exc)) from None


async def set_secret(
    session: AsyncSession, vault: Vault, account_id: str, tenant_id: str, secret: str
) -> None:
    """Store the secret HiBob shows in the webhook's settings, encrypted like the token."""
    account = await session.get(Account, account_id)
    if account is None or account.tenant_id != tenant_id:
        raise NotFound(f"no account {account_id!r}")
    account.webhook_secret_ciphertext = vault.encrypt(secret)
