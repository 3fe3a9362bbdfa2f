"""/v1/passthrough over real HTTP: raw HiBob calls as the account, scoped by method, confined, audited."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from bobhub.sandbox.state import Sandbox
from bobhub.settings import Settings
from tests.api.conftest import MakeKey, bearer
from tests.writeback.companies import Linked, link_company, write_calls


@pytest.fixture
async def linked(
    api: httpx.AsyncClient, api_settings: Settings, make_key: MakeKey, sandbox: Sandbox, base_url: str
) -> Linked:
    return await link_company(api, api_settings, make_key, sandbox, base_url, sync=False)


class TestForwarding:
    async def test_a_read_answers_what_hibob_answers(self, api: httpx.AsyncClient, linked: Linked):
        response = await api.get("/v1/passthrough/company/named-lists/department", headers=linked.headers)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/json")
        assert response.headers["bobhub-source"] == "hibob"
        with linked.hibob() as hibob:
            assert response.json() == hibob.get("/company/named-lists/department").json()

    async def test_the_query_string_is_passed_on(self, api: httpx.AsyncClient, linked: Linked):
        today = dt.date.today()
        params = {"from": today.isoformat(), "to": (today + dt.timedelta(days=60)).isoformat()}
        response = await api.get("/v1/passthrough/timeoff/whosout", params=params, headers=linked.headers)
        assert response.status_code == 200
        assert "outs" in response.json()

    async def test_hibobs_errors_come_back_as_they_are(self, api: httpx.AsyncClient, linked: Linked):
        response = await api.get(
            "/v1/passthrough/timeoff/policies", params={"policyName": "Nope"}, headers=linked.headers
        )
        assert response.status_code == 404
        assert set(response.json()) == {"key", "error"}
        assert response.headers["bobhub-source"] == "hibob"  # HiBob's 404, not the API's

    async def test_a_post_with_a_json_body(self, api: httpx.AsyncClient, linked: Linked):
        employee = linked.employed()
        body = {
            "fields": ["root.firstName"],
            "filters": [{"fieldPath": "root.id", "operator": "equals", "values": [employee]}],
        }
        response = await api.post("/v1/passthrough/people/search", json=body, headers=linked.headers)
        assert response.status_code == 200
        [found] = response.json()["employees"]
        assert found["firstName"] == linked.company.employees[employee].values["root.firstName"]

    async def test_every_call_is_audited(self, api: httpx.AsyncClient, linked: Linked):
        await api.get(
            "/v1/passthrough/timeoff/policies", params={"policyName": "Nope"}, headers=linked.headers
        )
        [row] = (await api.get("/v1/audit-log", headers=linked.headers)).json()["results"]
        assert (row["action"], row["result"], row["target"]) == (
            "passthrough",
            "sent",
            "GET /v1/timeoff/policies",
        )
        assert row["detail"] == {"status_code": 404}
        assert row["request"]["requests"] == [
            {"method": "GET", "path": "/v1/timeoff/policies", "query": {"policyName": "Nope"}, "body": None}
        ]


class TestRules:
    async def test_writes_need_the_write_scope(
        self,
        api: httpx.AsyncClient,
        api_settings: Settings,
        make_key: MakeKey,
        sandbox: Sandbox,
        base_url: str,
        admin: httpx.Client,
    ):
        reader = await link_company(
            api, api_settings, make_key, sandbox, base_url, scopes=("read",), sync=False
        )
        assert (
            await api.get("/v1/passthrough/timeoff/policy-types", headers=reader.headers)
        ).status_code == 200
        before = write_calls(admin)
        for method in ("POST", "PUT", "PATCH", "DELETE"):
            response = await api.request(
                method, f"/v1/passthrough/people/{reader.employed()}", json={}, headers=reader.headers
            )
            assert response.status_code == 403, method
        assert write_calls(admin) == before

    async def test_paths_stay_under_hibobs_v1(
        self, api: httpx.AsyncClient, linked: Linked, admin: httpx.Client
    ):
        before = admin.get("/stats").json()["calls"]
        for path in (
            "people/%2e%2e/%2e%2e/_sandbox/stats",
            "%2F%2Fevil.example/v1/people",
            "http:%2F%2Fevil.example/v1/people",
            "people//search",
            "people/%2e",
        ):
            response = await api.get(f"/v1/passthrough/{path}", headers=linked.headers)
            assert response.status_code == 400, path
            assert response.json()["detail"].startswith("path: "), response.text
            assert "bobhub-source" not in response.headers
        assert admin.get("/stats").json()["calls"] == before

    async def test_a_body_that_is_not_json_is_400(self, api: httpx.AsyncClient, linked: Linked):
        response = await api.post("/v1/passthrough/people/search", content=b"{nope", headers=linked.headers)
        assert response.status_code == 400

    async def test_another_tenants_account_is_404(
        self, api: httpx.AsyncClient, linked: Linked, make_key: MakeKey
    ):
        stranger = {**bearer(await make_key()), "X-Account-Id": linked.account_id}
        response = await api.get("/v1/passthrough/company/named-lists", headers=stranger)
        assert response.status_code == 404
        assert "bobhub-source" not in response.headers
