"""The `bobhub` command: one Typer app, a thin shell over the library."""

from __future__ import annotations

import typer

from bobhub.cli.accounts import accounts_command, doctor_command, link_command
from bobhub.cli.demo import demo_command
from bobhub.cli.keys import api_key_app
from bobhub.cli.output import one_line_errors
from bobhub.cli.sandbox import sandbox_command
from bobhub.cli.serve import serve_command
from bobhub.cli.sync import export_command, sync_command
from bobhub.logs import configure as configure_logs
from bobhub.settings import get_settings

app = typer.Typer(
    name="bobhub",
    help="Self-hosted integration hub for HiBob.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.command("demo")(demo_command)
app.command("sandbox")(sandbox_command)
app.command("serve")(serve_command)
app.command("link")(link_command)
app.command("accounts")(accounts_command)
app.command("doctor")(doctor_command)
app.command("sync")(sync_command)
app.command("export")(export_command)
app.add_typer(api_key_app, name="api-key")


@app.callback()
def main() -> None:
    """Self-hosted integration hub for HiBob."""
    with one_line_errors():
        configure_logs(get_settings().log_level)


if __name__ == "__main__":
    app()
