"""How commands talk to the terminal: Rich for people, one JSON document for machines, one line on failure."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

import typer
from rich.console import Console

console = Console()
errors = Console(stderr=True)


def emit_json(data: Any) -> None:
    """Print one JSON document on stdout (flushed at once: `--json` callers may read it line by line)."""
    sys.stdout.write(json.dumps(data, default=str) + "\n")
    sys.stdout.flush()


def fail(message: str, code: int = 1) -> NoReturn:
    """Stop the command with one clear line on stderr and a non-zero exit status."""
    errors.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


@contextmanager
def one_line_errors() -> Iterator[None]:
    """Turn expected failures (bad input, unreachable services) into `fail`, never a traceback."""
    try:
        yield
    except (ValueError, OSError) as exc:
        fail(str(exc) or type(exc).__name__)
