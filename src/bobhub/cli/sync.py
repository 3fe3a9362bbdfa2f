"""`bobhub sync` and `bobhub export`: copy a linked account into the store, and write its records out.

Both act for one tenant (`--tenant`, default `default`) on the database of BOBHUB_DATABASE_URL.
"""

from __future__ import annotations

import asyncio
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.table import Table

from bobhub.api.accounts import service
from bobhub.api.keys.service import operator_principal
from bobhub.cli.accounts import DEFAULT_TENANT, JsonOption, TenantOption, cli_errors, open_database
from bobhub.cli.output import console, emit_json, fail
from bobhub.errors import NotFound
from bobhub.settings import get_settings
from bobhub.store import Database, Vault
from bobhub.sync import run_sync
from bobhub.sync.export import FORMATS, write_export
from bobhub.sync.progress import make_progress

AccountArgument = Annotated[str, typer.Argument(metavar="ACCOUNT", help="The account's id.")]


async def _check_tenant(db: Database, tenant: str, account_id: str) -> None:
    async with db.session() as session:
        try:
            principal = await operator_principal(session, tenant)
            await service.get_account(session, principal, account_id)
        except NotFound:
            raise NotFound(f"no account {account_id!r} in tenant {tenant!r}") from None


async def _sync(
    tenant: str, account_id: str, full: bool, balances: int, documents: int, bars: bool
) -> dict[str, Any]:
    vault = Vault.from_settings(get_settings())
    async with open_database() as db:
        await _check_tenant(db, tenant, account_id)
        with make_progress() if bars else nullcontext() as progress:
            return await run_sync(
                db,
                vault,
                account_id,
                full=full,
                balance_budget=balances,
                documents_budget=documents,
                progress=progress,
            )


def sync_command(
    account_id: AccountArgument,
    full: Annotated[
        bool, typer.Option("--full", help="Also re-read the whole time-off window and everyone's documents.")
    ] = False,
    balance_budget: Annotated[
        int, typer.Option("--balance-budget", min=0, help="At most this many balance reads (one per call).")
    ] = 200,
    documents_budget: Annotated[
        int,
        typer.Option(
            "--documents-budget",
            min=0,
            help="At most this many employees' documents read (one call each), least recently read first.",
        ),
    ] = 500,
    tenant: TenantOption = DEFAULT_TENANT,
    json_output: JsonOption = False,
) -> None:
    """Sync a linked HiBob account into the store: people, history, time off and documents."""
    with cli_errors():
        result = asyncio.run(
            _sync(tenant, account_id, full, balance_budget, documents_budget, bars=not json_output)
        )
    if json_output:
        emit_json(result)
    else:
        columns = ("records", "created", "updated", "deleted", "calls")
        # A light box keeps the seven columns whole in an 80-column terminal.
        table = Table(title=f"Sync run {result['run_id']}", box=box.SIMPLE_HEAD)
        table.add_column("stream", no_wrap=True)
        table.add_column("status", no_wrap=True)
        for column in columns:
            table.add_column(column, justify="right", min_width=len(column))
        for stream in result["streams"]:
            table.add_row(stream["name"], stream["status"], *(f"{stream[c]:,}" for c in columns))
        console.print(table)
        for note in result["notes"]:
            console.print(f"note: {note}", highlight=False)
        console.print(f"status: [bold]{result['status']}[/]")
    if result["status"] == "failed":
        fail(f"sync run {result['run_id']} failed; see `bobhub sync {account_id} --json` for each stream")


async def _export(tenant: str, account_id: str, resource: str, fmt: str, output: Path | None) -> int:
    async with open_database() as db:
        await _check_tenant(db, tenant, account_id)
        if output is None:
            return await write_export(db, account_id, resource, fmt, sys.stdout)
        with output.open("w", newline="", encoding="utf-8") as out:
            return await write_export(db, account_id, resource, fmt, out)


def export_command(
    resource: Annotated[str, typer.Argument(help="employees, time_off_requests, job_records, ...")],
    account_id: Annotated[str, typer.Option("--account", help="The account's id.")],
    fmt: Annotated[str, typer.Option("--format", help="jsonl, csv or parquet.")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", help="File to write (default stdout).")] = None,
    tenant: TenantOption = DEFAULT_TENANT,
) -> None:
    """Write the unified records of one resource from the store."""
    if fmt == "parquet":
        fail("parquet export is not available in this installation; use --format jsonl or csv")
    if fmt not in FORMATS:
        fail(f"unknown format {fmt!r}; one of jsonl, csv")
    with cli_errors():
        count = asyncio.run(_export(tenant, account_id, resource, fmt, output))
    if output is not None:
        console.print(f"wrote {count} {resource} records to {output}", highlight=False)
