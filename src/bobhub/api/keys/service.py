"""API keys of the unified API: created for a tenant, shown once, stored only as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bobhub.api.keys.repository import ApiKeyRepository, TenantRepository
from bobhub.errors import BadRequest, NotFound, Unauthorized
from bobhub.store.models import ApiKey, Tenant

KEY_PREFIX = "bh_"
SCOPES = ("read", "write", "admin")
DISPLAY_PREFIX_LENGTH = 10  # "bh_" and 7 characters: enough to tell keys apart, far too few to guess one
MAX_TENANT_NAME = 100


@dataclass(frozen=True)
class Principal:
    """Who is calling: a tenant and the scopes its key grants."""

    tenant_id: str
    tenant_name: str
    scopes: frozenset[str]
    key_id: str | None = None  # None for the command line's operator


def hash_key(plaintext: str) -> str:
    # A plain SHA-256 suffices: the key carries 256 random bits, so there is nothing to brute-force.
    return hashlib.sha256(plaintext.encode()).hexdigest()


def validate_scopes(scopes: Iterable[str]) -> list[str]:
    """The scopes in a stable order; BadRequest for an unknown or an empty set."""
    wanted = {s.strip() for s in scopes if s.strip()}
    unknown = sorted(wanted - set(SCOPES))
    if unknown:
        raise BadRequest(f"unknown scope {', '.join(unknown)}; choose from {', '.join(SCOPES)}")
    if not wanted:
        raise BadRequest(f"give at least one scope of {', '.join(SCOPES)}")
    return [s for s in SCOPES if s in wanted]


def validate_tenant_name(name: str) -> str:
    cleaned = name.strip()
    if not cleaned or len(cleaned) > MAX_TENANT_NAME:
        raise BadRequest(f"a tenant name has 1 to {MAX_TENANT_NAME} characters")
    return cleaned


async def get_or_create_tenant(session: AsyncSession, name: str) -> Tenant:
    tenants = TenantRepository(session)
    cleaned = validate_tenant_name(name)
    return await tenants.by_name(cleaned) or await tenants.add(Tenant(name=cleaned))


async def create_api_key(session: AsyncSession, tenant_name: str, scopes: list[str]) -> tuple[ApiKey, str]:
    """A new key for the tenant (created when new); the plaintext is returned here and never again."""
    granted = validate_scopes(scopes)
    tenant = await get_or_create_tenant(session, tenant_name)
    plaintext = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(
        tenant_id=tenant.id,
        prefix=plaintext[:DISPLAY_PREFIX_LENGTH],
        key_hash=hash_key(plaintext),
        scopes=granted,
    )
    return await ApiKeyRepository(session).add(key), plaintext


async def authenticate(session: AsyncSession, plaintext: str | None) -> Principal:
    """The tenant and scopes of a presented key; Unauthorized when it is missing or unknown."""
    if not plaintext or not plaintext.startswith(KEY_PREFIX):
        raise Unauthorized("missing or invalid API key")
    found = await ApiKeyRepository(session).by_hash(hash_key(plaintext))
    if found is None:
        raise Unauthorized("missing or invalid API key")
    key, tenant = found
    return Principal(
        tenant_id=tenant.id, tenant_name=tenant.name, scopes=frozenset(key.scopes), key_id=key.id
    )


async def operator_principal(session: AsyncSession, tenant_name: str, *, create: bool = False) -> Principal:
    """The command line's principal: the installation's operator acting for one tenant with every scope.

    With `create` the tenant is made when new (linking into a fresh tenant); otherwise NotFound.
    """
    if create:
        tenant = await get_or_create_tenant(session, tenant_name)
    else:
        found = await TenantRepository(session).by_name(tenant_name.strip())
        if found is None:
            raise NotFound(f"no tenant {tenant_name!r}")
        tenant = found
    return Principal(tenant_id=tenant.id, tenant_name=tenant.name, scopes=frozenset(SCOPES))
