"""The least-privilege planner, and the catalogue it draws from against the seed guides' wording."""

from __future__ import annotations

import pytest
from rich.console import Console

from bobhub.permissions import AUDIENCE, all_seed_permissions, plan, render_plan
from bobhub.sandbox.permissions import ACTIVTRAK_PERMISSIONS, STACKONE_PERMISSIONS

ACTIVTRAK_TABLE = [
    ("Basic info", "View selected employees' Basic info sections"),
    ("Employment", "View selected employees' Employment sections"),
    ("Work", "View selected employees' Work sections"),
    ("Work contact details", "View selected employees' Work contact details sections"),
    ("Balance", "See selected people's time off and sick leave balances"),
    ("Requests", "View, approve or decline requests that are pending approval of others"),
    ("See who's out today", "See who's out today"),
]


def pairs(features: list[str]) -> list[tuple[str, str]]:
    return [(p.section, p.wording) for p in plan(features)]


def test_employees_and_time_off_is_the_activtrak_table() -> None:
    assert pairs(["employees", "time_off"]) == ACTIVTRAK_TABLE
    # ... which is also the sandbox's activtrak preset, word for word.
    assert set(ACTIVTRAK_TABLE) == {(p.section, p.wording) for p in ACTIVTRAK_PERMISSIONS}
    assert AUDIENCE == ("Hired", "Employed", "Terminated", "Leave")


def test_plan_comes_with_the_audience_advice_and_ui_paths() -> None:
    console = Console(record=True, width=250, color_system=None)
    render_plan(plan(["employees", "time_off"]), console)
    text = console.export_text()
    assert "Audience: select people by condition with lifecycle statuses " + ", ".join(AUDIENCE) in text
    assert (
        "Settings > Account > Permissions groups > <your group> > People's data > Time off > Balance > "
        "tick 'See selected people's time off and sick leave balances'"
    ) in text


def test_history_adds_the_section_histories_of_the_synced_tables() -> None:
    added = set(pairs(["employees", "history"])) - set(pairs(["employees"]))
    assert added == {
        ("Work", "View selected employees' Work section histories"),
        ("Employment", "View selected employees' Employment section histories"),
        ("Lifecycle", "View selected employees' Lifecycle sections"),
        ("Lifecycle", "View selected employees' Lifecycle section histories"),
        ("Payroll", "View selected employees' Payroll sections"),
        ("Payroll", "View selected employees' Payroll section histories"),
    }


def test_documents_adds_view_per_folder() -> None:
    assert pairs(["documents"]) == [
        ("Shared Docs", "View selected employees' docs in the folder"),
        ("Confidential Docs", "View selected employees' docs in the folder"),
    ]


def test_write_adds_edit_add_and_upload_permissions() -> None:
    read = set(pairs(["employees", "time_off", "documents"]))
    written = set(pairs(["employees", "time_off", "documents", "write"])) - read
    assert {
        ("Employees", "Add new people to the company"),
        ("Email", "Edit selected employees' email addresses"),
        ("Basic info", "Edit selected employees' Basic info sections"),
        ("Work", "Edit selected employees' Work sections"),
        ("Lifecycle", "Edit selected employees' Lifecycle sections"),
        ("Requests", "Create edit and cancel people's requests that haven't been approved yet"),
        ("Settings", "Manage company's time off settings"),
        ("Shared Docs", "Upload selected employees' docs in the folder"),
        ("Confidential Docs", "Upload selected employees' docs in the folder"),
    } <= written
    assert not any(w.startswith(("View", "See")) and s != "Lifecycle" for s, w in written)
    # Writing alone still reads employees back, and nothing is listed twice.
    alone = pairs(["write"])
    assert set(pairs(["employees"])) <= set(alone)
    assert len(alone) == len(set(alone))


def test_unknown_feature_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="payroll"):
        plan(["employees", "payroll"])
    with pytest.raises(ValueError, match="at least one"):
        plan([])


def test_catalogue_names_every_seed_permission_with_straight_apostrophes() -> None:
    catalogue = all_seed_permissions()
    keyed = {(p.section, p.wording) for p in catalogue}
    wordings = {p.wording for p in catalogue}
    for permission in STACKONE_PERMISSIONS:
        if permission.tab == "Features":
            assert permission.wording in wordings, permission
        else:
            assert (permission.section, permission.wording) in keyed, permission
    for added in (
        ("Personal", "Edit selected employees' Personal sections"),
        ("Identification", "Edit selected employees' Identification sections"),
        ("Settings", "Manage company's time off settings"),
        ("Requests", "Create edit and cancel people's requests that haven't been approved yet"),
        ("See who's out today", "See who's out because of private policy"),
        ("Balance", "Adjust selected people's time off balances and bank their overtime"),
        ("Shared Docs", "Delete selected employees' docs in the folder"),
    ):
        assert added in keyed, added
    assert not any("’" in p.wording for p in catalogue)
    assert len({p.key for p in catalogue}) == len(catalogue)
