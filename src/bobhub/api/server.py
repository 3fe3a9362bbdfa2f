"""Serving the API with uvicorn: in the foreground (`bobhub serve`) or on a background thread."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field

import uvicorn

from bobhub.api.app import create_app
from bobhub.settings import Settings


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def uvicorn_config(settings: Settings, host: str, port: int) -> uvicorn.Config:
    return uvicorn.Config(
        create_app(settings), host=host, port=port, log_level="warning", access_log=False, lifespan="on"
    )


@dataclass
class ThreadedServer:
    """The API served by uvicorn on a background thread, started and migrated before `start` returns."""

    settings: Settings
    host: str = "127.0.0.1"
    port: int = 0
    _server: uvicorn.Server | None = field(default=None, repr=False)
    _thread: threading.Thread | None = field(default=None, repr=False)

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, timeout: float = 30.0) -> ThreadedServer:
        self.port = self.port or free_port(self.host)
        self._server = uvicorn.Server(uvicorn_config(self.settings, self.host, self.port))
        self._thread = threading.Thread(target=self._server.run, name="bobhub-api", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the bobhub API did not start on {self.base_url}")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
