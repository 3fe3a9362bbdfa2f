"""The account a run syncs: looked up by id, its client built from the stored token, its status noted."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from bobhub.errors import NotFound
from bobhub.hibob import HiBobClient, RateBudget, RetryPolicy
from bobhub.hibob.transport import DEFAULT_TIMEOUT
from bobhub.store import Account, Database, Vault
from bobhub.store import records as store
from bobhub.sync.context import count_response


async def load_account(db: Database, account_id: str) -> Account:
    async with db.session() as session:
        account = await session.get(Account, account_id)
    if account is None:
        raise NotFound(f"no account {account_id!r}")
    return account


@asynccontextmanager
async def account_client(
    account: Account,
    vault: Vault,
    *,
    http_client: httpx.AsyncClient | None,
    budget: RateBudget | None,
    retry: RetryPolicy | None = None,
) -> AsyncIterator[HiBobClient]:
    """A client for the account whose every answer is charged to the stream that asked for it."""
    token = vault.decrypt(account.token_ciphertext)
    limits = httpx.Limits(max_connections=32, max_keepalive_connections=32)
    async with _http(http_client, limits) as http:
        http.event_hooks["response"].append(count_response)
        client = HiBobClient(
            account.service_user_id,
            token,
            base_url=account.base_url,
            http_client=http,
            budget=budget,
            retry=retry,
        )
        try:
            yield client
        finally:
            http.event_hooks["response"].remove(count_response)
            await client.aclose()


@asynccontextmanager
async def _http(given: httpx.AsyncClient | None, limits: httpx.Limits) -> AsyncIterator[httpx.AsyncClient]:
    if given is not None:
        yield given
        return
    async with httpx.AsyncClient(timeout=DEFAULT_TIMEOUT, limits=limits) as http:
        yield http


async def note_status(db: Database, account_id: str, note: str | None) -> None:
    """A suspicious run turns the account "needs attention", with why; other runs leave it as it is."""
    if note is None:
        return
    async with db.session() as session:
        await store.set_sync_status(session, account_id, "needs_attention", note)
        await session.commit()


async def clear_attention(db: Database, account_id: str) -> bool:
    """A clean run ends the "needs attention" an earlier suspicious run caused; True if it did."""
    async with db.session() as session:
        cleared = await store.clear_sync_attention(session, account_id)
        await session.commit()
    return cleared
