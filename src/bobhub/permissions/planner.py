"""The least-privilege planner: the smallest set of HiBob permissions for the bobhub features chosen.

`plan(["employees", "time_off"])` is exactly the ActivTrak guide's table; `history`, `documents` and
`write` add what those features read or change. The group's audience ("Whose data can members
access?") is advice that goes with every plan: `AUDIENCE`.
"""

from __future__ import annotations

from bobhub.permissions import catalogue as cat
from bobhub.permissions.catalogue import PermissionSpec

FEATURES = ("employees", "history", "time_off", "documents", "write")
AUDIENCE = ("Hired", "Employed", "Terminated", "Leave")
EMPLOYEE_SECTIONS = ("Basic info", "Employment", "Work", "Work contact details")
# The history tables bobhub syncs: work, employment, lifecycle and salaries (Payroll).
HISTORY_SECTIONS = ("Work", "Employment", "Lifecycle", "Payroll")
# Terminations are edits of the Lifecycle section.
WRITE_SECTIONS = (*EMPLOYEE_SECTIONS, "Lifecycle")


def section(name: str, verb: str) -> PermissionSpec:
    """One verb ("view", "history", "edit") of a seed section, with HiBob's default fields."""
    found = next((s for s in cat.seed_section_specs(name) if s.key == f"{verb}:{name}"), None)
    if found is None:
        raise ValueError(f"HiBob offers no {verb} permission on {name}")
    return found


def chosen_features(features: list[str]) -> set[str]:
    chosen = {f.strip().lower().replace("-", "_") for f in features if f.strip()}
    unknown = sorted(chosen - set(FEATURES))
    if unknown:
        raise ValueError(f"unknown feature(s) {', '.join(unknown)}; choose from {', '.join(FEATURES)}")
    if not chosen:
        raise ValueError(f"choose at least one feature from {', '.join(FEATURES)}")
    if "write" in chosen:
        chosen.add("employees")  # a write is read back to confirm it
    return chosen


def plan(features: list[str]) -> list[PermissionSpec]:
    """The permissions to tick for `features`, in HiBob's UI order; ValueError on an unknown feature."""
    chosen = chosen_features(features)
    specs: list[PermissionSpec] = []
    if "employees" in chosen:
        specs += [section(name, "view") for name in EMPLOYEE_SECTIONS]
    if "history" in chosen:
        specs += [section(name, verb) for name in HISTORY_SECTIONS for verb in ("view", "history")]
    if "time_off" in chosen:
        specs += [cat.BALANCE, cat.APPROVE_REQUESTS, cat.WHOS_OUT]
    if "documents" in chosen:
        specs += [cat.folder_specs(folder)[0] for folder in cat.SEED_FOLDERS]
    if "write" in chosen:
        specs += write_permissions(chosen)
    return cat.ordered(specs)


def write_permissions(chosen: set[str]) -> list[PermissionSpec]:
    specs = [cat.ADD_PEOPLE, cat.EDIT_EMAIL, section("Lifecycle", "view")]
    specs += [section(name, "edit") for name in WRITE_SECTIONS]
    if "time_off" in chosen:
        # HiBob wants "Manage company's time off settings" too for creating a request (api notes §6.2).
        specs += [cat.MANAGE_REQUESTS, cat.MANAGE_TIME_OFF_SETTINGS, cat.ADJUST_BALANCE]
    if "documents" in chosen:
        specs += [cat.folder_specs(folder)[1] for folder in cat.SEED_FOLDERS]
    return specs
