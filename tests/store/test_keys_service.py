"""API keys: shown once, stored as a hash, tenant made when new, scopes validated."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bobhub.api.keys.service import authenticate, create_api_key, operator_principal
from bobhub.errors import BadRequest, NotFound, Unauthorized
from bobhub.store import ApiKey, Tenant


class TestCreateApiKey:
    async def test_key_is_random_prefixed_and_stored_hashed(self, session: AsyncSession) -> None:
        key, plaintext = await create_api_key(session, "acme", ["read"])
        other_key, other = await create_api_key(session, "acme", ["read"])
        assert plaintext.startswith("bh_")
        assert len(plaintext) >= 40
        assert plaintext != other
        assert key.key_hash == hashlib.sha256(plaintext.encode()).hexdigest()
        assert key.prefix == plaintext[:10]
        stored = (await session.scalars(select(ApiKey.key_hash, ApiKey.prefix))).all()
        assert plaintext not in str(stored)
        assert key.tenant_id == other_key.tenant_id
        assert (await session.scalars(select(Tenant.name))).all() == ["acme"]

    async def test_scopes_are_ordered_and_deduplicated(self, session: AsyncSession) -> None:
        key, _ = await create_api_key(session, "acme", ["admin", "read", " read "])
        assert key.scopes == ["read", "admin"]

    @pytest.mark.parametrize("scopes", [["delete"], [], [" "], ["read", "root"]])
    async def test_bad_scopes_are_refused(self, session: AsyncSession, scopes: list[str]) -> None:
        with pytest.raises(BadRequest, match="scope"):
            await create_api_key(session, "acme", scopes)
        assert (await session.scalars(select(Tenant))).all() == []

    async def test_empty_tenant_name_is_refused(self, session: AsyncSession) -> None:
        with pytest.raises(BadRequest, match="tenant name"):
            await create_api_key(session, "  ", ["read"])


class TestAuthenticate:
    async def test_key_gives_its_tenant_and_scopes(self, session: AsyncSession) -> None:
        key, plaintext = await create_api_key(session, "acme", ["read", "write"])
        principal = await authenticate(session, plaintext)
        assert principal.tenant_id == key.tenant_id
        assert principal.tenant_name == "acme"
        assert principal.scopes == frozenset({"read", "write"})

    @pytest.mark.parametrize("presented", [None, "", "bh_unknown", "not-a-key"])
    async def test_missing_or_unknown_key_is_unauthorized(
        self, session: AsyncSession, presented: str | None
    ) -> None:
        await create_api_key(session, "acme", ["read"])
        with pytest.raises(Unauthorized):
            await authenticate(session, presented)

    async def test_a_changed_character_is_unauthorized(self, session: AsyncSession) -> None:
        _, plaintext = await create_api_key(session, "acme", ["read"])
        tampered = plaintext[:-1] + ("A" if plaintext[-1] != "A" else "B")
        with pytest.raises(Unauthorized):
            await authenticate(session, tampered)


class TestOperatorPrincipal:
    async def test_creates_the_tenant_only_when_asked(self, session: AsyncSession) -> None:
        with pytest.raises(NotFound):
            await operator_principal(session, "new")
        created = await operator_principal(session, "new", create=True)
        again = await operator_principal(session, "new")
        assert created == again
        assert created.scopes == frozenset({"read", "write", "admin"})
