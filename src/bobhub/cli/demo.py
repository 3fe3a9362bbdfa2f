"""`bobhub demo`: an embedded HiBob sandbox, its `partial` service user linked and synced, then the API."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from bobhub.api.accounts import service
from bobhub.api.keys.service import create_api_key, operator_principal
from bobhub.cli.accounts import JsonOption, cli_errors
from bobhub.cli.output import console, emit_json
from bobhub.cli.serve import AnnouncingServer
from bobhub.settings import Settings
from bobhub.store import Database, Vault
from bobhub.sync import run_sync
from bobhub.sync.progress import make_progress

if TYPE_CHECKING:  # the API app and the simulator are imported only when the demo runs
    from bobhub.sandbox.server import ThreadedSandbox
    from bobhub.sandbox.state import ServiceUser

DEMO_DIR = Path(".bobhub-demo")
DEMO_TENANT = "demo"
# Balance reads are one call per employee and policy type; a few dozen keep the first sync inside one
# of HiBob's rate windows (later syncs refresh the rest by priority).
DEMO_BALANCE_BUDGET = 40


async def link_demo_account(settings: Settings, sandbox_url: str, user: ServiceUser) -> tuple[str, str]:
    """A fresh API key for the demo tenant and the sandbox's `partial` service user linked to it."""
    database = Database(settings.database_url)
    try:
        await database.migrate()
        async with database.session() as session:
            _, api_key = await create_api_key(session, DEMO_TENANT, ["read", "write", "admin"])
            principal = await operator_principal(session, DEMO_TENANT)
            account = await service.link_account(
                session,
                Vault.from_settings(settings),
                principal,
                name=f"{user.company.name} (partial permissions)",
                service_user_id=user.id,
                token=user.token,
                base_url=sandbox_url,
            )
            await session.commit()
            return api_key, account.id
    finally:
        await database.dispose()


async def sync_demo_account(settings: Settings, account_id: str, bars: bool) -> dict[str, Any]:
    """The first sync of the demo account, with progress bars when a person watches."""
    database = Database(settings.database_url)
    vault = Vault.from_settings(settings)
    try:
        if not bars:
            return await run_sync(database, vault, account_id, balance_budget=DEMO_BALANCE_BUDGET)
        with make_progress() as progress:
            return await run_sync(
                database, vault, account_id, balance_budget=DEMO_BALANCE_BUDGET, progress=progress
            )
    finally:
        await database.dispose()


def announcer(
    url: str, api_key: str, account_id: str, sandbox: ThreadedSandbox, json_output: bool
) -> Callable[[], None]:
    def announce() -> None:
        say = partial(console.print, soft_wrap=True)  # keep keys and URLs on one line, copyable
        if json_output:
            emit_json({"url": url, "api_key": api_key, "account_id": account_id})
            return
        say(f"[bold]bobhub demo[/] is ready: hub page at [cyan]{url}/[/]  (API docs: {url}/docs)")
        say(f"  API key     {api_key}")
        say(f"  account id  {account_id}  (the sandbox's 'partial' service user)")
        hibob = sandbox.base_url
        say(f"  HiBob sandbox at {hibob}/v1 (its service users: {hibob}/_sandbox/service-users)")
        curl = f"curl -H 'Authorization: Bearer {api_key}' -H 'X-Account-Id: {account_id}'"
        say(f"  try: {curl} '{url}/v1/employees?page_size=5'")
        say(f"       {curl} {url}/v1/accounts/{account_id}/permissions")
        say("Ctrl-C to stop")

    return announce


def demo_command(
    port: Annotated[int, typer.Option(help="Port of the unified API and hub page.")] = 8000,
    employees: Annotated[int, typer.Option(help="Employees in the demo company.")] = 200,
    json_output: JsonOption = False,
) -> None:
    """Run a HiBob sandbox, link and sync its `partial` service user, and serve the API and hub page."""
    from bobhub.api.server import uvicorn_config
    from bobhub.sandbox.server import ThreadedSandbox
    from bobhub.sandbox.state import Sandbox

    with cli_errors():
        if employees < 1:
            raise ValueError("--employees must be at least 1")
        # A fresh demo every time: its own database and key file, away from a real installation's.
        shutil.rmtree(DEMO_DIR, ignore_errors=True)
        DEMO_DIR.mkdir()
        settings = Settings(database_url=f"sqlite+aiosqlite:///{DEMO_DIR / 'bobhub.db'}", secret_key=None)
        sandbox = Sandbox()
        sandbox.create_company(employees=employees, seed=1)
        hibob = ThreadedSandbox(sandbox).start()
        api_key, account_id = asyncio.run(
            link_demo_account(settings, hibob.base_url, sandbox.preset_user("partial"))
        )
        synced = asyncio.run(sync_demo_account(settings, account_id, bars=not json_output))
        if not json_output:
            console.print(f"first sync: {synced['status']}", highlight=False)
    url = f"http://127.0.0.1:{port}"
    announce = announcer(url, api_key, account_id, hibob, json_output)
    AnnouncingServer(uvicorn_config(settings, "127.0.0.1", port), announce).run()
    hibob.stop()
