"""Unified API benchmark: `GET /v1/employees?page_size=100` against a bare Starlette endpoint, side by side.

A sandbox company is synced into a fresh SQLite database; `bobhub serve` serves it (a process of its own, as a
user would run it, with its default settings) and, in another process, a bare Starlette app served by the same
uvicorn configuration returns the very bytes of that page from memory. A second `bobhub serve` with the
response cache off shows what a request costs when every one is computed afresh. The same load generator (this
process: 32 keep-alive connections on one asyncio loop, so it never shares a process with a server) drives
each for the same fixed time, in alternating rounds so that a noisy machine hurts all alike.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import uvicorn
import uvloop
from cryptography.fernet import Fernet
from pydantic import SecretStr
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench.accounts import link
from bench.sandbox import running_sandbox
from bobhub.api.keys.service import create_api_key
from bobhub.hibob import InMemoryBudget
from bobhub.logs import configure as configure_logs
from bobhub.serving import free_port, uvicorn_config
from bobhub.settings import Settings
from bobhub.store import Database, Vault
from bobhub.sync import run_sync

PATH = "/v1/employees?page_size=100"
CLIENTS = 32
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Load:
    """What one load run measured: completed requests, their latencies (seconds) and failures."""

    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    failures: int = 0

    def add(self, other: Load) -> None:
        self.seconds += other.seconds
        self.latencies += other.latencies
        self.failures += other.failures

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile_ms(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0.0


class Connection(asyncio.Protocol):
    """One keep-alive client connection sending the same request again as soon as an answer is complete.

    It parses only the status line and Content-Length and counts body bytes, so the client spends as
    little CPU as possible per response, whatever its size.
    """

    def __init__(self, request: bytes, load: Load, deadline: float, done: asyncio.Future[None]) -> None:
        self.request, self.load, self.deadline, self.done = request, load, deadline, done
        self.transport: asyncio.Transport | None = None
        self.head = b""
        self.remaining = -1
        self.ok = True
        self.sent_at = 0.0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # uvloop's transports are not asyncio's
        self.send()

    def send(self) -> None:
        assert self.transport is not None
        self.head, self.remaining = b"", -1
        self.sent_at = time.perf_counter()
        self.transport.write(self.request)

    def data_received(self, data: bytes) -> None:
        if self.remaining < 0:
            self.head += data
            end = self.head.find(b"\r\n\r\n")
            if end < 0:
                return
            lines = self.head[:end].split(b"\r\n")
            self.ok = lines[0].split(b" ")[1] == b"200"
            fields = (line.partition(b":") for line in lines[1:])
            length = next(int(value) for name, _, value in fields if name.lower() == b"content-length")
            self.remaining = length - (len(self.head) - end - 4)
        else:
            self.remaining -= len(data)
        if self.remaining == 0:
            self.finished()

    def finished(self) -> None:
        now = time.perf_counter()
        if self.ok:
            self.load.latencies.append(now - self.sent_at)
        else:
            self.load.failures += 1
        if now < self.deadline:
            self.send()
        else:
            assert self.transport is not None
            self.transport.close()

    def connection_lost(self, _exc: Exception | None) -> None:
        if not self.done.done():
            self.done.set_result(None)


async def generate(port: int, headers: dict[str, str], seconds: float, clients: int) -> Load:
    """`clients` connections requesting PATH until `seconds` have passed; the rate is every answer over the
    time until the last one arrived."""
    lines = [f"GET {PATH} HTTP/1.1", "Host: 127.0.0.1", *(f"{k}: {v}" for k, v in headers.items())]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode()
    loop = asyncio.get_running_loop()
    load = Load()
    started = time.perf_counter()
    deadline = started + seconds
    waits = []
    for _ in range(clients):
        done: asyncio.Future[None] = loop.create_future()
        await loop.create_connection(lambda d=done: Connection(request, load, deadline, d), "127.0.0.1", port)
        waits.append(done)
    await asyncio.gather(*waits)
    load.seconds = time.perf_counter() - started
    return load


def run_load(port: int, headers: dict[str, str], seconds: float, clients: int) -> Load:
    # uvloop (installed by uvicorn[standard]) makes the client cheaper, leaving more CPU to the servers.
    return uvloop.run(generate(port, headers, seconds, clients))


def serve_bare(body_file: str, port: int) -> None:
    """The bare Starlette endpoint: PATH answered with the stored page's bytes (run in a subprocess)."""
    body = Path(body_file).read_bytes()

    async def employees(_: Request) -> Response:
        return Response(body, media_type="application/json")

    app = Starlette(routes=[Route("/v1/employees", employees)])
    uvicorn.Server(uvicorn_config(app, "127.0.0.1", port)).run()


