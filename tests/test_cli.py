"""The `bobhub` command as a user runs it: a real process, real output, real exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import httpx

from bobhub.sandbox.server import free_port

BOBHUB = os.path.join(os.path.dirname(sys.executable), "bobhub")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([BOBHUB, *args], capture_output=True, text=True, timeout=60)


class TestSandboxCommand:
    def test_serves_and_prints_the_four_presets(self) -> None:
        port = free_port()
        process = subprocess.Popen(
            [BOBHUB, "sandbox", "--employees", "15", "--port", str(port), "--json"],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert process.stdout is not None
            banner = json.loads(process.stdout.readline())
            assert banner["url"] == f"http://127.0.0.1:{port}/v1"
            assert sorted(u["preset"] for u in banner["service_users"]) == [
                "activtrak",
                "empty",
                "full",
                "partial",
            ]
            full = next(u for u in banner["service_users"] if u["preset"] == "full")
            with httpx.Client(base_url=banner["url"], auth=(full["id"], full["token"])) as client:
                for _ in range(200):
                    try:
                        response = client.post("/people/search", json={"showInactive": True})
                        break
                    except httpx.ConnectError:
                        time.sleep(0.05)
                assert response.status_code == 200
                assert len(response.json()["employees"]) == 15
        finally:
            process.terminate()
            process.wait(timeout=20)
            if process.stdout is not None:
                process.stdout.close()

    def test_bad_option_is_one_line_without_traceback(self) -> None:
        result = run("sandbox", "--employees", "0")
        assert result.returncode != 0
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert "--employees" in result.stderr

    def test_help_lists_the_commands(self) -> None:
        result = run("--help")
        assert result.returncode == 0
        assert "sandbox" in result.stdout
        assert "demo" in result.stdout


def test_commands_that_need_neither_the_api_app_nor_the_simulator_do_not_import_them() -> None:
    # A fresh interpreter, as `bobhub accounts` or `bobhub sync` starts: the FastAPI app, the sandbox and
    # its company generator (faker) are imported only by `serve`, `sandbox` and `demo`.
    heavy = ["bobhub.api.app", "bobhub.api.server", "bobhub.sandbox", "faker"]
    script = f"import sys, bobhub.cli.main; print([m for m in {heavy!r} if m in sys.modules])"
    found = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert found.stdout.strip() == "[]"
