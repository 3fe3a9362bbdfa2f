"""The HiBob permission each endpoint needs, in HiBob's own wording, so a 403 can say what to grant.

Wording follows HiBob's permission-group UI as the seed guides quote it ("<tab> > <section> >
<permission>"). HiBob's 403 body does not name the permission, so the client states it. Where HiBob does
not document an endpoint's permission (reports, tasks, invitations, terminate), we name the closest
permission of the same section and say so next to the entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

FEATURES = "Features"
PEOPLES_DATA = "People's data"

# Standard category ids → the section HiBob's permission group shows (custom categories: their name).
SECTIONS = {
    "root": "Basic info",
    "about": "About",
    "work": "Work",
    "workContact": "Work contact details",
    "personalContact": "Personal contact details",
    "employment": "Employment",
    "personal": "Personal",
    "home": "Home",
    "address": "Address",
    "payroll": "Payroll",
    "financial": "Financial",
    "identification": "Identification",
    "internal": "Lifecycle",
    "eeo": "EEO",
    "emergency": "Emergency",
    "peopleAnalytics": "People analytics",
    "workEligibility": "Work eligibility",
    "training": "Training",
}
# Employee tables → the section whose permissions gate them.
TABLE_SECTIONS = {
    "work": "Work",
    "employment": "Employment",
    "lifecycle": "Lifecycle",
    "salaries": "Payroll",
    "variable": "Payroll",
    "equities": "Payroll",
    "training": "Training",
    "bank-accounts": "Financial",
}
TIME_OFF_SETTINGS = f"{FEATURES} > Time off settings > See company's time off settings"
MANAGE_TIME_OFF_SETTINGS = f"{FEATURES} > Time off settings > Manage company's time off settings"
MANAGE_REQUESTS = (
    f"{PEOPLES_DATA} > Requests > Create edit and cancel people's requests that haven't been approved yet"
)
WHOS_OUT = f"{PEOPLES_DATA} > See who's out today > See who's out today"
FOLDERS = {"shared": "Shared Docs", "confidential": "Confidential Docs"}


def view(section: str) -> str:
    return f"{PEOPLES_DATA} > {section} > View selected employees' {section} sections"


def view_history(section: str) -> str:
    return f"{PEOPLES_DATA} > {section} > View selected employees' {section} section histories"


def edit(section: str) -> str:
    return f"{PEOPLES_DATA} > {section} > Edit selected employees' {section} sections"


def folder_permission(folder: str, verb: str) -> str:
    return f"{PEOPLES_DATA} > {folder} > {verb} selected employees' docs in the folder"


def both(*permissions: str) -> str:
    return " and ".join(permissions)


FIXED: dict[str, str] = {
    "POST /people/search": view("Basic info"),
    "POST /people/{identifier}": view("Basic info"),
    "POST /people": f"{FEATURES} > Employees > Add new people to the company",
    "PUT /people/{identifier}/email": f"{PEOPLES_DATA} > Email > Edit selected employees' email addresses",
    "GET /profiles": f"{FEATURES} > Directory > View the company's people directory",
    # Assumption: lifecycle actions (terminate, invitations) edit the Lifecycle section, the start date Work.
    "POST /employees/{identifier}/terminate": edit("Lifecycle"),
    "POST /employees/{employeeId}/start-date": edit("Work"),
    "POST /employees/{employeeId}/invitations": edit("Lifecycle"),
    "POST /employees/{identifier}/uninvite": edit("Lifecycle"),
    "GET /avatars/{employeeId}": view("Basic info"),
    "GET /avatars": view("Basic info"),
    "PUT /avatars/{employeeId}": edit("Basic info"),
    "GET /timeoff/employees/{id}/balance": (
        f"{PEOPLES_DATA} > Balance > See selected people's time off and sick leave balances"
    ),
    "POST /timeoff/employees/{id}/adjustments": (
        f"{PEOPLES_DATA} > Balance > Adjust selected people's time off balances and bank their overtime"
    ),
    "POST /timeoff/employees/{id}/requests": both(MANAGE_REQUESTS, MANAGE_TIME_OFF_SETTINGS),
    "GET /timeoff/employees/{id}/requests/{requestId}": MANAGE_REQUESTS,
    "DELETE /timeoff/employees/{id}/requests/{requestId}": MANAGE_REQUESTS,
    "POST /timeoff/policy-types/{policyType}/reason-codes": MANAGE_TIME_OFF_SETTINGS,
    "GET /timeoff/whosout": WHOS_OUT,
    "GET /timeoff/outtoday": WHOS_OUT,
    "GET /timeoff/requests/changes": WHOS_OUT,
    # Assumption: HiBob's reports and tasks permissions were not captured; these are its UI's wording.
    "GET /company/reports": f"{FEATURES} > Reports > View reports according to people's data access rights",
    "GET /tasks": (
        f"{PEOPLES_DATA} > People's tasks > View and mark selected people's tasks as complete or incomplete"
    ),
}


def permission_for(method: str, template: str, path: Mapping[str, Any], body: Any = None) -> str | None:
    """What to grant when HiBob answers 403 to a call; None when HiBob needs no permission there."""
    endpoint = f"{method} {template}"
    if endpoint in FIXED:
        return FIXED[endpoint]
    if template.startswith("/timeoff/polic"):
        return TIME_OFF_SETTINGS
    if template.startswith("/company/reports"):
        return FIXED["GET /company/reports"]
    if template.startswith("/tasks"):
        return FIXED["GET /tasks"]
    if template.startswith("/docs/"):
        return _documents(method, template, path)
    if template.startswith(("/people/{id}/", "/bulk/people/")):
        return _table(method, template)
    if template.startswith("/people/custom-tables/{employeeId}"):
        verb = view if method == "GET" else edit
        return verb(f"<the category of custom table {path.get('tableId')}>")
    if endpoint == "PUT /people/{identifier}":
        return both(*(edit(s) for s in _sections_of(body)))
    # Field metadata, named lists and custom-table metadata need no permission (only a permission group).
    return None


def _table(method: str, template: str) -> str | None:
    parts = template.split("/")  # /people/{id}/<table>[/{entryId}] or /bulk/people/<table>
    section = TABLE_SECTIONS.get(parts[3] if len(parts) > 3 else "")
    if section is None:
        return None
    if method != "GET":
        return edit(section)
    # View gives the current row, View section histories every row (single and bulk reads alike).
    return view(section)


def _documents(method: str, template: str, path: Mapping[str, Any]) -> str | None:
    folder_id = path.get("folderId")
    kind = template.split("/")[4] if template.count("/") >= 4 else ""
    folder = FOLDERS.get(kind) or (f"custom folder {folder_id}" if folder_id else None)
    if method == "GET":
        every = "each document folder (Shared Docs, Confidential Docs, custom folders)"
        return folder_permission(folder or every, "View") if "/people/" in template else None
    verb = "Delete" if method == "DELETE" else "Upload"
    return folder_permission(folder or "the document folder", verb)


def _sections_of(body: Any) -> Iterable[str]:
    """Sections an update body touches: nested category objects, dotted ids, or root fields."""
    if not isinstance(body, Mapping) or not body:
        return ["Basic info"]
    categories: list[str] = []
    for key, value in body.items():
        category = key.split(".", 1)[0] if "." in key else (key if isinstance(value, Mapping) else "root")
        section = SECTIONS.get(category, category)
        if section not in categories:
            categories.append(section)
    return categories
