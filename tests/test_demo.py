"""`bobhub demo` as a newcomer runs it: one command, then a hub page and an API over a synced account."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx

from bobhub.serving import free_port

BOBHUB = os.path.join(os.path.dirname(sys.executable), "bobhub")


def test_demo_links_the_partial_preset_and_serves_the_api(tmp_path: Path) -> None:
    port = free_port()
    started = time.monotonic()
    with subprocess.Popen(
        [BOBHUB, "demo", "--port", str(port), "--employees", "30", "--json"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        text=True,
    ) as process:
        try:
            assert process.stdout is not None
            ready = json.loads(process.stdout.readline())
            assert time.monotonic() - started < 60
            assert set(ready) == {"url", "api_key", "account_id"}
            headers = {"Authorization": f"Bearer {ready['api_key']}"}
            with httpx.Client(base_url=ready["url"], headers=headers, timeout=30) as api:
                [account] = api.get("/v1/accounts").json()["results"]
                assert account["id"] == ready["account_id"]
                assert account["status"] == "needs_attention"
                report = api.get(f"/v1/accounts/{account['id']}/permissions").json()
                assert "View selected employees' Personal sections" in report["missing"]
                assert api.get("/").status_code == 200
            with sqlite3.connect(tmp_path / ".bobhub-demo" / "bobhub.db") as db:
                runs = db.execute("select status from sync_runs").fetchall()
                people = db.execute("select count(*) from records where resource = 'employees'").fetchone()
            assert runs == [("succeeded",)]
            assert people[0] > 0
        finally:
            process.terminate()
            process.wait(timeout=20)
