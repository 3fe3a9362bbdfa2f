"""`bobhub serve`: the unified REST API and the hub page, announced once they listen."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable
from typing import Annotated

import typer
import uvicorn

from bobhub.cli.accounts import JsonOption, cli_errors
from bobhub.cli.output import console, emit_json
from bobhub.settings import Settings, get_settings
from bobhub.store import Database, Vault


class AnnouncingServer(uvicorn.Server):
    """A uvicorn server that calls `announce` once the socket listens, so a printed URL works at once."""

    def __init__(self, config: uvicorn.Config, announce: Callable[[], None]) -> None:
        super().__init__(config)
        self.announce = announce

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started:
            self.announce()


async def preflight(settings: Settings) -> None:
    """Open the key and migrate the database first: a bad setting is one line here, not a traceback."""
    Vault.from_settings(settings)
    database = Database(settings.database_url)
    try:
        await database.migrate()
    finally:
        await database.dispose()


def announcer(url: str, json_output: bool) -> Callable[[], None]:
    def announce() -> None:
        if json_output:
            emit_json({"url": url, "docs": f"{url}/docs", "openapi": f"{url}/openapi.json"})
            return
        console.print(f"[bold]bobhub[/] hub page at [cyan]{url}/[/], API at {url}/v1, docs at {url}/docs")
        console.print("Get an API key with `bobhub api-key create --tenant NAME`  ·  Ctrl-C to stop")

    return announce


def serve_command(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    json_output: JsonOption = False,
) -> None:
    """Serve the unified REST API (/v1, docs at /docs) and the hub page (/)."""
    with cli_errors():
        settings = get_settings()
        asyncio.run(preflight(settings))
    from bobhub.api.server import uvicorn_config  # the API's import is paid only by the commands serving it

    url = f"http://{host}:{port}"
    AnnouncingServer(uvicorn_config(settings, host, port), announcer(url, json_output)).run()
