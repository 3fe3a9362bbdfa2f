"""The hub page's synced-data card in a real browser: an account's sync runs and its org chart (and CSV)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
from playwright.async_api import Locator, Page, expect

from bobhub.api.server import ThreadedServer
from bobhub.hibob import InMemoryBudget
from bobhub.hibob.transport import RetryPolicy
from bobhub.sandbox.state import Sandbox, ServiceUser
from bobhub.settings import Settings
from bobhub.store import Database, Vault
from bobhub.sync import run_sync
from tests.api.conftest import LinkBody, SyncAccount
from tests.web.test_hub_page import use_key

CSV_COLUMNS = "id,remote_id,display_name,job_title,department,work_email,manager_id,manager_remote_id,level"
# HiBob's named lists feed the groups and locations streams: failing them fails a run without slowing it.
NAMED_LISTS = "/v1/company/named-lists"


def walk(nodes: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for node in nodes:
        yield node
        yield from walk(node["reports"])


async def get(api: httpx.AsyncClient, path: str, headers: dict[str, str]) -> Any:
    response = await api.get(path, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def sync_again(settings: Settings, account_id: str) -> dict[str, Any]:
    """One more sync of the account, with no retries so that an injected fault fails its stream at once."""
    database = Database(settings.database_url)
    try:
        return await run_sync(
            database,
            Vault.from_settings(settings),
            account_id,
            budget=InMemoryBudget(),
            balance_budget=20,
            retry=RetryPolicy(attempts=1),
        )
    finally:
        await database.dispose()


def stream_row(detail: Locator, name: str) -> Locator:
    return detail.locator(f'tr.stream[data-stream="{name}"]')


class TestSyncRuns:
    async def test_runs_show_status_totals_and_streams(
        self,
        page: Page,
        api_server: ThreadedServer,
        api: httpx.AsyncClient,
        sync_account: SyncAccount,
        artifacts: Path,
        sandbox: Sandbox,
    ):
        synced = await sync_account("full")
        # The full preset sees everyone; other tests' write-back may have hired into the shared company.
        people = len(next(iter(sandbox.companies.values())).employees)
        [run] = (await get(api, "/v1/sync-runs", synced.headers))["results"]
        await use_key(page, api_server, synced.key)

        row = page.locator("#runs-body tr.run")
        await expect(row).to_have_count(1)
        await expect(row.locator(".run-kind")).to_have_text(run["kind"])
        await expect(row.locator(".run-status")).to_have_text("succeeded")
        records = sum(stream["records"] for stream in run["streams"])
        await expect(row.locator(".run-records")).to_have_text(f"{records:,}")
        calls = sum(stream["calls"] for stream in run["streams"])
        await expect(row.locator(".run-calls")).to_have_text(f"{calls:,}")
        await expect(row.locator(".run-rate-limited")).to_have_text("0")

        detail = page.locator(f"#run-detail-{run['id']}")
        await expect(detail).to_be_hidden()
        await row.locator(".run-started").click()
        await expect(detail).to_be_visible()
        await expect(detail.locator("tr.stream")).to_have_count(len(run["streams"]))
        for stream in run["streams"]:
            cells = stream_row(detail, stream["name"])
            await expect(cells.locator(".stream-status")).to_have_text(stream["status"])
            await expect(cells.locator(".stream-records")).to_have_text(f"{stream['records']:,}")
        await expect(stream_row(detail, "people").locator(".stream-records")).to_have_text(f"{people:,}")
        await expect(detail.locator("tr.stream-error")).to_have_count(0)
        await page.locator("#data").screenshot(path=str(artifacts / "hub-sync-runs.png"))

        # The keyboard reaches the same streams through the row's button.
        toggle = page.get_by_role("button", name=re.compile(f"^Streams of the {run['kind']} run started"))
        await expect(toggle).to_have_attribute("aria-expanded", "true")
        await toggle.focus()
        await page.keyboard.press("Enter")
        await expect(toggle).to_have_attribute("aria-expanded", "false")
        await expect(detail).to_be_hidden()

    async def test_refresh_shows_a_failed_run_and_its_stream_errors(
        self,
        page: Page,
        api_server: ThreadedServer,
        api_settings: Settings,
        sync_account: SyncAccount,
        sandbox: Sandbox,
        user: Callable[[str], ServiceUser],
    ):
        synced = await sync_account("full")
        await use_key(page, api_server, synced.key)
        await expect(page.locator("#runs-body tr.run")).to_have_count(1)

        sandbox.faults.add("http_500", user=user("full").id, path=NAMED_LISTS)
        result = await sync_again(api_settings, synced.account_id)
        assert result["status"] == "failed", result
        await page.get_by_role("button", name="Refresh sync runs").click()

        rows = page.locator("#runs-body tr.run")
        await expect(rows).to_have_count(2)
        newest = rows.first
        await expect(newest).to_have_attribute("data-run-id", result["run_id"])
        await expect(newest.locator(".run-status")).to_have_text("failed")
        await expect(rows.nth(1).locator(".run-status")).to_have_text("succeeded")
        await newest.click()
        detail = page.locator(f"#run-detail-{result['run_id']}")
        await expect(detail.locator(".run-error")).to_contain_text("Error: groups:")
        await expect(stream_row(detail, "groups").locator(".stream-status")).to_have_text("failed")
        await expect(detail.locator('tr.stream-error[data-stream="groups"]')).to_contain_text(
            "groups failed: "
        )
        await expect(detail.locator('tr.stream-error[data-stream="groups"]')).to_contain_text("500")
        await expect(stream_row(detail, "work_history").locator(".stream-status")).to_have_text("succeeded")


class TestOrgChart:
    async def test_the_chart_shows_everyone_roots_and_downloads_csv(
        self,
        page: Page,
        api_server: ThreadedServer,
        api: httpx.AsyncClient,
        sync_account: SyncAccount,
        sandbox: Sandbox,
        artifacts: Path,
    ):
        synced = await sync_account("full")
        chart = await get(api, "/v1/org-chart", synced.headers)
        people = list(walk(chart["nodes"]))
        # The "full" service user sees everyone; the chart holds everyone not terminated.
        company = next(iter(sandbox.companies.values()))
        assert len(people) == sum(e.lifecycle_status != "terminated" for e in company.employees.values())
        await use_key(page, api_server, synced.key)

        tree = page.locator("#org-tree")
        await expect(tree.locator("li.org-node")).to_have_count(len(people))
        await expect(tree.locator(":scope > li")).to_have_count(len(chart["nodes"]))
        await expect(page.locator("#org-status")).to_contain_text(f"{len(people)} people")
        boss = max(people, key=lambda node: len(list(walk(node["reports"]))))
        card = tree.locator(f'li[data-id="{boss["id"]}"] > details > summary')
        await expect(card.locator(".org-name")).to_have_text(boss["display_name"])
        await expect(card.locator(".org-title")).to_have_text(boss["job_title"])
        await expect(card.locator(".org-reports")).to_contain_text(str(len(boss["reports"])))
        await page.locator("#data").screenshot(path=str(artifacts / "hub-org-chart.png"))

        team = list(walk([boss]))
        await page.get_by_label("Root at").fill(f"{boss['display_name']} <{boss['work_email']}>")
        async with page.expect_response(lambda r: f"root={boss['id']}" in r.url) as rooted:
            await page.get_by_role("button", name="Show chart").click()
        assert (await rooted.value).status == 200
        await expect(tree.locator("li.org-node")).to_have_count(len(team))
        await expect(page.locator("#org-status")).to_contain_text(f"in {boss['display_name']}'s branch")

        async with page.expect_download() as download_info:
            await page.get_by_role("button", name="Download CSV").click()
        download = await download_info.value
        assert download.suggested_filename.endswith(".csv")
        text = Path(await download.path()).read_text(encoding="utf-8")
        assert text.splitlines()[0] == CSV_COLUMNS
        rows = list(csv.DictReader(io.StringIO(text)))
        assert sorted(row["id"] for row in rows) == sorted(node["id"] for node in team)
        await expect(page.locator("#org-csv-status")).to_contain_text("Downloaded")

    async def test_search_marks_matches_and_keeps_their_managers(
        self, page: Page, api_server: ThreadedServer, api: httpx.AsyncClient, sync_account: SyncAccount
    ):
        synced = await sync_account("full")
        chart = await get(api, "/v1/org-chart", synced.headers)
        deepest = max(walk(chart["nodes"]), key=lambda node: chain_length(chart["nodes"], node["id"]))
        await use_key(page, api_server, synced.key)
        tree = page.locator("#org-tree")
        await expect(tree.locator("li.org-node")).to_have_count(len(list(walk(chart["nodes"]))))

        await page.get_by_label("Find in the chart").fill(deepest["work_email"])
        await expect(page.locator("#org-search-status")).to_have_text("1 person matches.")
        match = tree.locator("li.match")
        await expect(match).to_have_attribute("data-id", deepest["id"])
        await expect(match.locator(".org-name").first).to_be_visible()
        visible = tree.locator("li.org-node:visible")
        await expect(visible).to_have_count(chain_length(chart["nodes"], deepest["id"]))

        await page.get_by_label("Find in the chart").fill("")
        await expect(page.locator("#org-search-status")).to_have_text("")
        await expect(tree.locator("li.match")).to_have_count(0)

        day = dt.date.today().isoformat()
        on_day = await get(api, f"/v1/org-chart?as_of={day}", synced.headers)
        await page.get_by_label("As of (optional)").fill(day)
        async with page.expect_response(lambda r: f"as_of={day}" in r.url) as dated:
            await page.get_by_role("button", name="Show chart").click()
        assert (await dated.value).status == 200
        await expect(page.locator("#org-status")).to_contain_text(f"on {day}")
        await expect(tree.locator("li.org-node")).to_have_count(len(list(walk(on_day["nodes"]))))


def chain_length(nodes: list[dict[str, Any]], target: str) -> int:
    """How many people from the top of the chart down to `target`, both included (0 when absent)."""
    for node in nodes:
        if node["id"] == target:
            return 1
        below = chain_length(node["reports"], target)
        if below:
            return below + 1
    return 0


class TestAccountsAndErrors:
    async def test_switching_accounts_and_errors_in_words(
        self,
        page: Page,
        api_server: ThreadedServer,
        api: httpx.AsyncClient,
        sync_account: SyncAccount,
        link_body: LinkBody,
        user: Callable[[str], ServiceUser],
    ):
        synced = await sync_account("full")
        linked = await api.post("/v1/accounts", json=link_body("partial"), headers=synced.headers)
        assert linked.status_code == 201, linked.text
        await use_key(page, api_server, synced.key)
        await expect(page.locator("#accounts-body tr")).to_have_count(2)
        await expect(page.locator("#runs-body tr.run")).to_have_count(1)

        picker = page.get_by_label("Account", exact=True)
        await picker.select_option(label="partial company")
        await expect(page.locator("#runs-empty")).to_be_visible()
        await expect(page.locator("#runs-table")).to_be_hidden()
        await expect(page.locator("#org-empty")).to_be_visible()
        await expect(page.locator("#org-tree li")).to_have_count(0)

        await picker.select_option(label="full company")
        await expect(page.locator("#runs-body tr.run")).to_have_count(1)
        await page.get_by_label("Root at").fill("Nobody Anywhere")
        await page.get_by_role("button", name="Show chart").click()
        error = page.locator("#org-error")
        await expect(error).to_be_visible()
        await expect(error).to_contain_text("No one in this account's org chart is called “Nobody Anywhere”.")

        html = await page.content()
        assert user("full").token not in html
        assert user("partial").token not in html
        assert synced.key not in html
