"""The greppable rules of STYLE.md and ARCHITECTURE.md, enforced."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).parent.parent / "src" / "bobhub"


def sources(part: str = "") -> list[Path]:
    return sorted((SRC / part).rglob("*.py"))


def test_source_files_stay_under_400_lines() -> None:
    long = {str(p.relative_to(SRC)): n for p in sources() if (n := len(p.read_text().splitlines())) > 400}
    assert long == {}


def test_every_module_starts_with_a_docstring() -> None:
    missing = [str(p.relative_to(SRC)) for p in sources() if not p.read_text().lstrip().startswith('"""')]
    assert missing == []


def test_environment_is_read_only_by_settings() -> None:
    readers = [
        str(p.relative_to(SRC))
        for p in sources()
        if re.search(r"os\.environ|getenv\(", p.read_text()) and p.name != "settings.py"
    ]
    assert readers == []


def test_one_settings_class() -> None:
    assert sum("BaseSettings)" in p.read_text() for p in sources()) == 1


def test_client_resources_do_not_import_httpx() -> None:
    offenders = [
        p.name
        for p in sources("hibob/resources")
        if re.search(r"^\s*(import|from) httpx", p.read_text(), re.M)
    ]
    assert offenders == []


def test_client_resources_stay_under_300_lines() -> None:
    long = [p.name for p in sources("hibob/resources") if len(p.read_text().splitlines()) > 300]
    assert long == []


def test_status_codes_map_to_client_errors_in_one_place() -> None:
    places = {p.name for p in sources("hibob") if "status_code ==" in p.read_text()}
    assert places <= {"errors.py", "transport.py"}
