"""Linking HiBob accounts: check the base URL, run the doctor, keep the token encrypted and the report.

Every function takes the caller's `Principal` and touches only that tenant's accounts; they raise
`bobhub.errors` only and never commit (the request or command boundary does).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from bobhub.api.accounts.repository import AccountRepository
from bobhub.api.keys.service import Principal
from bobhub.errors import BadRequest, Conflict, InvalidCredentials, NotFound, UpstreamError
from bobhub.hibob import DEFAULT_BASE_URL, AuthenticationError, HiBobClient, HiBobError
from bobhub.permissions import DoctorReport, diagnose
from bobhub.store.crypto import Vault
from bobhub.store.models import Account, AccountStatus, utcnow

MAX_NAME = 200
HIBOB_DOMAIN = "hibob.com"
ALLOWED = (
    "a base URL is https://api.hibob.com (or another https host under hibob.com, such as "
    "https://api.sandbox.hibob.com), or http(s) on loopback for a sandbox"
)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_hibob(host: str) -> bool:
    return host == HIBOB_DOMAIN or host.endswith("." + HIBOB_DOMAIN)


def normalise_base_url(raw: str) -> str:
    """`scheme://host[:port]` of an allowed base URL; BadRequest for anything else.

    Checked before any request, so a token is never sent to a host that is not HiBob: the URL itself is
    not echoed back, as a mistyped one may carry credentials.
    """
    try:
        parts = urlsplit(raw.strip())
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        raise BadRequest(f"the base URL is malformed; {ALLOWED}") from None
    if parts.scheme not in ("http", "https") or not host:
        raise BadRequest(f"the base URL is not an http(s) URL; {ALLOWED}")
    if parts.username is not None or parts.password is not None or parts.query or parts.fragment:
        raise BadRequest("the base URL must not carry credentials, a query or a fragment")
    if parts.path.rstrip("/"):
        raise BadRequest("the base URL is HiBob's host without a path (no /v1), e.g. https://api.hibob.com")
    if not (is_loopback(host) or (parts.scheme == "https" and is_hibob(host))):
        raise BadRequest(f"{host} is not HiBob; {ALLOWED}")
    netloc = f"[{host}]" if ":" in host else host
    return f"{parts.scheme}://{netloc}" + (f":{port}" if port is not None else "")


def account_public(account: Account) -> dict[str, Any]:
    """What callers may see of an account: never the token, not even encrypted."""
    report = account.report or {}
    return {
        "id": account.id,
        "name": account.name,
        "service_user_id": account.service_user_id,
        "base_url": account.base_url,
        "status": account.status,
        "created_at": account.created_at.isoformat(),
        "updated_at": account.updated_at.isoformat(),
        "checked_at": account.checked_at.isoformat() if account.checked_at else None,
        "missing_permissions": list(report.get("missing", [])),
    }


def status_of(report: DoctorReport) -> AccountStatus:
    if report.credentials == "invalid":
        return "invalid_credentials"
    return "linked" if report.ok else "needs_attention"


async def run_doctor(
    service_user_id: str, token: str, base_url: str, http_client: httpx.AsyncClient | None = None
) -> DoctorReport:
    """The doctor's report; a failure of HiBob that is not about permissions is UpstreamError."""
    try:
        async with HiBobClient(service_user_id, token, base_url=base_url, http_client=http_client) as client:
            return await diagnose(client)
    except AuthenticationError as exc:
        raise InvalidCredentials(_refused(service_user_id)) from exc
    except HiBobError as exc:
        raise UpstreamError(f"HiBob at {base_url} did not answer usably: {exc}") from exc


def _refused(service_user_id: str) -> str:
    return f"HiBob refused service user {service_user_id!r}: check the service user id and token"


def _clean(value: str, what: str, limit: int) -> str:
    cleaned = value.strip()
    if not cleaned or len(cleaned) > limit:
        raise BadRequest(f"{what} must have 1 to {limit} characters")
    return cleaned


async def link_account(
    session: AsyncSession,
    vault: Vault,
    principal: Principal,
    *,
    name: str | None = None,
    service_user_id: str,
    token: str,
    base_url: str | None = None,
    account_id: str | None = None,
    http_client: httpx.AsyncClient | None = None,
) -> Account:
    """Link a service user, or with `account_id` rotate that account's token keeping its data.

    Checks the input before any call to HiBob; a refused token is InvalidCredentials after one request,
    and then nothing is stored or changed.
    """
    accounts = AccountRepository(session, principal.tenant_id)
    existing = await get_account(session, principal, account_id) if account_id else None
    su_id = _clean(service_user_id, "the service user id", MAX_NAME)
    secret = _clean(token, "the token", 1000)
    base = normalise_base_url(base_url or (existing.base_url if existing else DEFAULT_BASE_URL))
    label = _clean(name, "the name", MAX_NAME) if name else None
    other = await accounts.by_service_user(base, su_id)
    if other is not None and (existing is None or other.id != existing.id):
        raise Conflict(
            f"service user {su_id!r} is already linked as {other.id}; link again with that account id "
            "to replace its token"
        )
    report = await run_doctor(su_id, secret, base, http_client)
    if report.credentials == "invalid":
        raise InvalidCredentials(_refused(su_id))
    now = utcnow()
    account = existing or Account(tenant_id=principal.tenant_id, created_at=now)
    account.name = label or (existing.name if existing else f"HiBob {su_id}")
    account.service_user_id = su_id
    account.base_url = base
    account.token_ciphertext = vault.encrypt(secret)
    _record(account, report, now)
    return await accounts.save(account)


def _record(account: Account, report: DoctorReport, now: dt.datetime) -> None:
    account.report = report.model_dump(mode="json")
    account.status = status_of(report)
    account.checked_at = account.updated_at = now


async def list_accounts(session: AsyncSession, principal: Principal) -> Sequence[Account]:
    return await AccountRepository(session, principal.tenant_id).list()


async def get_account(session: AsyncSession, principal: Principal, account_id: str) -> Account:
    """The tenant's account; NotFound for unknown ids and for other tenants' ids alike."""
    account = await AccountRepository(session, principal.tenant_id).get(account_id)
    if account is None:
        raise NotFound(f"no account {account_id!r}")
    return account


async def refresh_permissions(
    session: AsyncSession,
    vault: Vault,
    principal: Principal,
    account_id: str,
    http_client: httpx.AsyncClient | None = None,
) -> Account:
    """Run the doctor again with the stored token; a refused token marks the account invalid_credentials."""
    account = await get_account(session, principal, account_id)
    token = vault.decrypt(account.token_ciphertext)
    now = utcnow()
    try:
        report = await run_doctor(account.service_user_id, token, account.base_url, http_client)
    except InvalidCredentials:
        account.status = "invalid_credentials"
        account.checked_at = account.updated_at = now
    else:
        _record(account, report, now)
    return await AccountRepository(session, principal.tenant_id).save(account)


async def delete_account(session: AsyncSession, principal: Principal, account_id: str) -> None:
    account = await get_account(session, principal, account_id)
    await AccountRepository(session, principal.tenant_id).delete(account)
