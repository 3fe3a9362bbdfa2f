"""POST /v1/accounts over real HTTP: linking each sandbox preset, and bad input that stores nothing."""

from __future__ import annotations

import httpx
import pytest

from tests.api.conftest import LinkBody, MakeKey, bearer

PERSONAL = "View selected employees' Personal sections"
WORK_HISTORY = "View selected employees' Work section histories"


async def stored(api: httpx.AsyncClient, key: str) -> list[dict[str, object]]:
    response = await api.get("/v1/accounts", headers=bearer(key))
    assert response.status_code == 200
    results: list[dict[str, object]] = response.json()["results"]
    return results


class TestLinkPresets:
    async def test_full_has_nothing_missing(
        self, api: httpx.AsyncClient, make_key: MakeKey, link_body: LinkBody
    ):
        key = await make_key()
        response = await api.post("/v1/accounts", json=link_body("full"), headers=bearer(key))
        assert response.status_code == 201
        account = response.json()
        assert account["id"].startswith("acc_")
        assert account["name"] == "full company"
        assert account["missing_permissions"] == []
        assert account["permissions"]["credentials"] == "valid"
        assert account["permissions"]["missing"] == []
        assert {c["status"] for c in account["permissions"]["checks"]} <= {"granted", "not_checkable"}
        assert account["status"] == "linked"
        assert account["permissions"]["audience"]["warnings"] == []
        assert "token" not in account
        assert "token_ciphertext" not in account
        assert [a["id"] for a in await stored(api, key)] == [account["id"]]

    async def test_partial_needs_attention(
        self, api: httpx.AsyncClient, make_key: MakeKey, link_body: LinkBody
    ):
        key = await make_key()
        response = await api.post("/v1/accounts", json=link_body("partial"), headers=bearer(key))
        assert response.status_code == 201
        account = response.json()
        assert account["status"] == "needs_attention"
        assert PERSONAL in account["missing_permissions"]
        assert WORK_HISTORY in account["missing_permissions"]
        report = account["permissions"]
        assert report["missing"] == account["missing_permissions"]
        personal = next(c for c in report["checks"] if c["permission"] == PERSONAL)
        assert personal["status"] == "missing"
        assert personal["tab"] == "People's data"
        assert personal["fix"]
        assert PERSONAL in personal["fix"]
        assert "Terminated" not in report["audience"]["visible_lifecycle_statuses"]
        assert any("Terminated" in warning for warning in report["audience"]["warnings"])

    async def test_activtrak_misses_what_its_table_leaves_out(
        self, api: httpx.AsyncClient, make_key: MakeKey, link_body: LinkBody
    ):
        key = await make_key()
        response = await api.post("/v1/accounts", json=link_body("activtrak"), headers=bearer(key))
        assert response.status_code == 201
        account = response.json()
        assert account["status"] == "needs_attention"
        granted = {c["permission"] for c in account["permissions"]["checks"] if c["status"] == "granted"}
        assert "View selected employees' Basic info sections" in granted
        assert "View selected employees' Work contact details sections" in granted
        assert PERSONAL in account["missing_permissions"]

    async def test_empty_group_is_valid_but_sees_nothing(
        self, api: httpx.AsyncClient, make_key: MakeKey, link_body: LinkBody
    ):
        key = await make_key()
        response = await api.post("/v1/accounts", json=link_body("empty"), headers=bearer(key))
        assert response.status_code == 201
        account = response.json()
        assert account["status"] == "needs_attention"
        assert account["permissions"]["credentials"] == "valid"
        assert "View selected employees' Basic info sections" in account["missing_permissions"]

    async def test_same_service_user_twice_is_a_conflict(
        self, api: httpx.AsyncClient, make_key: MakeKey, link_body: LinkBody
    ):
        key = await make_key()
        first = await api.post("/v1/accounts", json=link_body("full"), headers=bearer(key))
        again = await api.post("/v1/accounts", json=link_body("full", name="again"), headers=bearer(key))
        assert again.status_code == 409
        assert again.json()["error"] == "Conflict"
        assert first.json()["id"] in again.json()["detail"]
        assert len(await stored(api, key)) == 1


class TestLinkRefusals:
    async def test_wrong_token_is_invalid_credentials_and_stores_nothing(
        self, api: httpx.AsyncClient, make_key: MakeKey, link_body: LinkBody
    ):
        key = await make_key()
        response = await api.post(
            "/v1/accounts", json=link_body("full", token="not-the-token"), headers=bearer(key)
        )
        assert response.status_code == 422
        body = response.json()
        assert body["error"] == "InvalidCredentials"
        assert "service user" in body["detail"]
        assert "not-the-token" not in response.text
        assert await stored(api, key) == []

    @pytest.mark.parametrize(
        "base_url",
        [
            "https://example.com",
            "http://api.hibob.com",
            "https://hibob.com.evil.example",
            "ftp://127.0.0.1",
            "nonsense",
        ],
    )
    async def test_a_base_url_that_is_not_hibob_is_refused(
        self, api: httpx.AsyncClient, make_key: MakeKey, link_body: LinkBody, base_url: str
    ):
        key = await make_key()
        response = await api.post(
            "/v1/accounts", json=link_body("full", base_url=base_url), headers=bearer(key)
        )
        assert response.status_code == 400
        assert response.json()["error"] == "BadRequest"
        assert await stored(api, key) == []

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"name": "x", "service_user_id": "id"}, "token"),
            ({"name": "x", "token": "t"}, "service_user_id"),
            ({"name": "x", "service_user_id": "id", "token": ""}, "token"),
            ({"name": "x", "service_user_id": 7, "token": "t"}, "service_user_id"),
            ({"name": "x", "service_user_id": "id", "token": "t", "serviceUserId": "id"}, "serviceUserId"),
        ],
    )
    async def test_malformed_body_is_400_naming_the_field(
        self, api: httpx.AsyncClient, make_key: MakeKey, body: dict[str, object], field: str
    ):
        key = await make_key()
        response = await api.post("/v1/accounts", json=body, headers=bearer(key))
        assert response.status_code == 400
        assert response.json()["error"] == "BadRequest"
        assert response.json()["detail"].startswith(f"{field}:")
        assert await stored(api, key) == []

    async def test_body_that_is_not_json_is_400(self, api: httpx.AsyncClient, make_key: MakeKey):
        key = await make_key()
        headers = {**bearer(key), "Content-Type": "application/json"}
        response = await api.post("/v1/accounts", content=b"{name: oops", headers=headers)
        assert response.status_code == 400
        assert response.json() == {"error": "BadRequest", "detail": "the request body is not valid JSON"}

    async def test_body_that_is_not_json_without_a_valid_key_is_401_first(self, api: httpx.AsyncClient):
        # The key is checked before the body is judged, as it is for a well-formed body.
        for headers in ({}, bearer("bh_not-a-key"), {"Authorization": "Basic YTpi"}):
            response = await api.post(
                "/v1/accounts",
                content=b"{name: oops",
                headers={**headers, "Content-Type": "application/json"},
            )
            assert response.status_code == 401, headers
            assert response.json() == {"error": "Unauthorized", "detail": "missing or invalid API key"}
            assert response.headers["www-authenticate"] == "Bearer"

    async def test_blank_name_is_400(self, api: httpx.AsyncClient, make_key: MakeKey, link_body: LinkBody):
        key = await make_key()
        response = await api.post("/v1/accounts", json=link_body("full", name="   "), headers=bearer(key))
        assert response.status_code == 400
        assert await stored(api, key) == []
