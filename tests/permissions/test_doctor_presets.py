"""The doctor against every sandbox preset over real HTTP: the exact missing permissions; a wrong token."""

from __future__ import annotations

from bobhub.permissions import Check
from bobhub.sandbox.permissions import Grants, Permission
from bobhub.sandbox.state import Sandbox
from tests.permissions.conftest import Doctor, Run

# The sandbox account's categories, by display name (its field metadata).
SECTIONS = (
    "Basic info", "About", "Work", "Work contact details", "Personal contact details", "Employment",
    "Personal", "Home", "Address", "Payroll", "Financial", "Identification", "Lifecycle", "EEO",
    "Emergency", "People analytics", "Work eligibility", "Training", "Equipment",
)  # fmt: skip
# Sections with "... section histories": those with a history table, and those the StackOne guide lists.
HISTORY_SECTIONS = (
    "Work", "Employment", "Payroll", "Lifecycle", "Address", "Identification", "People analytics", "Personal"
)  # fmt: skip
FOLDERS = ("Shared Docs", "Confidential Docs", "Visa & Immigration")
VERBS = ("View", "Upload", "Delete")
ACTIVTRAK_VIEWS = {"Basic info", "Employment", "Work", "Work contact details"}
# Seed-guide sections this account has no category for: never judged.
ABSENT = {"view:Jobs", "history:Jobs", "edit:Jobs", "view:User data", "edit:User data"}


def view(section: str) -> str:
    return f"View selected employees' {section} sections"


def history(section: str) -> str:
    return f"View selected employees' {section} section histories"


def edit(section: str) -> str:
    return f"Edit selected employees' {section} sections"


def sandbox_permission(check: Check, grants: Grants) -> bool:
    """Whether the sandbox's permission group of the preset really holds the checked permission.

    Features are matched by wording (the sandbox files time-off settings under its own section name).
    """
    if check.tab == "Features":
        return any(p.wording == check.permission for p in grants.permissions)
    return grants.has(Permission(check.tab, check.section, check.permission))


def assert_never_wrong(run: Run, grants: Grants) -> None:
    """Granted only what the group holds, missing only what it lacks (not checkable may be either)."""
    for check in run.report.checks:
        held = sandbox_permission(check, grants)
        if check.status == "granted":
            assert held, check
        if check.status == "missing":
            assert not held, check


def assert_each_endpoint_once(run: Run) -> None:
    assert run.calls, "the doctor made no call"
    assert max(run.calls.values()) == 1, run.calls.most_common(3)
    assert sum(run.calls.values()) == run.report.calls


async def test_full_preset_misses_nothing_and_sees_every_lifecycle_status(
    doctor: Doctor, sandbox: Sandbox
) -> None:
    run = await doctor("full")
    report = run.report
    assert report.credentials == "valid"
    assert report.missing == []
    assert report.audience.warnings == []
    assert report.ok
    statuses = run.by_key()
    for key in ("view:Personal", "edit:Personal", "history:Work", "edit:Identification", "directory"):
        assert statuses[key] == "granted", report.check(key)
    assert set(report.audience.visible_lifecycle_statuses) >= {"Hired", "Employed", "Terminated", "Leave"}
    assert sum(report.audience.counts.values()) == report.audience.visible_employees == 60
    assert_never_wrong(run, sandbox.preset_user("full").grants)
    assert_each_endpoint_once(run)


async def test_partial_preset_misses_personal_work_histories_and_terminated(
    doctor: Doctor, sandbox: Sandbox
) -> None:
    run = await doctor("partial")
    report = run.report
    assert sorted(report.missing) == sorted(
        [view("Personal"), history("Personal"), edit("Personal"), history("Work")]
    )
    assert len(report.audience.warnings) == 1
    assert "No Terminated employees are visible" in report.audience.warnings[0]
    assert "cannot tell these apart" in report.audience.warnings[0]
    assert "Terminated" not in report.audience.counts
    assert not report.ok
    fix = report.check("view:Personal")
    assert fix is not None
    assert fix.fix == (
        "Settings > Account > Permissions groups > <your group> > People's data > Personal > "
        "tick 'View selected employees' Personal sections'"
    )
    assert "date_of_birth" in fix.unlocks
    assert_never_wrong(run, sandbox.preset_user("partial").grants)
    assert_each_endpoint_once(run)


def activtrak_leaves_out() -> set[str]:
    """What the ActivTrak table leaves out of the full catalogue, among what the API can check."""
    return {
        "View the company's people directory",
        "Add new people to the company",
        "See company's time off settings",
        "Manage company's time off settings",
        "Edit selected employees' email addresses",
        "Adjust selected people's time off balances and bank their overtime",
        *(view(s) for s in SECTIONS if s not in ACTIVTRAK_VIEWS),
        *(history(s) for s in HISTORY_SECTIONS),
        *(edit(s) for s in SECTIONS),
        *(
            f"{folder} > {verb} selected employees' docs in the folder"
            for folder in FOLDERS
            for verb in VERBS
        ),
    }


async def test_activtrak_preset_misses_exactly_what_its_table_leaves_out(
    doctor: Doctor, sandbox: Sandbox
) -> None:
    run = await doctor("activtrak")
    report = run.report
    assert set(report.missing) == activtrak_leaves_out()
    assert len(report.missing) == len(set(report.missing))
    granted = {c.permission for c in report.checks if c.status == "granted"}
    assert granted == {
        *(view(s) for s in ACTIVTRAK_VIEWS),
        "See selected people's time off and sick leave balances",
        "View, approve or decline requests that are pending approval of others",
        "See who's out today",
    }
    # Lifecycle statuses are out of reach, so the audience is flagged as unchecked rather than guessed.
    assert report.audience.visible_employees == 60
    assert report.audience.counts == {}
    assert "cannot be checked" in report.audience.warnings[0]
    assert_never_wrong(run, sandbox.preset_user("activtrak").grants)
    assert_each_endpoint_once(run)


async def test_empty_preset_misses_everything(doctor: Doctor, sandbox: Sandbox) -> None:
    run = await doctor("empty")
    report = run.report
    assert report.credentials == "valid"
    assert report.audience.visible_employees == 0
    not_missing = {c.key for c in report.checks if c.status != "missing"}
    assert not_missing == ABSENT
    assert view("Basic info") in report.missing
    assert "No employee is visible at all" in report.audience.warnings[0]
    assert all(f.status == "hidden" for f in report.fields)
    assert_never_wrong(run, sandbox.preset_user("empty").grants)
    assert_each_endpoint_once(run)


async def test_wrong_token_is_invalid_credentials_after_one_request(doctor: Doctor) -> None:
    run = await doctor("full", token="not-the-token")
    assert run.report.credentials == "invalid"
    assert run.report.checks == []
    assert run.report.missing == []
    assert not run.report.ok
    assert run.calls == {"GET /v1/company/people/fields": 1}
    assert run.report.calls == 1
