"""/v1/audit-log over real HTTP: every write attempt recorded, newest first, paginated, per tenant."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from bobhub.sandbox.state import Sandbox
from bobhub.settings import Settings
from tests.api.conftest import MakeKey, bearer
from tests.writeback.companies import Linked, link_company

KEYS = {"id", "created_at", "api_key_id", "account_id", "action", "target", "request", "result", "detail"}


@pytest.fixture
async def linked(
    api: httpx.AsyncClient, api_settings: Settings, make_key: MakeKey, sandbox: Sandbox, base_url: str
) -> Linked:
    linked = await link_company(api, api_settings, make_key, sandbox, base_url)
    employee = f"/v1/employees/{linked.employed()}"
    for path, body in (
        (f"{employee}?dry_run=true", {"first_name": "Dry"}),  # dry_run
        (employee, {"first_name": "Real"}),  # verified
        (employee, {"department": "Nowhere", "effective_date": "2026-01-01"}),  # failed: bad input
    ):
        response = await api.patch(path, json=body, headers=linked.headers)
        assert response.status_code in (200, 400), response.text
    return linked


async def log(api: httpx.AsyncClient, headers: dict[str, str], **params: Any) -> httpx.Response:
    return await api.get("/v1/audit-log", params=params, headers=headers)


class TestAuditLog:
    async def test_every_attempt_newest_first(self, api: httpx.AsyncClient, linked: Linked):
        response = await log(api, linked.headers)
        assert response.status_code == 200
        page = response.json()
        assert page["next"] is None
        rows = page["results"]
        assert [r["result"] for r in rows] == ["failed", "verified", "dry_run"]
        assert all(set(r) == KEYS for r in rows)
        assert {r["action"] for r in rows} == {"employees.update"}
        assert {r["account_id"] for r in rows} == {linked.account_id}
        assert rows[0]["detail"]["error"].startswith("department: 'Nowhere'")
        assert rows[1]["request"]["requests"][0]["body"] == {"firstName": "Real"}
        assert rows[1]["api_key_id"].startswith("key_")
        assert [r["created_at"] for r in rows] == sorted((r["created_at"] for r in rows), reverse=True)

    async def test_pages_with_a_cursor(self, api: httpx.AsyncClient, linked: Linked):
        seen, cursor = [], None
        while True:
            params = {"page_size": 1, **({"cursor": cursor} if cursor else {})}
            page = (await log(api, linked.headers, **params)).json()
            seen += [r["result"] for r in page["results"]]
            cursor = page["next"]
            if cursor is None:
                break
        assert seen == ["failed", "verified", "dry_run"]

    async def test_filters_by_action_and_account(self, api: httpx.AsyncClient, linked: Linked):
        assert (await log(api, linked.headers, action="employees.create")).json()["results"] == []
        rows = (await log(api, linked.headers, account_id=linked.account_id)).json()["results"]
        assert len(rows) == 3
        assert (await log(api, linked.headers, account_id="acc_other")).json()["results"] == []

    async def test_another_tenant_sees_none_of_it(
        self, api: httpx.AsyncClient, linked: Linked, make_key: MakeKey
    ):
        stranger = bearer(await make_key(("read",)))
        assert (await log(api, stranger)).json()["results"] == []
        assert (await log(api, stranger, account_id=linked.account_id)).json()["results"] == []

    async def test_no_token_is_kept(self, api: httpx.AsyncClient, linked: Linked):
        response = await log(api, linked.headers)
        assert linked.user.token not in response.text
        assert linked.key not in response.text

    @pytest.mark.parametrize("params", [{"cursor": "nonsense"}, {"page_size": 0}, {"page_size": 201}])
    async def test_bad_parameters_are_400(
        self, api: httpx.AsyncClient, make_key: MakeKey, params: dict[str, Any]
    ):
        response = await log(api, bearer(await make_key(("read",))), **params)
        assert response.status_code == 400
        assert response.json()["error"] == "BadRequest"
