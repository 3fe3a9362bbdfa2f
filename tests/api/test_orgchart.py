"""/v1/org-chart over real HTTP: the manager tree as JSON and CSV, from a root, as of a day, with loops."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import httpx
import jsonschema
import pytest

from bobhub import unified
from bobhub.settings import Settings
from bobhub.store import Database
from bobhub.store import records as store
from tests.api.conftest import SyncAccount, Synced

HEADER = "id,remote_id,display_name,job_title,department,work_email,manager_id,manager_remote_id,level"
API_ONLY = {"id", "created_at", "modified_at", "remote_was_deleted"}


@pytest.fixture(scope="module")
def synced_once() -> dict[str, Synced]:
    return {}


@pytest.fixture
async def full(sync_account: SyncAccount, synced_once: dict[str, Synced]) -> Synced:
    if "full" not in synced_once:
        synced_once["full"] = await sync_account("full")
    return synced_once["full"]


async def chart(api: httpx.AsyncClient, account: Synced, **params: str) -> httpx.Response:
    response = await api.get("/v1/org-chart", headers=account.headers, params=params)
    assert response.status_code == 200, response.text
    return response


async def employees(api: httpx.AsyncClient, account: Synced) -> dict[str, dict[str, Any]]:
    response = await api.get("/v1/employees", headers=account.headers, params={"page_size": 200})
    return {e["remote_id"]: e for e in response.json()["results"]}


def walk(nodes: list[dict[str, Any]], level: int = 0) -> Iterator[tuple[dict[str, Any], int]]:
    for node in nodes:
        yield node, level
        yield from walk(node["reports"], level + 1)


async def test_json_tree_holds_everyone_employed_once_under_their_manager(
    api: httpx.AsyncClient, full: Synced
):
    people = await employees(api, full)
    body = (await chart(api, full)).json()
    document = (await api.get("/openapi.json")).json()
    jsonschema.validate(
        body, {"$ref": "#/components/schemas/OrgChartPublic", "components": document["components"]}
    )
    assert body["as_of"] is None
    assert body["root"] is None
    placed = list(walk(body["nodes"]))
    employed = {e["id"] for e in people.values() if e["employment_status"]["value"] != "terminated"}
    assert sorted(node["id"] for node, _ in placed) == sorted(employed)
    by_id = {e["id"]: e for e in people.values()}
    for node, _ in placed:
        person = by_id[node["id"]]
        for name in ("display_name", "job_title", "work_email"):
            assert node[name] == person[name]
        for report in node["reports"]:
            assert report["manager_id"] == node["id"]
            assert by_id[report["id"]]["manager_remote_id"] == node["remote_id"]
    for top in body["nodes"]:
        manager = people.get(by_id[top["id"]]["manager_remote_id"] or "")
        assert manager is None or manager["id"] not in employed
    assert len(body["nodes"]) < len(employed) / 2


async def test_csv_by_format_or_accept_lists_the_same_tree_depth_first(api: httpx.AsyncClient, full: Synced):
    placed = list(walk((await chart(api, full)).json()["nodes"]))
    by_format = await chart(api, full, format="csv")
    assert by_format.headers["content-type"].startswith("text/csv")
    response = await api.get("/v1/org-chart", headers={**full.headers, "Accept": "text/csv"})
    assert response.text == by_format.text
    rows = list(csv.reader(io.StringIO(by_format.text)))
    assert by_format.text.splitlines()[0] == HEADER
    assert [(r[0], int(r[8])) for r in rows[1:]] == [(node["id"], level) for node, level in placed]
    assert [r[6] for r in rows[1:]] == [node["manager_id"] or "" for node, _ in placed]
    json_again = await api.get(
        "/v1/org-chart", headers={**full.headers, "Accept": "text/csv"}, params={"format": "json"}
    )
    assert json_again.headers["content-type"] == "application/json"


async def test_root_gives_only_that_tree(api: httpx.AsyncClient, full: Synced):
    whole = list(walk((await chart(api, full)).json()["nodes"]))
    manager = next(node for node, level in whole if level == 1 and node["reports"])
    for ident in (manager["id"], manager["remote_id"]):
        body = (await chart(api, full, root=ident)).json()
        assert body["root"] == manager["id"]
        assert [n["id"] for n, _ in walk(body["nodes"])] == [n["id"] for n, _ in walk([manager])]
    missing = await api.get("/v1/org-chart", headers=full.headers, params={"root": "nobody"})
    assert missing.status_code == 404


async def test_as_of_uses_the_work_row_in_effect_that_day(api: httpx.AsyncClient, full: Synced):
    day = "2024-01-15"
    body = (await chart(api, full, as_of=day)).json()
    assert body["as_of"] == day
    placed = {node["remote_id"]: node for node, _ in walk(body["nodes"])}
    people = await employees(api, full)
    for remote_id, person in people.items():
        started = (person["start_date"] or "") <= day
        still = not person["termination_date"] or person["termination_date"] >= day
        assert (remote_id in placed) == (started and still), remote_id
    for remote_id, node in placed.items():
        then = await api.get(
            f"/v1/employees/{remote_id}/history", headers=full.headers, params={"as_of": day}
        )
        rows = then.json()["work"]
        expected = rows[0]["manager_remote_id"] if rows else None
        manager = placed.get(expected or "")
        assert node["manager_id"] == (manager["id"] if manager else None), remote_id


async def test_loops_of_managers_end_with_everyone_placed_once(
    api: httpx.AsyncClient, sync_account: SyncAccount, api_settings: Settings
):
    account = await sync_account("full")
    people = await employees(api, account)
    active = [p for p in people.values() if p["employment_status"]["value"] == "active"]
    a, b, c = active[:3]
    # a → b → c → a: a loop of managers, as HiBob data may hold in the middle of a reorganisation.
    changed = [
        unified.Employee(**{**{k: v for k, v in who.items() if k not in API_ONLY}, "manager_remote_id": boss})
        for who, boss in ((a, b["remote_id"]), (b, c["remote_id"]), (c, a["remote_id"]))
    ]
    db = Database(api_settings.database_url)
    async with db.session() as session:
        await store.upsert_records(session, account.account_id, "employees", changed)
        await session.commit()
    await db.dispose()
    body = (await chart(api, account)).json()
    placed = list(walk(body["nodes"]))
    ids = [node["id"] for node, _ in placed]
    assert len(ids) == len(set(ids))
    assert {a["id"], b["id"], c["id"]} <= set(ids)
    tops = {node["id"] for node in body["nodes"]}
    assert len(tops & {a["id"], b["id"], c["id"]}) == 1
    rooted = (await chart(api, account, root=a["id"])).json()
    assert {a["id"], b["id"], c["id"]} <= {n["id"] for n, _ in walk(rooted["nodes"])}
    assert (await chart(api, account, format="csv")).text.count("\n") == len(ids) + 1


@pytest.mark.parametrize("params", [{"as_of": "someday"}, {"format": "xml"}, {"levels": "2"}])
async def test_bad_parameters_are_400(api: httpx.AsyncClient, full: Synced, params: dict[str, str]):
    response = await api.get("/v1/org-chart", headers=full.headers, params=params)
    assert response.status_code == 400
