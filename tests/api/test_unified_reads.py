"""The unified read API over a synced sandbox account: paging, filters, expansion, history, org chart."""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx

from bobhub.sandbox.state import Sandbox
from tests.api.conftest import SyncAccount, Synced


async def every_page(
    api: httpx.AsyncClient, synced: Synced, path: str, **params: Any
) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        response = await api.get(path, params=query, headers=synced.headers)
        assert response.status_code == 200, response.text
        body = response.json()
        found.extend(body["results"])
        cursor = body["next"]
        if cursor is None:
            return found


def visible_employee_ids(sandbox: Sandbox, *, with_terminated: bool) -> set[str]:
    company = next(iter(sandbox.companies.values()))
    return {e.id for e in company.employees.values() if with_terminated or e.lifecycle_status != "terminated"}


class TestEmployees:
    async def test_paging_returns_every_visible_employee_once(
        self, api: httpx.AsyncClient, sync_account: SyncAccount, sandbox: Sandbox
    ) -> None:
        synced = await sync_account("full")
        rows = await every_page(api, synced, "/v1/employees", page_size=7)
        ids = [r["id"] for r in rows]
        assert len(ids) == len(set(ids))
        assert {r["remote_id"] for r in rows} == visible_employee_ids(sandbox, with_terminated=True)
        first = rows[0]
        for key in ("id", "remote_id", "created_at", "modified_at", "remote_was_deleted", "hidden_fields"):
            assert key in first
        assert "remote_data" not in first

    async def test_bad_page_size_and_cursor_are_400(
        self, api: httpx.AsyncClient, sync_account: SyncAccount
    ) -> None:
        synced = await sync_account("full")
        for params in ({"page_size": 0}, {"page_size": 201}, {"cursor": "not-a-cursor"}):
            response = await api.get("/v1/employees", params=params, headers=synced.headers)
            assert response.status_code == 400, params
            assert set(response.json()) == {"error", "detail"}

    async def test_partial_preset_hides_personal_fields_and_terminated_people(
        self, api: httpx.AsyncClient, sync_account: SyncAccount, sandbox: Sandbox
    ) -> None:
        synced = await sync_account("partial")
        rows = await every_page(api, synced, "/v1/employees", page_size=200)
        assert {r["remote_id"] for r in rows} == visible_employee_ids(sandbox, with_terminated=False)
        assert all("date_of_birth" in r["hidden_fields"] for r in rows)
        assert all(r["date_of_birth"] is None for r in rows)

    async def test_filters_and_expand(self, api: httpx.AsyncClient, sync_account: SyncAccount) -> None:
        synced = await sync_account("full")
        everyone = await every_page(api, synced, "/v1/employees", page_size=200)
        terminated = await every_page(
            api, synced, "/v1/employees", page_size=200, employment_status="terminated"
        )
        expected = [e["id"] for e in everyone if (e["employment_status"] or {}).get("value") == "terminated"]
        assert terminated
        assert sorted(e["id"] for e in terminated) == sorted(expected)

        someone = next(e for e in everyone if e["work_email"] and e["manager_remote_id"])
        by_email = await every_page(api, synced, "/v1/employees", email=someone["work_email"].upper())
        assert [e["id"] for e in by_email] == [someone["id"]]

        expanded = await every_page(
            api, synced, "/v1/employees", email=someone["work_email"], expand="manager"
        )
        manager = expanded[0]["manager"]
        assert manager["remote_id"] == someone["manager_remote_id"]

        unknown = await api.get("/v1/employees", params={"expand": "salary"}, headers=synced.headers)
        assert unknown.status_code == 400

    async def test_modified_after_and_remote_data(
        self, api: httpx.AsyncClient, sync_account: SyncAccount
    ) -> None:
        synced = await sync_account("full")
        everyone = await every_page(api, synced, "/v1/employees", page_size=200)
        # modified_after is inclusive: a client passing the newest modified_at it saw misses nothing
        # written later at that same instant (one sync run stamps all its rows alike).
        latest = max(e["modified_at"] for e in everyone)
        at_latest = await every_page(api, synced, "/v1/employees", modified_after=latest)
        assert sorted(e["id"] for e in at_latest) == sorted(
            e["id"] for e in everyone if e["modified_at"] == latest
        )
        after = await every_page(api, synced, "/v1/employees", modified_after="2999-01-01T00:00:00Z")
        assert after == []
        one = await api.get(
            f"/v1/employees/{everyone[0]['id']}",
            params={"include_remote_data": "true"},
            headers=synced.headers,
        )
        assert one.status_code == 200
        assert one.json()["remote_data"]
        by_remote = await api.get(f"/v1/employees/{everyone[0]['remote_id']}", headers=synced.headers)
        assert by_remote.json()["id"] == everyone[0]["id"]


class TestHistoryAndOrgChart:
    async def test_history_as_of_keeps_rows_in_effect(
        self, api: httpx.AsyncClient, sync_account: SyncAccount
    ) -> None:
        synced = await sync_account("full")
        everyone = await every_page(api, synced, "/v1/employees", page_size=200)
        employee = everyone[0]["id"]
        full = (await api.get(f"/v1/employees/{employee}/history", headers=synced.headers)).json()
        assert full["work"], "every employee has at least one work row"
        first = min(r["effective_date"] for r in full["work"])
        as_of = await api.get(
            f"/v1/employees/{employee}/history", params={"as_of": first}, headers=synced.headers
        )
        rows = as_of.json()["work"]
        assert [r["effective_date"] for r in rows] == [first]
        before = await api.get(
            f"/v1/employees/{employee}/history", params={"as_of": "1900-01-01"}, headers=synced.headers
        )
        assert before.json()["work"] == []

    async def test_org_chart_json_and_csv_agree(
        self, api: httpx.AsyncClient, sync_account: SyncAccount
    ) -> None:
        synced = await sync_account("full")
        chart = (await api.get("/v1/org-chart", headers=synced.headers)).json()

        def count(nodes: list[dict[str, Any]]) -> int:
            return sum(1 + count(n["reports"]) for n in nodes)

        people = count(chart["nodes"])
        assert people > 1
        response = await api.get("/v1/org-chart", params={"format": "csv"}, headers=synced.headers)
        assert response.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert len(rows) == people
        root = chart["nodes"][0]
        rooted = (await api.get("/v1/org-chart", params={"root": root["id"]}, headers=synced.headers)).json()
        assert count(rooted["nodes"]) == 1 + count(root["reports"])


class TestSyncRunsAndIsolation:
    async def test_sync_runs_list_the_first_sync(
        self, api: httpx.AsyncClient, sync_account: SyncAccount
    ) -> None:
        synced = await sync_account("full")
        runs = await every_page(api, synced, "/v1/sync-runs")
        assert [r["status"] for r in runs] == ["succeeded"]
        assert {s["name"] for s in runs[0]["streams"]} >= {"people", "documents"}

    async def test_another_tenants_account_and_records_are_404(
        self, api: httpx.AsyncClient, sync_account: SyncAccount
    ) -> None:
        mine, theirs = await sync_account("full"), await sync_account("full", scopes=("read",))
        employee = (await every_page(api, mine, "/v1/employees", page_size=1))[0]["id"]
        wrong_account = {**theirs.headers, "X-Account-Id": mine.account_id}
        assert (await api.get("/v1/employees", headers=wrong_account)).status_code == 404
        assert (await api.get(f"/v1/employees/{employee}", headers=theirs.headers)).status_code == 404
