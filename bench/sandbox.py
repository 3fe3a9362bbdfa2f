"""Sandbox benchmark: start-up time of a 10,000-employee company and a people search returning everything."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import psutil

from bobhub.sandbox.server import free_port


def start_sandbox(
    employees: int, rate_window: float = 60.0
) -> tuple[subprocess.Popen[str], dict[str, Any], float]:
    """Run `bobhub sandbox` as a user would; return the process, its banner and seconds until it answers."""
    port = free_port()
    started = time.perf_counter()
    command = [
        os.path.join(os.path.dirname(sys.executable), "bobhub"),
        "sandbox",
        "--port",
        str(port),
        "--employees",
        str(employees),
        "--rate-window",
        str(rate_window),
        "--json",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    banner = json.loads(process.stdout.readline())
    su = next(u for u in banner["service_users"] if u["preset"] == "full")
    with httpx.Client(base_url=banner["url"], auth=(su["id"], su["token"])) as client:
        while True:
            try:
                if client.get("/company/people/fields").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.05)
    return process, banner, time.perf_counter() - started


@contextmanager
def running_sandbox(
    employees: int, rate_window: float = 60.0
) -> Iterator[tuple[subprocess.Popen[str], dict[str, Any], float]]:
    """`start_sandbox` for the length of a `with` block; the process is stopped however the block ends."""
    process, banner, seconds = start_sandbox(employees, rate_window)
    try:
        yield process, banner, seconds
    finally:
        process.terminate()
        process.wait(timeout=60)
        if process.stdout is not None:
            process.stdout.close()


def run(employees: int = 10_000, searches: int = 5) -> dict[str, Any]:
    with running_sandbox(employees) as (process, banner, start_seconds):
        su = next(u for u in banner["service_users"] if u["preset"] == "full")
        with httpx.Client(base_url=banner["url"], auth=(su["id"], su["token"]), timeout=60) as client:
            fields = [f["id"] for f in client.get("/company/people/fields").json()]
            body = {"fields": fields, "showInactive": True}
            timings, returned = [], 0
            for _ in range(searches):
                t0 = time.perf_counter()
                response = client.post("/people/search", json=body)
                timings.append(time.perf_counter() - t0)
                response.raise_for_status()
                returned = len(response.json()["employees"])
        rss_mb = psutil.Process(process.pid).memory_info().rss / 2**20
    return {
        "employees": employees,
        "start_seconds": round(start_seconds, 2),
        "start_target_seconds": 15,
        "search_fields": len(fields),
        "search_returned": returned,
        "search_first_seconds": round(timings[0], 3),
        "search_median_seconds": round(statistics.median(timings), 3),
        "search_target_seconds": 1.0,
        "sandbox_rss_mb": round(rss_mb, 1),
    }
