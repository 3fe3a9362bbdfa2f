"""Reading and unlinking accounts over real HTTP, and the isolation of every route between tenants."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.conftest import LinkBody, MakeKey, bearer


async def link(api: httpx.AsyncClient, key: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await api.post("/v1/accounts", json=body, headers=bearer(key))
    assert response.status_code == 201, response.text
    account: dict[str, Any] = response.json()
    return account


PUBLIC_KEYS = {
    "id",
    "name",
    "service_user_id",
    "base_url",
    "status",
    "created_at",
    "updated_at",
    "checked_at",
    "missing_permissions",
}


class TestList:
    async def test_lists_the_tenants_accounts(
        self, api: httpx.AsyncClient, make_key: MakeKey, link_body: LinkBody
    ):
        key = await make_key()
        partial = await link(api, key, link_body("partial"))
        full = await link(api, key, link_body("full"))
        response = await api.get("/v1/accounts", headers=bearer(key))
        assert response.status_code == 200
        page = response.json()
        assert page["next"] is None
        assert [a["id"] for a in page["results"]] == [partial["id"], full["id"]]
        assert all(set(a) == PUBLIC_KEYS for a in page["results"])
        assert page["results"][0]["status"] == "needs_attention"

    async def test_a_read_only_key_may_list(
        self, api: httpx.AsyncClient, make_key: MakeKey, link_body: LinkBody
    ):
        writer = await make_key(("write",), tenant="readers-co")
        await link(api, writer, link_body("full"))
        reader = await make_key(("read",), tenant="readers-co")
        response = await api.get("/v1/accounts", headers=bearer(reader))
        assert response.status_code == 200
        assert len(response.json()["results"]) == 1


class TestGet:
    async def test_gets_one_account(self, api: httpx.AsyncClient, make_key: MakeKey, link_body: LinkBody):
        key = await make_key()
        linked = await link(api, key, link_body("partial"))
        response = await api.get(f"/v1/accounts/{linked['id']}", headers=bearer(key))
        assert response.status_code == 200
        account = response.json()
        assert set(account) == PUBLIC_KEYS
        assert account["missing_permissions"] == linked["missing_permissions"]

    async def test_unknown_id_is_404(self, api: httpx.AsyncClient, make_key: MakeKey):
        response = await api.get("/v1/accounts/acc_nope", headers=bearer(await make_key()))
        assert response.status_code == 404
        assert response.json()["error"] == "NotFound"


class TestPermissions:
    async def test_returns_the_stored_report(
        self, api: httpx.AsyncClient, make_key: MakeKey, link_body: LinkBody
    ):
        key = await make_key()
        linked = await link(api, key, link_body("partial"))
        response = await api.get(f"/v1/accounts/{linked['id']}/permissions", headers=bearer(key))
        assert response.status_code == 200
        assert response.json() == linked["permissions"]

    async def test_refresh_runs_the_doctor_again(
        self, api: httpx.AsyncClient, make_key: MakeKey, link_body: LinkBody
    ):
        key = await make_key()
        linked = await link(api, key, link_body("partial"))
        url = f"/v1/accounts/{linked['id']}/permissions"
        response = await api.get(url, params={"refresh": "true"}, headers=bearer(key))
        assert response.status_code == 200
        report = response.json()
        assert report["credentials"] == "valid"
        assert report["missing"] == linked["permissions"]["missing"]
        account = (await api.get(f"/v1/accounts/{linked['id']}", headers=bearer(key))).json()
        assert account["checked_at"] > linked["checked_at"]

    async def test_refresh_with_a_malformed_flag_is_400(
        self, api: httpx.AsyncClient, make_key: MakeKey, link_body: LinkBody
    ):
        key = await make_key()
        linked = await link(api, key, link_body("full"))
        url = f"/v1/accounts/{linked['id']}/permissions"
        response = await api.get(url, params={"refresh": "perhaps"}, headers=bearer(key))
        assert response.status_code == 400
        assert response.json()["detail"].startswith("refresh:")


class TestDelete:
    async def test_unlinks(self, api: httpx.AsyncClient, make_key: MakeKey, link_body: LinkBody):
        key = await make_key()
        linked = await link(api, key, link_body("full"))
        response = await api.delete(f"/v1/accounts/{linked['id']}", headers=bearer(key))
        assert response.status_code == 204
        assert response.content == b""
        assert (await api.get(f"/v1/accounts/{linked['id']}", headers=bearer(key))).status_code == 404
        assert (await api.get("/v1/accounts", headers=bearer(key))).json()["results"] == []
        again = await api.delete(f"/v1/accounts/{linked['id']}", headers=bearer(key))
        assert again.status_code == 404


class TestTenantIsolation:
    @pytest.fixture
    async def theirs(self, api: httpx.AsyncClient, make_key: MakeKey, link_body: LinkBody) -> tuple[str, str]:
        """(the first tenant's key, its account id)."""
        key = await make_key(("read", "write", "admin"))
        return key, (await link(api, key, link_body("full")))["id"]

    async def test_another_tenant_sees_an_empty_list(
        self, api: httpx.AsyncClient, make_key: MakeKey, theirs: tuple[str, str]
    ):
        response = await api.get("/v1/accounts", headers=bearer(await make_key(("admin",))))
        assert response.status_code == 200
        assert response.json()["results"] == []

    @pytest.mark.parametrize(
        ("method", "suffix", "params"),
        [
            ("GET", "", {}),
            ("GET", "/permissions", {}),
            ("GET", "/permissions", {"refresh": "true"}),
            ("DELETE", "", {}),
        ],
    )
    async def test_another_tenant_gets_404_on_every_route(
        self,
        api: httpx.AsyncClient,
        make_key: MakeKey,
        theirs: tuple[str, str],
        method: str,
        suffix: str,
        params: dict[str, str],
    ):
        owner_key, account_id = theirs
        before = (await api.get(f"/v1/accounts/{account_id}", headers=bearer(owner_key))).json()
        other = await make_key(("read", "write", "admin"))
        url = f"/v1/accounts/{account_id}{suffix}"
        response = await api.request(method, url, params=params, headers=bearer(other))
        assert response.status_code == 404
        assert response.json() == {"error": "NotFound", "detail": f"no account {account_id!r}"}
        after = await api.get(f"/v1/accounts/{account_id}", headers=bearer(owner_key))
        assert after.status_code == 200
        assert after.json() == before

    async def test_linking_the_same_service_user_makes_a_separate_account(
        self, api: httpx.AsyncClient, make_key: MakeKey, link_body: LinkBody, theirs: tuple[str, str]
    ):
        owner_key, account_id = theirs
        other = await make_key()
        mine = await link(api, other, link_body("full"))
        assert mine["id"] != account_id
        assert [
            a["id"] for a in (await api.get("/v1/accounts", headers=bearer(other))).json()["results"]
        ] == [mine["id"]]
        owner_view = (await api.get("/v1/accounts", headers=bearer(owner_key))).json()["results"]
        assert [a["id"] for a in owner_view] == [account_id]
