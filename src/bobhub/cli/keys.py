"""`bobhub api-key create`: a tenant's key to the unified API, printed once."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

import typer

from bobhub.api.keys.service import SCOPES, create_api_key
from bobhub.cli.accounts import JsonOption, cli_errors, open_database
from bobhub.cli.output import console, emit_json

api_key_app = typer.Typer(help="API keys of the unified API.", no_args_is_help=True)


async def _create(tenant: str, scopes: list[str]) -> dict[str, Any]:
    async with open_database() as db, db.session() as session:
        key, plaintext = await create_api_key(session, tenant, scopes)
        await session.commit()
        return {
            "id": key.id,
            "tenant": tenant.strip(),
            "prefix": key.prefix,
            "scopes": key.scopes,
            "created_at": key.created_at.isoformat(),
            "key": plaintext,
        }


@api_key_app.command("create")
def create_command(
    tenant: Annotated[str, typer.Option("--tenant", help="The tenant (created when new).")],
    scopes: Annotated[str, typer.Option("--scopes", help=f"Comma list of {', '.join(SCOPES)}.")] = ",".join(
        SCOPES
    ),
    json_output: JsonOption = False,
) -> None:
    """Create an API key for a tenant and print it once: only its hash is kept."""
    with cli_errors():
        created = asyncio.run(_create(tenant, scopes.split(",")))
    if json_output:
        emit_json(created)
        return
    console.print(
        f"API key {created['id']} for tenant {created['tenant']!r} (scopes {', '.join(created['scopes'])}):",
        highlight=False,
    )
    console.print(created["key"], highlight=False, soft_wrap=True)
    console.print("Keep it now: bobhub stores only its hash and cannot show it again.")