async def synced_database(folder: Path, employees: int, rate_window: float) -> tuple[Settings, str, str]:
    """A database holding a synced sandbox company; returns its settings, an API key and the account id."""
    with running_sandbox(employees, rate_window) as (_, banner, _):
        su = next(u for u in banner["service_users"] if u["preset"] == "full")
        settings = Settings(
            database_url=f"sqlite+aiosqlite:///{folder / 'bench.db'}",
            secret_key=SecretStr(Fernet.generate_key().decode()),
        )
        vault = Vault.from_settings(settings)
        db = Database(settings.database_url)
        await db.migrate()
        account_id = await link(db, vault, su, banner["url"].removesuffix("/v1"))
        async with db.session() as session:
            _, key = await create_api_key(session, "bench", ["read"])
            await session.commit()
        budget = InMemoryBudget(window=rate_window)
        result = await run_sync(db, vault, account_id, budget=budget, balance_budget=50)
        assert result["status"] == "succeeded", result
        await db.dispose()
        return settings, key, account_id


def start(command: list[str], env: dict[str, str], cwd: Path, port: int) -> subprocess.Popen[bytes]:
    """A server process, returned once its port accepts connections."""
    process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(f"http://127.0.0.1:{port}/", timeout=1)
            return process
        except httpx.TransportError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"{command[0]} did not start") from None
            time.sleep(0.05)


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def compare(ports: dict[str, int], headers: dict[str, str], seconds: float, rounds: int) -> dict[str, Load]:
    """Warm each server up, then give each equal rounds of load in turn; the rounds are pooled."""
    for port in ports.values():
        run_load(port, headers, 1.0, CLIENTS)
    loads = {name: Load() for name in ports}
    for _ in range(rounds):
        for name, port in ports.items():
            loads[name].add(run_load(port, headers, seconds / rounds, CLIENTS))
    return loads


def measure(
    folder: Path, settings: Settings, headers: dict[str, str], seconds: float, rounds: int
) -> dict[str, Any]:
    """Serve the database with `bobhub serve` (as configured by default, and once more with its response
    cache off) and the page it answers with the bare app, then load all three."""
    assert settings.secret_key is not None
    env = {
        **os.environ,
        "BOBHUB_DATABASE_URL": settings.database_url,
        "BOBHUB_SECRET_KEY": settings.secret_key.get_secret_value(),
        "PYTHONPATH": str(ROOT),
    }
    ports = {"api": free_port(), "uncached": free_port(), "bare": free_port()}
    bobhub = str(Path(sys.executable).with_name("bobhub"))
    servers = []
    try:
        for name, environment in (("api", env), ("uncached", {**env, "BOBHUB_API_CACHE_SECONDS": "0"})):
            serve = [bobhub, "serve", "--port", str(ports[name]), "--json"]
            servers.append(start(serve, environment, folder, ports[name]))
        page = httpx.get(f"http://127.0.0.1:{ports['api']}{PATH}", headers=headers, timeout=30)
        page.raise_for_status()
        assert len(page.json()["results"]) == 100
        (folder / "page.json").write_bytes(page.content)
        script = f"import bench.api as b; b.serve_bare({str(folder / 'page.json')!r}, {ports['bare']})"
        servers.append(start([sys.executable, "-c", script], env, folder, ports["bare"]))
        loads = compare(ports, headers, seconds, rounds)
    finally:
        for server in servers:
            stop(server)
    api, uncached, bare = loads["api"], loads["uncached"], loads["bare"]
    return {
        "page_bytes": len(page.content),
        "api_rps": round(api.rps, 1),
        "bare_rps": round(bare.rps, 1),
        "ratio": round(api.rps / bare.rps, 3) if bare.rps else None,
        "api_p50_ms": round(api.percentile_ms(0.50), 1),
        "api_p99_ms": round(api.percentile_ms(0.99), 1),
        "bare_p99_ms": round(bare.percentile_ms(0.99), 1),
        # Every request computed afresh (BOBHUB_API_CACHE_SECONDS=0): the cost of a page read itself.
        "uncached_rps": round(uncached.rps, 1),
        "uncached_ratio": round(uncached.rps / bare.rps, 3) if bare.rps else None,
        "uncached_p99_ms": round(uncached.percentile_ms(0.99), 1),
        "failures": api.failures + uncached.failures + bare.failures,
    }


def run(
    employees: int = 1000, seconds: float = 10.0, rounds: int = 2, rate_window: float = 0.2
) -> dict[str, Any]:
    """`seconds` of load on each server (in `rounds` alternating rounds) after a one-second warm-up."""
    configure_logs("ERROR")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        settings, key, account_id = asyncio.run(synced_database(folder, employees, rate_window))
        headers = {"Authorization": f"Bearer {key}", "X-Account-Id": account_id}
        measured = measure(folder, settings, headers, seconds, rounds)
    return {"employees": employees, "clients": CLIENTS, "seconds_each": seconds, **measured}


if __name__ == "__main__":
    print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else 1000), indent=2))
