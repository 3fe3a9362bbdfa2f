"""Serving the API with uvicorn: in the foreground (`bobhub serve`) or on a background thread."""

from __future__ import annotations

import uvicorn

from bobhub.api.app import create_app
from bobhub.serving import BackgroundServer, free_port
from bobhub.serving import uvicorn_config as app_config
from bobhub.settings import Settings

__all__ = ["ThreadedServer", "free_port", "uvicorn_config"]


def uvicorn_config(settings: Settings, host: str, port: int) -> uvicorn.Config:
    return app_config(create_app(settings), host, port)


class ThreadedServer(BackgroundServer):
    """The API on a background thread, started and its database migrated before `start` returns."""

    def __init__(self, settings: Settings, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__(create_app(settings), host, port, name="bobhub-api")
        self.settings = settings

    def start(self, timeout: float = 30.0) -> ThreadedServer:
        super().start(timeout)
        return self
