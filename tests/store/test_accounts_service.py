"""Linking accounts against the real sandbox: statuses, bad input, rotation, refresh and tenant scoping."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bobhub.api.accounts import service
from bobhub.api.keys.service import Principal, operator_principal
from bobhub.errors import BadRequest, Conflict, InvalidCredentials, NotFound
from bobhub.sandbox.state import Sandbox, ServiceUser
from bobhub.store import Account, Vault

UserOf = Callable[[str], ServiceUser]


def calls(sandbox: Sandbox) -> int:
    return sum(sandbox.stats.calls.values())


@pytest.fixture
async def acme(session: AsyncSession) -> Principal:
    return await operator_principal(session, "acme", create=True)


@pytest.fixture
async def globex(session: AsyncSession) -> Principal:
    return await operator_principal(session, "globex", create=True)


async def link(
    session: AsyncSession, vault: Vault, principal: Principal, su: ServiceUser, base_url: str, **kw: str
) -> Account:
    return await service.link_account(
        session, vault, principal, service_user_id=su.id, token=su.token, base_url=base_url, **kw
    )


async def stored_accounts(session: AsyncSession) -> list[Account]:
    return list((await session.scalars(select(Account))).all())


class TestLinkAccount:
    @pytest.mark.parametrize(
        ("preset", "status"),
        [("full", "linked"), ("partial", "needs_attention"), ("empty", "needs_attention")],
    )
    async def test_preset_gives_its_status(
        self,
        session: AsyncSession,
        vault: Vault,
        acme: Principal,
        user: UserOf,
        base_url: str,
        preset: str,
        status: str,
    ) -> None:
        account = await link(session, vault, acme, user(preset), base_url, name=f"Acme {preset}")
        assert account.id.startswith("acc_")
        assert account.status == status
        assert account.name == f"Acme {preset}"
        assert account.base_url == base_url
        assert account.report is not None
        assert account.report["credentials"] == "valid"
        assert account.checked_at is not None
        public = service.account_public(account)
        assert public["status"] == status
        assert public["missing_permissions"] == account.report["missing"]
        assert (public["missing_permissions"] == []) == (preset == "full")

    async def test_token_is_stored_encrypted_and_never_shown(
        self, session: AsyncSession, vault: Vault, acme: Principal, user: UserOf, base_url: str
    ) -> None:
        su = user("full")
        account = await link(session, vault, acme, su, base_url)
        assert su.token not in account.token_ciphertext
        assert vault.decrypt(account.token_ciphertext) == su.token
        public = json.dumps(service.account_public(account))
        assert su.token not in public
        assert account.token_ciphertext not in public
        assert account.name == f"HiBob {su.id}"

    async def test_wrong_token_is_one_request_and_stores_nothing(
        self,
        session: AsyncSession,
        vault: Vault,
        acme: Principal,
        user: UserOf,
        base_url: str,
        sandbox: Sandbox,
    ) -> None:
        before = calls(sandbox)
        with pytest.raises(InvalidCredentials) as caught:
            await service.link_account(
                session, vault, acme, service_user_id=user("full").id, token="wrong-token", base_url=base_url
            )
        assert calls(sandbox) - before == 1
        assert "wrong-token" not in str(caught.value)
        assert await stored_accounts(session) == []

    @pytest.mark.parametrize(
        "bad",
        [
            "https://evil.example.com",
            "https://hibob.com.evil.example",
            "https://evilhibob.com",
            "http://api.hibob.com",
            "ftp://127.0.0.1",
            "https://api.hibob.com/v1",
            "https://user:pass@api.hibob.com",
            "http://10.0.0.1:8099",
            "not a url",
            "http://127.0.0.1:99999",
        ],
    )
    async def test_bad_base_url_is_refused_before_any_request(
        self, session: AsyncSession, vault: Vault, acme: Principal, user: UserOf, sandbox: Sandbox, bad: str
    ) -> None:
        before = calls(sandbox)
        with pytest.raises(BadRequest) as caught:
            await link(session, vault, acme, user("full"), bad)
        assert calls(sandbox) == before
        assert "pass" not in caught.value.message
        assert await stored_accounts(session) == []

    async def test_same_service_user_twice_is_a_conflict_without_request(
        self,
        session: AsyncSession,
        vault: Vault,
        acme: Principal,
        user: UserOf,
        base_url: str,
        sandbox: Sandbox,
    ) -> None:
        first = await link(session, vault, acme, user("full"), base_url)
        before = calls(sandbox)
        with pytest.raises(Conflict, match=first.id):
            await link(session, vault, acme, user("full"), base_url)
        assert calls(sandbox) == before

    @pytest.mark.parametrize("blank", ["service_user_id", "token"])
    async def test_blank_credentials_are_bad_requests(
        self, session: AsyncSession, vault: Vault, acme: Principal, base_url: str, blank: str
    ) -> None:
        values = {"service_user_id": "SERVICE-1", "token": "t", blank: "  "}
        with pytest.raises(BadRequest):
            await service.link_account(session, vault, acme, base_url=base_url, **values)


class TestBaseUrl:
    @pytest.mark.parametrize(
        ("raw", "normal"),
        [
            ("https://api.hibob.com", "https://api.hibob.com"),
            ("https://API.hibob.com/", "https://api.hibob.com"),
            ("https://api.sandbox.hibob.com", "https://api.sandbox.hibob.com"),
            ("http://127.0.0.1:8099", "http://127.0.0.1:8099"),
            ("http://localhost:8099/", "http://localhost:8099"),
            ("http://[::1]:8099", "http://[::1]:8099"),
        ],
    )
    def test_allowed(self, raw: str, normal: str) -> None:
        assert service.normalise_base_url(raw) == normal


class TestRotation:
    async def test_rotation_keeps_the_id_and_the_name(
        self, session: AsyncSession, vault: Vault, acme: Principal, user: UserOf, base_url: str
    ) -> None:
        first = await link(session, vault, acme, user("full"), base_url, name="Acme")
        created, ciphertext = first.created_at, first.token_ciphertext
        rotated = await link(session, vault, acme, user("partial"), base_url, account_id=first.id)
        assert rotated.id == first.id
        assert rotated.name == "Acme"
        assert rotated.created_at == created
        assert rotated.service_user_id == user("partial").id
        assert rotated.status == "needs_attention"
        assert rotated.token_ciphertext != ciphertext
        assert vault.decrypt(rotated.token_ciphertext) == user("partial").token
        assert len(await stored_accounts(session)) == 1

    async def test_rotation_without_base_url_keeps_the_stored_one(
        self, session: AsyncSession, vault: Vault, acme: Principal, user: UserOf, base_url: str
    ) -> None:
        first = await link(session, vault, acme, user("full"), base_url)
        su = user("full")
        rotated = await service.link_account(
            session, vault, acme, service_user_id=su.id, token=su.token, account_id=first.id
        )
        assert rotated.base_url == base_url

    async def test_rotation_with_a_wrong_token_changes_nothing(
        self, session: AsyncSession, vault: Vault, acme: Principal, user: UserOf, base_url: str
    ) -> None:
        first = await link(session, vault, acme, user("full"), base_url)
        ciphertext, checked = first.token_ciphertext, first.checked_at
        with pytest.raises(InvalidCredentials):
            await service.link_account(
                session,
                vault,
                acme,
                service_user_id=user("full").id,
                token="nope",
                base_url=base_url,
                account_id=first.id,
            )
        assert first.token_ciphertext == ciphertext
        assert first.checked_at == checked
        assert first.status == "linked"

    async def test_rotating_another_tenants_account_is_not_found_without_request(
        self,
        session: AsyncSession,
        vault: Vault,
        acme: Principal,
        globex: Principal,
        user: UserOf,
        base_url: str,
        sandbox: Sandbox,
    ) -> None:
        theirs = await link(session, vault, acme, user("full"), base_url)
        before = calls(sandbox)
        with pytest.raises(NotFound):
            await link(session, vault, globex, user("partial"), base_url, account_id=theirs.id)
        assert calls(sandbox) == before


class TestTenantScoping:
    async def test_other_tenants_see_nothing(
        self,
        session: AsyncSession,
        vault: Vault,
        acme: Principal,
        globex: Principal,
        user: UserOf,
        base_url: str,
    ) -> None:
        theirs = await link(session, vault, acme, user("full"), base_url)
        assert list(await service.list_accounts(session, globex)) == []
        with pytest.raises(NotFound):
            await service.get_account(session, globex, theirs.id)
        with pytest.raises(NotFound):
            await service.refresh_permissions(session, vault, globex, theirs.id)
        with pytest.raises(NotFound):
            await service.delete_account(session, globex, theirs.id)
        assert [a.id for a in await service.list_accounts(session, acme)] == [theirs.id]

    async def test_the_same_service_user_may_be_linked_by_two_tenants(
        self,
        session: AsyncSession,
        vault: Vault,
        acme: Principal,
        globex: Principal,
        user: UserOf,
        base_url: str,
    ) -> None:
        ours = await link(session, vault, acme, user("activtrak"), base_url)
        theirs = await link(session, vault, globex, user("activtrak"), base_url)
        assert ours.id != theirs.id


class TestRefreshAndDelete:
    async def test_refresh_runs_the_doctor_again(
        self, session: AsyncSession, vault: Vault, acme: Principal, user: UserOf, base_url: str
    ) -> None:
        account = await link(session, vault, acme, user("partial"), base_url)
        first_check = account.checked_at
        refreshed = await service.refresh_permissions(session, vault, acme, account.id)
        assert refreshed.id == account.id
        assert refreshed.status == "needs_attention"
        assert refreshed.checked_at is not None
        assert first_check is not None
        assert refreshed.checked_at >= first_check

    async def test_refused_token_marks_the_account_invalid(
        self,
        session: AsyncSession,
        vault: Vault,
        acme: Principal,
        user: UserOf,
        base_url: str,
        sandbox: Sandbox,
    ) -> None:
        account = await link(session, vault, acme, user("full"), base_url)
        account.token_ciphertext = vault.encrypt("revoked-in-hibob")
        before = calls(sandbox)
        refreshed = await service.refresh_permissions(session, vault, acme, account.id)
        assert calls(sandbox) - before == 1
        assert refreshed.status == "invalid_credentials"
        assert service.account_public(refreshed)["status"] == "invalid_credentials"

    async def test_delete(
        self, session: AsyncSession, vault: Vault, acme: Principal, user: UserOf, base_url: str
    ) -> None:
        account = await link(session, vault, acme, user("empty"), base_url)
        await service.delete_account(session, acme, account.id)
        assert await stored_accounts(session) == []
        with pytest.raises(NotFound):
            await service.get_account(session, acme, account.id)
