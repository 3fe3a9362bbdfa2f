"""Running the sandbox over real HTTP: in the foreground (`bobhub sandbox`) or in a background thread."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field

import uvicorn

from bobhub.sandbox.app import create_app
from bobhub.sandbox.state import Sandbox


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def uvicorn_config(sandbox: Sandbox, host: str, port: int) -> uvicorn.Config:
    return uvicorn.Config(
        create_app(sandbox), host=host, port=port, log_level="warning", access_log=False, lifespan="on"
    )


@dataclass
class ThreadedSandbox:
    """A sandbox served by uvicorn on a background thread; `base_url` has no /v1 (like HiBob's)."""

    sandbox: Sandbox
    host: str = "127.0.0.1"
    port: int = 0
    _server: uvicorn.Server | None = field(default=None, repr=False)
    _thread: threading.Thread | None = field(default=None, repr=False)

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, timeout: float = 30.0) -> ThreadedSandbox:
        self.port = self.port or free_port(self.host)
        self._server = uvicorn.Server(uvicorn_config(self.sandbox, self.host, self.port))
        self._thread = threading.Thread(target=self._server.run, name="sandbox", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"sandbox did not start on {self.base_url}")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
