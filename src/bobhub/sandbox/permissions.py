"""Permission groups of the simulated HiBob: HiBob's own permission wording, and the four presets.

A permission is (tab, section, wording) exactly as HiBob's UI and the seed guides show it (straight
apostrophes). Category rights follow HiBob's pattern "View selected employees' <Section> sections",
"... section histories" and "Edit ...", where <Section> is the category's display name, so custom
categories get permissions without any code here knowing them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from bobhub.sandbox.model import (
    EMPLOYED,
    GARDEN_LEAVE,
    HIRED,
    LEAVE,
    PARENTAL_LEAVE,
    TERMINATED,
    Company,
)

FEATURES = "Features"
PEOPLES_DATA = "People's data"


@dataclass(frozen=True, slots=True)
class Permission:
    """One tickable permission of a HiBob permission group."""

    tab: str
    section: str
    wording: str


def view(section: str) -> Permission:
    return Permission(PEOPLES_DATA, section, f"View selected employees' {section} sections")


def view_history(section: str) -> Permission:
    return Permission(PEOPLES_DATA, section, f"View selected employees' {section} section histories")


def edit(section: str) -> Permission:
    return Permission(PEOPLES_DATA, section, f"Edit selected employees' {section} sections")


# Features tab
VIEW_DIRECTORY = Permission(FEATURES, "Directory", "View the company's people directory")
ADD_PEOPLE = Permission(FEATURES, "Employees", "Add new people to the company")
EXPORT_ORG_CHART = Permission(FEATURES, "Organisational chart", "Export the company's org chart")
VIEW_ORG_CHART = Permission(FEATURES, "Organisational chart", "View the company's org chart")
SEE_TIME_OFF_SETTINGS = Permission(FEATURES, "Time off settings", "See company's time off settings")
MANAGE_TIME_OFF_SETTINGS = Permission(FEATURES, "Time off settings", "Manage company's time off settings")

# People's data tab: specials
EDIT_EMAIL = Permission(PEOPLES_DATA, "Email", "Edit selected employees' email addresses")
PROFILE_HISTORY = Permission(PEOPLES_DATA, "History", "View selected employees' profile changes history")

# People's data tab: time off
BALANCE = Permission(PEOPLES_DATA, "Balance", "See selected people's time off and sick leave balances")
ADJUST_BALANCE = Permission(
    PEOPLES_DATA, "Balance", "Adjust selected people's time off balances and bank their overtime"
)
BANK_OVERTIME = Permission(PEOPLES_DATA, "Balance", "Bank overtime on behalf of their employees")
APPROVE_REQUESTS = Permission(
    PEOPLES_DATA, "Requests", "View, approve or decline requests that are pending approval of others"
)
MANAGE_REQUESTS = Permission(
    PEOPLES_DATA, "Requests", "Create edit and cancel people's requests that haven't been approved yet"
)
WHOS_OUT = Permission(PEOPLES_DATA, "See who's out today", "See who's out today")
WHOS_OUT_PRIVATE = Permission(PEOPLES_DATA, "See who's out today", "See who's out because of private policy")


def docs_view(folder: str) -> Permission:
    return Permission(PEOPLES_DATA, folder, "View selected employees' docs in the folder")


def docs_upload(folder: str) -> Permission:
    return Permission(PEOPLES_DATA, folder, "Upload selected employees' docs in the folder")


def docs_delete(folder: str) -> Permission:
    return Permission(PEOPLES_DATA, folder, "Delete selected employees' docs in the folder")


# The People's data sections of the StackOne guide, with the verbs it ticks for each
# (v = view, h = view section histories, e = edit).
STACKONE_SECTIONS = {
    "About": "ve",
    "Address": "vhe",
    "Basic info": "ve",
    "EEO": "ve",
    "Emergency": "ve",
    "Employment": "vhe",
    "Home": "ve",
    "Identification": "vhe",
    "Jobs": "vhe",
    "Lifecycle": "vhe",
    "Payroll": "vhe",
    "People analytics": "vh",
    "Personal": "vhe",
    "Personal contact details": "ve",
    "Training": "ve",
    "User data": "ve",
    "Work": "vhe",
    "Work contact details": "ve",
    "Work eligibility": "ve",
}


def section_permissions(sections: dict[str, str]) -> set[Permission]:
    verbs = {"v": view, "h": view_history, "e": edit}
    return {verbs[v](section) for section, letters in sections.items() for v in letters}


STACKONE_PERMISSIONS: frozenset[Permission] = frozenset(
    section_permissions(STACKONE_SECTIONS)
    | {
        VIEW_DIRECTORY,
        ADD_PEOPLE,
        EXPORT_ORG_CHART,
        VIEW_ORG_CHART,
        SEE_TIME_OFF_SETTINGS,
        EDIT_EMAIL,
        PROFILE_HISTORY,
        docs_view("Confidential Docs"),
        docs_upload("Confidential Docs"),
        docs_view("Shared Docs"),
        docs_upload("Shared Docs"),
        BANK_OVERTIME,
        BALANCE,
        APPROVE_REQUESTS,
        WHOS_OUT,
    }
)

ACTIVTRAK_PERMISSIONS: frozenset[Permission] = frozenset(
    {
        view("Basic info"),
        view("Employment"),
        view("Work"),
        view("Work contact details"),
        BALANCE,
        # The ActivTrak table's "People > Requests" row, read-only: the Requests permission that lets the
        # group see requests that are still pending (the write one is MANAGE_REQUESTS).
        APPROVE_REQUESTS,
        WHOS_OUT,
    }
)

# "Hired, Employed, Terminated, and Leave (all types)"
STANDARD_AUDIENCE = frozenset({HIRED, EMPLOYED, TERMINATED, LEAVE, PARENTAL_LEAVE, GARDEN_LEAVE})


@dataclass(frozen=True, slots=True)
class Grants:
    """What one service user may do: its permission group's permissions and audience.

    `audience` holds the lifecycle statuses of the people the group can access ("Select people by
    condition"); `in_group` is False for a service user in no permission group.
    """

    permissions: frozenset[Permission] = frozenset()
    audience: frozenset[str] = frozenset()
    in_group: bool = True
    _sections: frozenset[tuple[str, str]] = field(default=frozenset(), repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_sections", frozenset((p.section, p.wording) for p in self.permissions))

    def has(self, permission: Permission) -> bool:
        return (permission.section, permission.wording) in self._sections

    def can_view(self, section: str) -> bool:
        return self.has(view(section))

    def can_view_history(self, section: str) -> bool:
        return self.has(view_history(section))

    def can_edit(self, section: str) -> bool:
        return self.has(edit(section))

    def sees(self, lifecycle_status: str) -> bool:
        return lifecycle_status in self.audience

    def visible_categories(self, company: Company) -> frozenset[str]:
        """Category ids whose fields this service user can read."""
        return frozenset(cid for cid, cat in company.categories.items() if self.can_view(cat.display_name))


def all_category_permissions(company: Company) -> set[Permission]:
    """View, view history and edit on every category of the company, custom ones included."""
    sections = {cat.display_name: "vhe" for cat in company.categories.values()}
    return section_permissions(sections)


def all_folder_permissions(company: Company) -> set[Permission]:
    return {p(f.name) for f in company.folders.values() for p in (docs_view, docs_upload, docs_delete)}


def preset_grants(preset: str, company: Company) -> Grants:
    """The permission group of one of the four presets every sandbox company has."""
    if preset == "empty":
        return Grants(in_group=False)
    if preset == "activtrak":
        return Grants(ACTIVTRAK_PERMISSIONS, STANDARD_AUDIENCE)
    full = (
        set(STACKONE_PERMISSIONS)
        # Beyond the StackOne list: every category the company has (custom ones, Financial), every
        # folder, and the time-off rights hibob-api-notes.md adds, so `full` can read everything.
        | all_category_permissions(company)
        | all_folder_permissions(company)
        | {MANAGE_TIME_OFF_SETTINGS, ADJUST_BALANCE, MANAGE_REQUESTS, WHOS_OUT_PRIVATE}
    )
    if preset == "full":
        return Grants(frozenset(full), STANDARD_AUDIENCE)
    if preset == "partial":
        personal = {view("Personal"), view_history("Personal"), edit("Personal")}
        partial = full - personal - {view_history("Work")}
        return Grants(frozenset(partial), STANDARD_AUDIENCE - {TERMINATED})
    raise ValueError(f"unknown preset {preset!r}")


PRESETS = ("full", "activtrak", "partial", "empty")


def grants_from_wordings(items: Iterable[tuple[str, str, str]], audience: Iterable[str]) -> Grants:
    """Grants from (tab, section, wording) triples, as the admin API accepts custom groups."""
    return Grants(frozenset(Permission(*item) for item in items), frozenset(audience))
