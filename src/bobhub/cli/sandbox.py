"""`bobhub sandbox`: serve a simulated HiBob company over HTTP and print its service users."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Annotated

import typer
import uvicorn
from rich.table import Table

from bobhub.cli.output import console, emit_json, fail, one_line_errors

if TYPE_CHECKING:  # the simulator (and its company generator) is imported only by the commands running it
    from bobhub.sandbox.state import Sandbox


def build_sandbox(employees: int, seed: int, rate_window: float) -> Sandbox:
    """A sandbox holding one generated company."""
    from bobhub.sandbox.state import Sandbox

    if employees < 1:
        fail("--employees must be at least 1")
    if rate_window <= 0:
        fail("--rate-window must be positive")
    sandbox = Sandbox(rate_window=rate_window)
    sandbox.create_company(employees=employees, seed=seed)
    return sandbox


def print_service_users(sandbox: Sandbox, base_url: str, seconds: float) -> None:
    company = next(iter(sandbox.companies.values()))
    console.print(
        f"[bold]HiBob sandbox[/] {company.name}: {len(company.employees)} employees "
        f"(generated in {seconds:.1f} s), API at [cyan]{base_url}/v1[/]"
    )
    table = Table("preset", "service user id", "token", title="Service users")
    for su in sandbox.users_of(company):
        table.add_row(su.preset, su.id, su.token)
    console.print(table)
    console.print(f"Admin API (loopback only): {base_url}/_sandbox  ·  Ctrl-C to stop")


def sandbox_command(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8099,
    employees: Annotated[int, typer.Option(help="Employees in the generated company.")] = 200,
    seed: Annotated[int, typer.Option(help="Seed of the company generator (same seed, same company).")] = 1,
    rate_window: Annotated[
        float, typer.Option("--rate-window", help="Length in seconds of HiBob's one-minute rate window.")
    ] = 60.0,
    json_output: Annotated[bool, typer.Option("--json", help="Print the service users as JSON.")] = False,
) -> None:
    """Serve a simulated HiBob (API under /v1, admin under /_sandbox) with four preset service users."""
    with one_line_errors():
        started = time.perf_counter()
        sandbox = build_sandbox(employees, seed, rate_window)
        seconds = time.perf_counter() - started
        base_url = f"http://{host}:{port}"
        if json_output:
            emit_json({"url": f"{base_url}/v1", "service_users": [su.to_json() for su in sandbox.users_of()]})
        else:
            print_service_users(sandbox, base_url, seconds)
        from bobhub.sandbox.server import uvicorn_config

        server = uvicorn.Server(uvicorn_config(sandbox, host, port))
        server.run()
        if not server.started:
            fail(f"could not serve on {host}:{port} (is the port in use?)")
