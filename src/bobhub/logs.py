"""Log set-up for bobhub's processes: structured lines on stderr, so stdout stays clean for `--json`."""

from __future__ import annotations

import logging
import sys

import structlog


def configure(level: str = "WARNING") -> None:
    """Send structlog (and the libraries using it, such as stamina's retry log) to stderr at `level`."""
    numeric = logging.getLevelName(level.upper())
    if not isinstance(numeric, int):
        raise ValueError(f"unknown log level {level!r}")
    structlog.configure(
        processors=[
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso"),
            structlog.dev.ConsoleRenderer(colors=False),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(numeric),
        logger_factory=structlog.PrintLoggerFactory(sys.stderr),
        cache_logger_on_first_use=False,
    )
