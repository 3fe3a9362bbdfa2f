"""The `bobhub` command: one Typer app, a thin shell over the library."""

from __future__ import annotations

from typing import Annotated

import typer

from bobhub.cli.accounts import accounts_command, doctor_command, link_command
from bobhub.cli.keys import api_key_app
from bobhub.cli.output import one_line_errors
from bobhub.cli.sandbox import sandbox_command
from bobhub.cli.serve import serve_command
from bobhub.logs import configure as configure_logs
from bobhub.settings import get_settings

app = typer.Typer(
    name="bobhub",
    help="Self-hosted integration hub for HiBob.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.command("sandbox")(sandbox_command)
app.command("serve")(serve_command)
app.command("link")(link_command)
app.command("accounts")(accounts_command)
app.command("doctor")(doctor_command)
app.add_typer(api_key_app, name="api-key")


@app.callback()
def main() -> None:
    """Self-hosted integration hub for HiBob."""
    with one_line_errors():
        configure_logs(get_settings().log_level)


@app.command("demo")
def demo_command(
    port: Annotated[int, typer.Option(help="Port of the embedded HiBob sandbox.")] = 8099,
    employees: Annotated[int, typer.Option(help="Employees in the demo company.")] = 200,
    json_output: Annotated[bool, typer.Option("--json", help="Print the service users as JSON.")] = False,
) -> None:
    """Start the embedded HiBob sandbox with a demo company and print its service users."""
    sandbox_command(port=port, employees=employees, json_output=json_output)


if __name__ == "__main__":
    app()
