"""The report's JSON shape (DESIGN.md's contract) and its Rich rendering, from real doctor runs."""

from __future__ import annotations

from rich.console import Console

from bobhub.permissions import DoctorReport, render_report
from tests.permissions.conftest import Doctor

PERSONAL_FIX = (
    "Settings > Account > Permissions groups > <your group> > People's data > Personal > "
    "tick 'View selected employees' Personal sections'"
)


def rendered(report: DoctorReport) -> str:
    console = Console(record=True, width=250, color_system=None)
    render_report(report, console)
    return console.export_text()


async def test_report_json_has_the_design_shape_and_round_trips(doctor: Doctor) -> None:
    report = (await doctor("partial")).report
    data = report.model_dump(mode="json")
    assert data["credentials"] == "valid"
    assert {"credentials", "checks", "audience", "fields", "missing", "summary"} <= set(data)
    check = data["checks"][0]
    assert {"tab", "section", "permission", "status", "evidence", "unlocks"} <= set(check)
    assert {c["status"] for c in data["checks"]} == {"granted", "missing", "not_checkable"}
    assert {"visible_lifecycle_statuses", "counts", "warnings"} <= set(data["audience"])
    assert {"field", "category", "status"} <= set(data["fields"][0])
    assert {f["status"] for f in data["fields"]} <= {"visible", "hidden", "empty"}
    assert data["missing"] == report.missing
    assert "4 missing" in data["summary"]
    again = DoctorReport.model_validate(data)
    assert again == report
    assert again.model_dump(mode="json") == data


async def test_every_check_says_what_was_called(doctor: Doctor) -> None:
    report = (await doctor("partial")).report
    for check in report.checks:
        assert check.evidence, check
        assert "’" not in check.permission
        if check.status == "missing":
            assert check.fix is not None
            assert check.fix.startswith("Settings > Account > Permissions groups")
    work, edits = report.check("history:Work"), report.check("edit:About")
    assert work is not None
    assert edits is not None
    assert work.evidence.startswith("GET /bulk/people/work → 200: only current rows")
    assert edits.evidence.startswith("PUT /people/{identifier} with an empty body → 400")


async def test_rendering_groups_like_hibob_and_gives_fix_steps(doctor: Doctor) -> None:
    text = rendered((await doctor("partial")).report)
    headings = [line.strip() for line in text.splitlines() if " > " in line and "│" not in line]
    tables = [h for h in headings if h in {
        "Features > People", "Features > Time off", "People's data > People",
        "People's data > Documents", "People's data > Time off"}]  # fmt: skip
    assert tables == [
        "Features > People",
        "Features > Time off",
        "People's data > People",
        "People's data > Documents",
        "People's data > Time off",
    ]
    assert {"✓", "✗", "?"} <= set(text)
    assert PERSONAL_FIX in text
    assert "stays empty without it: date_of_birth, birthday, age" in text
    assert "No Terminated employees are visible" in text
    counts = [line.split("│")[1:3] for line in text.splitlines() if line.startswith("│ Employed ")]
    assert [c.strip() for c in counts[0]] == ["Employed", "47"]  # visible employees per lifecycle status


async def test_rendering_invalid_credentials_is_one_line(doctor: Doctor) -> None:
    text = rendered((await doctor("full", token="wrong")).report)
    assert text.strip().splitlines() == [
        "✗ Credentials invalid. HiBob refused the service user id and token (401): check both and try again."
    ]
