"""The hub page in a real browser: paste a key, link a sandbox service user, read the checklist."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
from playwright.async_api import Page, expect

from bobhub.api.server import ThreadedServer
from bobhub.sandbox.state import ServiceUser
from tests.api.conftest import LinkBody, MakeKey, bearer

PERSONAL = "View selected employees' Personal sections"


async def use_key(page: Page, server: ThreadedServer, key: str) -> None:
    await page.goto(f"{server.base_url}/")
    await page.get_by_label("bobhub API key", exact=True).fill(key)
    await page.get_by_role("button", name="Use this key").click()
    await expect(page.locator("#key-status")).to_have_text("Key saved in this browser.")


async def fill_link_form(page: Page, su: ServiceUser, base_url: str, token: str | None = None) -> None:
    await page.get_by_label("Name", exact=True).fill(f"Acme ({su.preset})")
    await page.get_by_label("Service User ID", exact=True).fill(su.id)
    await page.get_by_label("Token", exact=True).fill(token if token is not None else su.token)
    await page.get_by_label("Base URL (optional)", exact=True).fill(base_url)
    await page.get_by_role("button", name="Link and check permissions").click()


async def stored(server: ThreadedServer, key: str) -> list[dict[str, object]]:
    async with httpx.AsyncClient(base_url=server.base_url) as client:
        response = await client.get("/v1/accounts", headers=bearer(key))
    assert response.status_code == 200
    results: list[dict[str, object]] = response.json()["results"]
    return results


class TestHubPage:
    async def test_linking_partial_shows_what_is_missing(
        self,
        page: Page,
        api_server: ThreadedServer,
        make_key: MakeKey,
        user: Callable[[str], ServiceUser],
        base_url: str,
        artifacts: Path,
    ):
        key = await make_key()
        await use_key(page, api_server, key)
        await expect(page.locator("#accounts-empty")).to_be_visible()
        await fill_link_form(page, user("partial"), base_url)

        personal = page.locator(f'#checklist li[data-permission="{PERSONAL}"]')
        await expect(personal).to_have_attribute("data-status", "missing")
        await expect(personal.locator(".check-status")).to_have_text("missing")
        await expect(personal.locator(".fix")).to_contain_text("Settings > Account > Permissions groups")
        await expect(personal.locator(".fix")).to_contain_text(PERSONAL)
        await expect(personal.locator(".unlocks")).to_contain_text("Left empty without it:")
        basic = page.locator('#checklist li[data-permission="View selected employees\' Basic info sections"]')
        await expect(basic).to_have_attribute("data-status", "granted")
        await expect(page.locator('#checklist .tab[data-tab="People\'s data"]')).to_be_visible()
        await expect(page.locator("#audience-warnings")).to_contain_text("Terminated")
        await expect(page.locator("#audience-counts tr[data-lifecycle='Employed'] td")).not_to_have_text("0")

        row = page.locator("#accounts-body tr")
        await expect(row).to_have_count(1)
        await expect(row.locator(".account-status")).to_have_text("needs attention")
        assert await page.get_by_label("Token", exact=True).input_value() == ""
        await page.screenshot(path=str(artifacts / "hub-page.png"), full_page=True)

    async def test_a_wrong_token_shows_a_clear_error_and_stores_nothing(
        self,
        page: Page,
        api_server: ThreadedServer,
        make_key: MakeKey,
        user: Callable[[str], ServiceUser],
        base_url: str,
    ):
        key = await make_key()
        await use_key(page, api_server, key)
        await fill_link_form(page, user("full"), base_url, token="wrong-token")
        error = page.locator("#link-error")
        await expect(error).to_be_visible()
        await expect(error).to_contain_text("HiBob refused the Service User ID or Token. Nothing was stored.")
        await expect(page.locator("#report")).to_be_hidden()
        await expect(page.locator("#accounts-empty")).to_be_visible()
        assert await stored(api_server, key) == []

    async def test_any_account_report_opens_from_the_list_and_refreshes(
        self,
        page: Page,
        api_server: ThreadedServer,
        make_key: MakeKey,
        link_body: LinkBody,
    ):
        key = await make_key()
        async with httpx.AsyncClient(base_url=api_server.base_url, timeout=60) as client:
            for preset in ("full", "activtrak"):
                response = await client.post("/v1/accounts", json=link_body(preset), headers=bearer(key))
                assert response.status_code == 201
        await use_key(page, api_server, key)
        await expect(page.locator("#accounts-body tr")).to_have_count(2)
        await expect(page.locator("#report")).to_be_hidden()

        await page.get_by_role("button", name="Open the report of activtrak company").click()
        await expect(page.locator("#report-title")).to_have_text("Permission report: activtrak company")
        await expect(page.locator(f'#checklist li[data-permission="{PERSONAL}"]')).to_have_attribute(
            "data-status", "missing"
        )
        async with page.expect_response(lambda r: "refresh=true" in r.url) as refreshed:
            await page.get_by_role("button", name="Check again").click()
        assert (await refreshed.value).status == 200
        await expect(page.locator("#report-error")).to_be_hidden()
        await expect(page.locator("#report-title")).to_have_text("Permission report: activtrak company")
