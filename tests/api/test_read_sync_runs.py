"""/v1/sync-runs over real HTTP: runs newest first with their streams, paged, by id, scoped to the account."""

from __future__ import annotations

import httpx
import jsonschema

from bobhub.hibob import InMemoryBudget
from bobhub.settings import Settings
from bobhub.store import Database, Vault
from bobhub.sync import run_sync
from tests.api.conftest import SyncAccount

STREAM_KEYS = {
    *("name", "status", "records", "created", "updated", "deleted"),
    *("calls", "rate_limited", "duration_ms", "error"),
}


async def test_runs_newest_first_paged_and_by_id(
    api: httpx.AsyncClient, sync_account: SyncAccount, api_settings: Settings
):
    account = await sync_account("full")
    db = Database(api_settings.database_url)
    vault = Vault.from_settings(api_settings)
    second = await run_sync(db, vault, account.account_id, budget=InMemoryBudget(), balance_budget=5)
    await db.dispose()
    response = await api.get("/v1/sync-runs", headers=account.headers)
    assert response.status_code == 200
    page = response.json()
    document = (await api.get("/openapi.json")).json()
    jsonschema.validate(
        page, {"$ref": "#/components/schemas/SyncRunsPublic", "components": document["components"]}
    )
    runs = page["results"]
    assert page["next"] is None
    assert len(runs) == 2
    assert runs[0]["id"] == second["run_id"]
    assert runs[0]["started_at"] > runs[1]["started_at"]
    for run in runs:
        assert run["account_id"] == account.account_id
        assert run["status"] == "succeeded"
        assert run["finished_at"] is not None
        assert run["error"] is None
        assert {s["name"] for s in run["streams"]} >= {"people", "work_history", "documents"}
        assert all(set(s) == STREAM_KEYS for s in run["streams"])
    people = next(s for s in runs[1]["streams"] if s["name"] == "people")
    assert people["records"] == 60
    assert people["created"] == 60
    assert people["calls"] >= 1

    first_page = (await api.get("/v1/sync-runs", headers=account.headers, params={"page_size": 1})).json()
    assert [r["id"] for r in first_page["results"]] == [runs[0]["id"]]
    rest = await api.get("/v1/sync-runs", headers=account.headers, params={"cursor": first_page["next"]})
    assert [r["id"] for r in rest.json()["results"]] == [runs[1]["id"]]
    assert rest.json()["next"] is None

    one = await api.get(f"/v1/sync-runs/{runs[1]['id']}", headers=account.headers)
    assert one.json() == runs[1]
    future = await api.get("/v1/sync-runs", headers=account.headers, params={"modified_after": "2999-01-01"})
    assert future.json() == {"next": None, "results": []}


async def test_unknown_runs_and_parameters(api: httpx.AsyncClient, sync_account: SyncAccount):
    account = await sync_account("full")
    assert (await api.get("/v1/sync-runs/run_nope", headers=account.headers)).status_code == 404
    for params in ({"include_remote_data": "true"}, {"cursor": "WyJlbXBsb3llZXMiLCJ4Il0"}, {"page_size": 0}):
        response = await api.get("/v1/sync-runs", headers=account.headers, params=params)
        assert response.status_code == 400, params
