"""Browser fixtures: Debian's Chromium driven by Playwright, on the API served over real HTTP."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, async_playwright

from tests.api.conftest import api, api_server, api_settings, link_body, make_key, sync_account  # noqa: F401

# `playwright install` cannot download browsers here: use the distribution's Chromium.
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# No background traffic: the page under test must be the only thing Chromium talks to.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    """Headless Chromium; a missing browser fails the run (browser tests are never skipped)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH"
        )
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield launched
        await launched.close()


@pytest.fixture
async def page(browser: Browser) -> AsyncIterator[Page]:
    """A fresh page (empty local storage); an uncaught script error fails the test."""
    # A fixed locale: the page formats numbers and dates the reader's way, and the tests read them back.
    context = await browser.new_context(viewport={"width": 1100, "height": 900}, locale="en-US")
    page = await context.new_page()
    page.set_default_timeout(15_000)
    script_errors: list[str] = []
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    yield page
    await context.close()
    assert script_errors == []


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
