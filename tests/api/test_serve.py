"""`bobhub serve` as a user runs it: a real process that announces its URL once it answers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
from cryptography.fernet import Fernet

from bobhub.api.server import free_port

SERVE = [os.path.join(os.path.dirname(sys.executable), "bobhub"), "serve"]


def environment(tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOBHUB_")}
    env["BOBHUB_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'bobhub.db'}"
    env["BOBHUB_SECRET_KEY"] = Fernet.generate_key().decode()
    return {**env, **overrides}


class TestServeCommand:
    def test_serves_the_api_and_the_hub_page(self, tmp_path: Path):
        port = free_port()
        process = subprocess.Popen(
            [*SERVE, "--port", str(port), "--json"],
            stdout=subprocess.PIPE,
            text=True,
            env=environment(tmp_path),
            cwd=tmp_path,
        )
        try:
            assert process.stdout is not None
            banner = json.loads(process.stdout.readline())
            assert banner["url"] == f"http://127.0.0.1:{port}"
            with httpx.Client(base_url=banner["url"]) as client:
                assert client.get("/").status_code == 200
                assert client.get("/v1/accounts").status_code == 401
                assert client.get("/openapi.json").json()["info"]["title"] == "bobhub"
        finally:
            process.terminate()
            process.wait(timeout=20)
            if process.stdout is not None:
                process.stdout.close()
        assert (tmp_path / "bobhub.db").exists()

    def test_a_bad_secret_key_is_one_line_without_traceback(self, tmp_path: Path):
        result = subprocess.run(
            [*SERVE, "--port", str(free_port())],
            capture_output=True,
            text=True,
            timeout=60,
            env=environment(tmp_path, BOBHUB_SECRET_KEY="not-a-fernet-key"),
            cwd=tmp_path,
        )
        assert result.returncode != 0
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert "BOBHUB_SECRET_KEY" in result.stderr
