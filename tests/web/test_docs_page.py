"""The API docs page renders from this server alone: a self-hosted install may have no internet."""

from __future__ import annotations

from playwright.async_api import Page, Route, expect

from bobhub.api.server import ThreadedServer


async def test_docs_render_every_domain_without_leaving_the_server(page: Page, api_server: ThreadedServer):
    elsewhere: list[str] = []

    async def only_here(route: Route) -> None:
        if route.request.url.startswith(api_server.base_url):
            await route.continue_()
        else:
            elsewhere.append(route.request.url)
            await route.abort()

    await page.route("**/*", only_here)
    await page.goto(f"{api_server.base_url}/docs")
    await expect(page.locator(".swagger-ui .info .title")).to_contain_text("bobhub")
    for tag in ("employees", "accounts", "webhooks"):
        await expect(page.locator(f'.opblock-tag[data-tag="{tag}"]')).to_be_visible()
    assert elsewhere == []
