"""The permission catalogue: every HiBob permission bobhub checks, in HiBob's own wording and UI grouping.

Wording is HiBob's, as the two seed guides and hibob-api-notes.md §6 quote it, with straight apostrophes.
Fixed permissions (Features, time off, email, profile history) are constants here; category permissions
("View selected employees' <Section> sections", "... section histories", "Edit ...") are made from an
account's field metadata (see `account.py`), so renamed, custom and moved categories are handled.
Document folders get their three rights per folder name.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, computed_field

from bobhub.permissions import unified

FEATURES = "Features"
PEOPLES_DATA = "People's data"
PEOPLE, DOCUMENTS, TIME_OFF = "People", "Documents", "Time off"
UI_ROOT = "Settings > Account > Permissions groups > <your group>"
NO_PROBE = "no public API endpoint reads it; not checkable from the API"


class PermissionSpec(BaseModel):
    """One tickable permission: where it sits in HiBob's UI, what it gates, how it is probed, what it unlocks.

    `key` is bobhub's stable id for it (e.g. "view:Personal", "docs_view:Shared Docs").
    """

    model_config = ConfigDict(frozen=True)

    key: str
    tab: str
    group: str
    section: str
    wording: str
    gates: str
    probe: str
    unlocks: tuple[str, ...] = ()

    @computed_field  # type: ignore[prop-decorator]
    @property
    def label(self) -> str:
        """The wording, prefixed by the folder for document rights (their wording is the same per folder)."""
        return f"{self.section} > {self.wording}" if self.key.startswith("docs_") else self.wording

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ui_path(self) -> str:
        """Where to tick it: HiBob's menu path, ending in the permission's exact wording."""
        in_people = (self.tab, self.group) == (PEOPLES_DATA, PEOPLE)
        middle = self.section if in_people else f"{self.group} > {self.section}"
        return f"{UI_ROOT} > {self.tab} > {middle} > tick '{self.wording}'"


def spec(
    key: str, where: tuple[str, str, str], wording: str, gates: str, probe: str, *unlocks: str
) -> PermissionSpec:
    """A PermissionSpec from (tab, group, section) and the rest."""
    tab, group, section = where
    return PermissionSpec(
        key=key,
        tab=tab,
        group=group,
        section=section,
        wording=wording,
        gates=gates,
        probe=probe,
        unlocks=unlocks,
    )


# Features tab
VIEW_DIRECTORY = spec(
    "directory",
    (FEATURES, PEOPLE, "Directory"),
    "View the company's people directory",
    "GET /profiles",
    "GET /profiles: 200 granted, 403 missing",
    "directory",
)
ADD_PEOPLE = spec(
    "add_people",
    (FEATURES, PEOPLE, "Employees"),
    "Add new people to the company",
    "POST /people",
    "POST /people with an empty body: 403 missing, 400 granted",
    "employee_create",
)
EXPORT_ORG_CHART = spec(
    "org_chart_export",
    (FEATURES, PEOPLE, "Organisational chart"),
    "Export the company's org chart",
    "the org chart in Bob's UI",
    NO_PROBE,
    "org_chart",
)
VIEW_ORG_CHART = spec(
    "org_chart_view",
    (FEATURES, PEOPLE, "Organisational chart"),
    "View the company's org chart",
    "the org chart in Bob's UI",
    NO_PROBE,
    "org_chart",
)
SEE_TIME_OFF_SETTINGS = spec(
    "time_off_settings",
    (FEATURES, TIME_OFF, "Settings"),
    "See company's time off settings",
    "GET /timeoff/policy-types, /timeoff/policies",
    "GET /timeoff/policy-types: 200 granted, 403 missing",
    "time_off_policies",
)
MANAGE_TIME_OFF_SETTINGS = spec(
    "time_off_settings_manage",
    (FEATURES, TIME_OFF, "Settings"),
    "Manage company's time off settings",
    "POST /timeoff/policy-types/{policyType}/reason-codes, and creating time-off requests",
    "POST .../reason-codes with an empty list: 403 missing, 400/404 granted",
    "time_off_request_writes",
    "time_off_reason_codes",
)

# People's data tab: specials of the People group
EDIT_EMAIL = spec(
    "edit_email",
    (PEOPLES_DATA, PEOPLE, "Email"),
    "Edit selected employees' email addresses",
    "PUT /people/{id}/email",
    "PUT /people/{id}/email with an invalid address: 403 missing, 400 granted",
    "work_email_updates",
)
PROFILE_HISTORY = spec(
    "profile_history",
    (PEOPLES_DATA, PEOPLE, "History"),
    "View selected employees' profile changes history",
    "the profile change log in Bob's UI",
    NO_PROBE,
    "profile_change_history",
)

# People's data tab: time off
BALANCE = spec(
    "balance",
    (PEOPLES_DATA, TIME_OFF, "Balance"),
    "See selected people's time off and sick leave balances",
    "GET /timeoff/employees/{id}/balance",
    "one balance read for one visible employee: 200 granted, 403 missing",
    "time_off_balances",
)
ADJUST_BALANCE = spec(
    "balance_adjust",
    (PEOPLES_DATA, TIME_OFF, "Balance"),
    "Adjust selected people's time off balances and bank their overtime",
    "POST /timeoff/employees/{id}/adjustments",
    "an adjustment with an invalid date: 403 missing, 400 granted",
    "time_off_balance_adjustments",
)
BANK_OVERTIME = spec(
    "bank_overtime",
    (PEOPLES_DATA, TIME_OFF, "Balance"),
    "Bank overtime on behalf of their employees",
    "overtime banking in Bob's UI",
    NO_PROBE,
    "overtime_banking",
)
# The read-only Requests permission: the ActivTrak guide's "People > Requests" row.
APPROVE_REQUESTS = spec(
    "requests_view",
    (PEOPLES_DATA, TIME_OFF, "Requests"),
    "View, approve or decline requests that are pending approval of others",
    "pending requests in GET /timeoff/whosout?includePending=true, GET .../requests/{requestId}",
    "pending requests returned by who's out with includePending=true",
    "pending_time_off_requests",
)
MANAGE_REQUESTS = spec(
    "requests_manage",
    (PEOPLES_DATA, TIME_OFF, "Requests"),
    "Create edit and cancel people's requests that haven't been approved yet",
    "POST and DELETE /timeoff/employees/{id}/requests",
    "a request with an empty body: 403 missing (when time off settings may be managed), 400 granted",
    "time_off_request_writes",
)
WHOS_OUT = spec(
    "whos_out",
    (PEOPLES_DATA, TIME_OFF, "See who's out today"),
    "See who's out today",
    "GET /timeoff/whosout, /timeoff/outtoday, /timeoff/requests/changes",
    "GET /timeoff/whosout: 200 granted, 403 missing",
    "time_off_requests",
)
WHOS_OUT_PRIVATE = spec(
    "whos_out_private",
    (PEOPLES_DATA, TIME_OFF, "See who's out today"),
    "See who's out because of private policy",
    "private-policy requests in GET /timeoff/whosout?includePrivate=true",
    "private requests returned by who's out with includePrivate=true",
    "private_time_off_requests",
)

FEATURE_SPECS = (
    VIEW_DIRECTORY,
    ADD_PEOPLE,
    EXPORT_ORG_CHART,
    VIEW_ORG_CHART,
    SEE_TIME_OFF_SETTINGS,
    MANAGE_TIME_OFF_SETTINGS,
)
TIME_OFF_SPECS = (
    BALANCE,
    ADJUST_BALANCE,
    BANK_OVERTIME,
    APPROVE_REQUESTS,
    MANAGE_REQUESTS,
    WHOS_OUT,
    WHOS_OUT_PRIVATE,
)
PEOPLE_SPECIALS = (EDIT_EMAIL, PROFILE_HISTORY)

# The People's data sections the StackOne guide names, with its verbs (v view, h histories, e edit).
# "Jobs" and "User data" only exist in accounts with those modules.
SEED_SECTIONS = {
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
HISTORY_SECTIONS = frozenset(s for s, verbs in SEED_SECTIONS.items() if "h" in verbs)
SEED_FOLDERS = ("Shared Docs", "Confidential Docs")


def view_spec(section: str, unlocks: tuple[str, ...] = ()) -> PermissionSpec:
    return spec(
        f"view:{section}",
        (PEOPLES_DATA, PEOPLE, section),
        f"View selected employees' {section} sections",
        f"reading the fields of category {section}",
        "one people search for every field: granted when any field of the category comes back",
        *unlocks,
    )


def history_spec(section: str, category_id: str = "") -> PermissionSpec:
    table = unified.HISTORY_TABLES.get(category_id)
    gates = f"every row of GET /bulk/people/{table[0]}" if table else f"past values of {section} fields"
    probe = (
        "one bulk page: granted when an employee has a second or a non-current row"
        if table
        else "no public API endpoint reads these histories; not checkable from the API"
    )
    return spec(
        f"history:{section}",
        (PEOPLES_DATA, PEOPLE, section),
        f"View selected employees' {section} section histories",
        gates,
        probe,
        unified.history_name(category_id, section),
    )


def edit_spec(section: str, sensitive: tuple[str, ...] = ()) -> PermissionSpec:
    reads = " and reading its sensitive fields in full" if sensitive else ""
    return spec(
        f"edit:{section}",
        (PEOPLES_DATA, PEOPLE, section),
        f"Edit selected employees' {section} sections",
        f"updating {section} fields{reads}",
        "PUT /people/{id} with an empty body (403: no Edit at all); sensitive fields tell per section",
        *sensitive,
        "employee_updates",
    )


def folder_specs(folder: str) -> tuple[PermissionSpec, PermissionSpec, PermissionSpec]:
    """View, upload and delete rights of one document folder (the folder's name is the section)."""
    where = (PEOPLES_DATA, DOCUMENTS, folder)
    return (
        spec(
            f"docs_view:{folder}",
            where,
            "View selected employees' docs in the folder",
            f"documents of folder {folder} in GET /docs/people/{{id}}",
            "one employee's documents: folders whose documents come back are granted; 403 means none",
            "documents",
        ),
        spec(
            f"docs_upload:{folder}",
            where,
            "Upload selected employees' docs in the folder",
            f"uploads to folder {folder}",
            "an upload with an empty name and URL: 403 missing, 400 granted",
            "document_uploads",
        ),
        spec(
            f"docs_delete:{folder}",
            where,
            "Delete selected employees' docs in the folder",
            f"deleting documents of folder {folder}",
            "deleting document id 0, which never exists: 403 missing, 404 granted",
            "document_deletes",
        ),
    )


def seed_section_specs(section: str) -> list[PermissionSpec]:
    """A seed section's permissions, unlocking HiBob's default fields (no account metadata at hand)."""
    verbs = SEED_SECTIONS.get(section, "ve")
    found = [view_spec(section, tuple(unified.default_section_fields(section)))]
    if "h" in verbs:
        found.append(history_spec(section, unified.default_category_id(section)))
    if "e" in verbs:
        found.append(edit_spec(section, unified.sensitive_fields(section)))
    return found


def all_seed_permissions() -> list[PermissionSpec]:
    """Every permission the two seed guides and the API notes name, without an account's metadata."""
    people = [found for section in SEED_SECTIONS for found in seed_section_specs(section)]
    folders = [found for folder in SEED_FOLDERS for found in folder_specs(folder)]
    return ordered([*FEATURE_SPECS, *people, *PEOPLE_SPECIALS, *folders, *TIME_OFF_SPECS])


_TAB_ORDER = {FEATURES: 0, PEOPLES_DATA: 1}
_GROUP_ORDER = {PEOPLE: 0, DOCUMENTS: 1, TIME_OFF: 2}
_FIXED_ORDER = {found.key: i for i, found in enumerate((*FEATURE_SPECS, *TIME_OFF_SPECS))}
_VERB_ORDER = {"view": 0, "history": 1, "edit": 2, "docs_view": 0, "docs_upload": 1, "docs_delete": 2}


class Placed(Protocol):
    """Anything placed in HiBob's permission UI: a PermissionSpec, or a report's Check."""

    @property
    def key(self) -> str: ...
    @property
    def tab(self) -> str: ...
    @property
    def group(self) -> str: ...
    @property
    def section(self) -> str: ...


P = TypeVar("P", bound=Placed)


def ordered(specs: list[P]) -> list[P]:
    """In HiBob's UI order, each key once: Features, then People's data (People A-Z, Documents in
    folder order, Time off), each section's permissions as view, histories, edit."""
    unique = list({found.key: found for found in specs}.values())
    folders = {found.section: i for i, found in reversed(list(enumerate(unique))) if found.group == DOCUMENTS}

    def key(found: P) -> tuple[int, int, int, int, str, int]:
        fixed = _FIXED_ORDER.get(found.key, -1)
        folder = folders.get(found.section, 0) if found.group == DOCUMENTS else 0
        section = found.section.lower() if fixed < 0 and found.group == PEOPLE else ""
        verb = _VERB_ORDER.get(found.key.split(":", 1)[0], 0)
        return (_TAB_ORDER[found.tab], _GROUP_ORDER[found.group], fixed, folder, section, verb)

    return sorted(unique, key=key)
