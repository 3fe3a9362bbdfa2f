"""`bobhub link`, `bobhub accounts` and `bobhub doctor`: linked HiBob accounts from the command line.

Each command opens the database of BOBHUB_DATABASE_URL, brings its schema up to date, and acts for one
tenant (`--tenant`, default `default`) as the installation's operator.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Annotated, Any

import typer
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError

from bobhub.api.accounts import service
from bobhub.api.keys.service import operator_principal
from bobhub.cli.output import console, emit_json, fail
from bobhub.errors import AppError, NotFound
from bobhub.permissions import DoctorReport, plan, render_plan, render_report
from bobhub.settings import environment_variable, get_settings
from bobhub.store import Account, Database, Vault

DEFAULT_TENANT = "default"
TenantOption = Annotated[str, typer.Option("--tenant", help="Tenant the accounts belong to.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]


@contextmanager
def cli_errors() -> Iterator[None]:
    """Expected failures as one line on stderr and a non-zero exit, never a traceback."""
    try:
        yield
    except AppError as exc:
        fail(exc.message)
    except SQLAlchemyError as exc:
        # Only the driver's first line: SQLAlchemy's full text repeats the statement and its parameters.
        detail = str(getattr(exc, "orig", None) or type(exc).__name__).splitlines()[0]
        fail(f"the database failed: {detail}")
    except (ValueError, OSError) as exc:
        fail(str(exc) or type(exc).__name__)


@asynccontextmanager
async def open_database() -> AsyncIterator[Database]:
    """The configured database with its schema migrated; disposed of on the way out."""
    db = Database(get_settings().database_url)
    try:
        await db.migrate()
        yield db
    finally:
        await db.dispose()


def read_token(token_stdin: bool, token_env: str | None) -> str:
    """The token from stdin or from the environment variable the user named (never from an argument)."""
    if token_stdin == (token_env is not None):
        fail("give the token with exactly one of --token-stdin or --token-env VAR")
    if token_env is not None:
        token = environment_variable(token_env) or ""
        where = f"environment variable {token_env}"
    else:
        token = sys.stdin.read()
        where = "standard input"
    token = token.strip()
    if not token:
        fail(f"no token in {where}")
    return token


def status_label(status: str) -> str:
    return status.replace("_", " ")


def print_account(account: Account, report: dict[str, Any] | None) -> None:
    colour = {"linked": "green", "needs_attention": "yellow"}.get(account.status, "red")
    console.print(
        f"Account [bold]{account.id}[/] ({account.name}, service user {account.service_user_id} at "
        f"{account.base_url}): [{colour}]{status_label(account.status)}[/]",
        highlight=False,
    )
    if report is not None and report.get("credentials") == "valid":
        render_report(DoctorReport.model_validate(report), console)


def print_linked(account: Account, json_output: bool) -> None:
    if json_output:
        emit_json({"account": service.account_public(account), "permissions": account.report})
    else:
        print_account(account, account.report)


async def _link(
    base_url: str, service_user_id: str, token: str, name: str | None, tenant: str, account_id: str | None
) -> Account:
    settings = get_settings()
    vault = Vault.from_settings(settings)
    async with open_database() as db, db.session() as session:
        principal = await operator_principal(session, tenant, create=True)
        account = await service.link_account(
            session,
            vault,
            principal,
            name=name,
            service_user_id=service_user_id,
            token=token,
            base_url=base_url,
            account_id=account_id,
        )
        await session.commit()
        return account


def link_command(
    base_url: Annotated[str, typer.Option("--base-url", help="HiBob's API host, without /v1.")],
    service_user_id: Annotated[str, typer.Option("--id", help="The service user's ID.")],
    token_stdin: Annotated[bool, typer.Option("--token-stdin", help="Read the token from stdin.")] = False,
    token_env: Annotated[
        str | None, typer.Option("--token-env", metavar="VAR", help="Read the token from this variable.")
    ] = None,
    name: Annotated[str | None, typer.Option("--name", help="A name for the account.")] = None,
    tenant: TenantOption = DEFAULT_TENANT,
    account_id: Annotated[
        str | None, typer.Option("--account", help="Replace the token of this account, keeping its data.")
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Check a HiBob service user, store it with its token encrypted, and print the permission report."""
    with cli_errors():
        token = read_token(token_stdin, token_env)
        account = asyncio.run(_link(base_url, service_user_id, token, name, tenant, account_id))
        print_linked(account, json_output)


async def _accounts(tenant: str) -> list[Account]:
    async with open_database() as db, db.session() as session:
        try:
            principal = await operator_principal(session, tenant)
        except NotFound:
            return []
        return list(await service.list_accounts(session, principal))


def accounts_command(tenant: TenantOption = DEFAULT_TENANT, json_output: JsonOption = False) -> None:
    """List the tenant's linked accounts: linked, needs attention, or invalid credentials."""
    with cli_errors():
        accounts = asyncio.run(_accounts(tenant))
    if json_output:
        emit_json([service.account_public(a) for a in accounts])
        return
    if not accounts:
        console.print(f"No accounts in tenant {tenant!r} yet: link one with `bobhub link`.", highlight=False)
        return
    table = Table("id", "name", "service user", "base URL", "status", "missing", "checked", title="Accounts")
    for account in accounts:
        public = service.account_public(account)
        table.add_row(
            account.id,
            account.name,
            account.service_user_id,
            account.base_url,
            status_label(account.status),
            str(len(public["missing_permissions"])),
            public["checked_at"] or "never",
        )
    console.print(table)


async def _doctor(tenant: str, account_id: str) -> Account:
    vault = Vault.from_settings(get_settings())
    async with open_database() as db, db.session() as session:
        try:
            principal = await operator_principal(session, tenant)
            account = await service.refresh_permissions(session, vault, principal, account_id)
        except NotFound:
            raise NotFound(f"no account {account_id!r} in tenant {tenant!r}") from None
        await session.commit()
        return account


def doctor_command(
    account_id: Annotated[
        str | None, typer.Argument(metavar="ACCOUNT", help="The account to check (not needed with --plan).")
    ] = None,
    plan_features: Annotated[
        str | None,
        typer.Option(
            "--plan",
            metavar="FEATURES",
            help="Print the smallest permission set for these features instead "
            "(comma list of employees, history, time_off, documents, write).",
        ),
    ] = None,
    tenant: TenantOption = DEFAULT_TENANT,
    json_output: JsonOption = False,
) -> None:
    """Check a linked account's permissions again, or plan the permissions a set of features needs."""
    with cli_errors():
        if plan_features is not None:
            print_plan(plan_features, json_output)
            return
        if account_id is None:
            fail("give an ACCOUNT to check, or --plan FEATURES")
        account = asyncio.run(_doctor(tenant, account_id))
    if account.status == "invalid_credentials":
        fail(
            f"HiBob refused the token of {account.id}; link it again with "
            f"`bobhub link --account {account.id} ...`"
        )
    print_linked(account, json_output)


def print_plan(features: str, json_output: bool) -> None:
    permissions = plan([f.strip() for f in features.split(",") if f.strip()])
    if json_output:
        emit_json([p.model_dump(mode="json") for p in permissions])
    else:
        render_plan(permissions, console)
