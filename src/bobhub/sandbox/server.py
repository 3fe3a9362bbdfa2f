"""Running the sandbox over real HTTP: in the foreground (`bobhub sandbox`) or on a background thread."""

from __future__ import annotations

import uvicorn

from bobhub.sandbox.app import create_app
from bobhub.sandbox.state import Sandbox
from bobhub.serving import BackgroundServer, free_port
from bobhub.serving import uvicorn_config as app_config

__all__ = ["ThreadedSandbox", "free_port", "uvicorn_config"]


def uvicorn_config(sandbox: Sandbox, host: str, port: int) -> uvicorn.Config:
    return app_config(create_app(sandbox), host, port)


class ThreadedSandbox(BackgroundServer):
    """A sandbox served on a background thread; `base_url` has no /v1 (like HiBob's)."""

    def __init__(self, sandbox: Sandbox, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__(create_app(sandbox), host, port, name="sandbox")
        self.sandbox = sandbox

    def start(self, timeout: float = 30.0) -> ThreadedSandbox:
        super().start(timeout)
        return self
