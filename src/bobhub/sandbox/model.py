"""The in-memory state of one simulated HiBob company: metadata, employees, tables, time off, documents.

Everything the sandbox serves is read from and written to these plain dataclasses; routes never keep
state of their own. Values are stored in HiBob's *machine* format (list item ids, ISO dates).
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Any

# Lifecycle statuses in HiBob's lowercase machine format (internal.lifecycleStatus).
HIRED, EMPLOYED, LEAVE, PARENTAL_LEAVE, GARDEN_LEAVE, TERMINATED = (
    "hired",
    "employed",
    "leave",
    "parental leave",
    "garden leave",
    "terminated",
)
LIFECYCLE_STATUSES = (HIRED, EMPLOYED, LEAVE, PARENTAL_LEAVE, GARDEN_LEAVE, TERMINATED)
# internal.status (access status): Hired and Terminated people are Inactive; garden leave stays Active.
INACTIVE_STATUSES = frozenset({HIRED, TERMINATED})

# Employee tables and the category whose permissions gate them.
TABLE_CATEGORIES = {
    "work": "work",
    "employment": "employment",
    "lifecycle": "internal",
    "salaries": "payroll",
    "variable": "payroll",
    "equities": "payroll",
    "training": "training",
    "bank-accounts": "financial",
}
HISTORICAL_TABLES = ("work", "employment", "lifecycle", "salaries")


@dataclass(slots=True)
class Category:
    """A field category; the unit HiBob grants View / View history / Edit on."""

    id: str
    display_name: str
    custom: bool = False


@dataclass(slots=True)
class FieldDef:
    """One entry of `GET /company/people/fields`."""

    id: str  # canonical dot id, e.g. "work.department"
    category_id: str
    name: str
    type: str  # text, text-area, number, date, list, multi-list, hierarchy-list, currency, ...
    json_path: str  # path inside the employee object; root fields have no prefix ("firstName")
    list_id: str | None = None
    historical: bool = False
    description: str | None = None
    custom: bool = False
    calculated: bool = False  # read-only (e.g. root.fullName, employee.orgLevel)

    def metadata(self, category: Category) -> dict[str, Any]:
        """The field as HiBob's metadata endpoint serialises it."""
        return {
            "id": self.id,
            "categoryId": self.category_id,
            "categoryDisplayName": category.display_name,
            "category": self.category_id,
            "name": self.name,
            "description": self.description,
            "jsonPath": self.json_path,
            "type": self.type,
            "typeData": {"listId": self.list_id} if self.list_id else {},
            "historical": self.historical,
        }


@dataclass(slots=True)
class ListItem:
    """An item of a named list; hierarchy lists (department) nest through `children`."""

    id: str
    value: str
    archived: bool = False
    parent_id: str | None = None
    children: list[ListItem] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "value": self.value,
            "name": self.value,
            "archived": self.archived,
            "children": [child.to_json() for child in self.children],
        }


@dataclass(slots=True)
class NamedList:
    """A named list (departments, sites, titles, ...) with an index of every item by id."""

    name: str
    items: list[ListItem] = field(default_factory=list)
    by_id: dict[str, ListItem] = field(default_factory=dict)

    def add(self, item: ListItem) -> ListItem:
        parent = self.by_id.get(item.parent_id) if item.parent_id else None
        (parent.children if parent else self.items).append(item)
        self.by_id[item.id] = item
        return item

    def find_value(self, value: str) -> ListItem | None:
        return next((i for i in self.by_id.values() if i.value == value and not i.archived), None)

    def to_json(self, include_archived: bool = True) -> dict[str, Any]:
        def keep(item: ListItem) -> dict[str, Any] | None:
            if item.archived and not include_archived:
                return None
            data = item.to_json()
            data["children"] = [c for c in (keep(ch) for ch in item.children) if c is not None]
            return data

        return {"name": self.name, "items": [j for j in (keep(i) for i in self.items) if j is not None]}


@dataclass(slots=True)
class Employee:
    """One person. `values` maps field id → machine value; an absent key reads as null."""

    id: str
    values: dict[str, Any]
    # table name → rows (dicts in HiBob's table JSON shape, each with an integer "id")
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # policy type name → policy name assigned to this employee
    policies: dict[str, str] = field(default_factory=dict)
    avatar_url: str | None = None
    version: int = 0  # bumped on every change; lets renderers cache

    @property
    def email(self) -> str:
        return str(self.values.get("root.email") or "")

    @property
    def lifecycle_status(self) -> str:
        return str(self.values.get("internal.lifecycleStatus") or EMPLOYED)

    @property
    def active(self) -> bool:
        return self.values.get("internal.status") == "Active"

    def touch(self) -> None:
        self.version += 1


@dataclass(slots=True)
class PolicyType:
    """A time-off policy type (Holiday, Sick, ...), measured in days or hours."""

    name: str
    unit: str  # "days" | "hours"
    activity: str = "paidTimeoff"  # paidTimeoff | unpaidTimeoff | workTime
    reason_codes: list[dict[str, Any]] = field(default_factory=list)
    private: bool = False  # requests only visible with "See who's out because of private policy"


@dataclass(slots=True)
class Policy:
    """A time-off policy: the yearly allowance of one policy type."""

    name: str
    policy_type: str
    allowance: float  # per year, in the policy type's unit
    unit: str
    description: str = ""
    approval_required: bool = True
    max_balance: float | None = None
    min_balance: float | None = None


@dataclass(slots=True)
class TimeOffRequest:
    """A time-off request in HiBob's shape; `status` is approved | pending | canceled | declined."""

    id: int
    employee_id: str
    policy_type: str
    range_type: str  # days | hours | portionOnRange
    start_date: dt.date
    end_date: dt.date
    status: str
    created_on: dt.datetime
    start_portion: str = "all_day"
    end_portion: str = "all_day"
    day_portion: str | None = None  # portionOnRange: morning | afternoon
    hours: int | None = None  # hours requests
    minutes: int | None = None
    description: str | None = None
    reason_code: int | None = None
    approved_by: str | None = None
    approved_at: dt.datetime | None = None
    declined_by: str | None = None
    declined_at: dt.datetime | None = None
    decline_reason: str | None = None
    previous_request_id: int | None = None
    original_request_id: int | None = None
    private: bool = False
    unit: str = "days"
    duration: float = 0.0  # total duration in the unit
    cost: float = 0.0  # balance deducted


@dataclass(slots=True)
class TimeOffChange:
    """One entry of the time-off change log served by /timeoff/requests/changes."""

    at: dt.datetime
    change_type: str  # Created | Canceled | Deleted | Pending
    request: TimeOffRequest
    snapshot: dict[str, Any]
    reason: str | None = None


@dataclass(slots=True)
class Adjustment:
    """An admin balance adjustment (`adjustmentType` balance or daysUsed)."""

    employee_id: str
    policy_type: str
    adjustment_type: str
    effective_date: dt.date
    amount: float
    reason: str


@dataclass(slots=True)
class Folder:
    """A document folder: shared, confidential or a custom one."""

    id: str
    name: str
    folder_type: str  # shared | confidential | custom


@dataclass(slots=True)
class Document:
    """An employee document in one folder."""

    id: int
    employee_id: str
    folder_id: str
    name: str
    url: str
    created: dt.datetime
    uploaded_by: str
    tags: list[str] = field(default_factory=list)
    mime_type: str = "application/pdf"
    content: bytes | None = None


@dataclass(slots=True)
class Task:
    """An onboarding/offboarding to-do assigned to an owner for an employee."""

    id: int
    title: str
    owner_id: str
    requested_for_id: str
    due: dt.date
    status: str = "open"  # open | closed
    description: str | None = None
    completion_date: dt.date | None = None
    workflow: str = "Onboarding"
    set: str = "Onboarding"


@dataclass(slots=True)
class Report:
    """A saved company report (a people view over some fields)."""

    id: int
    name: str
    fields: list[str]
    description: str = ""
    created_by: str = ""
    creation_date: dt.date = field(default_factory=dt.date.today)


@dataclass(slots=True)
class Company:
    """One HiBob tenant. The generator fills it; routes and admin changes mutate it."""

    id: int
    name: str
    seed: int
    today: dt.date
    categories: dict[str, Category] = field(default_factory=dict)
    fields: dict[str, FieldDef] = field(default_factory=dict)
    lists: dict[str, NamedList] = field(default_factory=dict)
    employees: dict[str, Employee] = field(default_factory=dict)
    by_email: dict[str, str] = field(default_factory=dict)  # lowercase email → employee id
    policy_types: dict[str, PolicyType] = field(default_factory=dict)
    policies: dict[str, Policy] = field(default_factory=dict)
    requests: dict[int, TimeOffRequest] = field(default_factory=dict)
    changes: list[TimeOffChange] = field(default_factory=list)
    adjustments: list[Adjustment] = field(default_factory=list)
    folders: dict[str, Folder] = field(default_factory=dict)
    documents: dict[int, Document] = field(default_factory=dict)
    tasks: dict[int, Task] = field(default_factory=dict)
    reports: dict[int, Report] = field(default_factory=dict)
    # report name → ready-at time for async downloads (GET .../download/{name} answers 204 until then)
    pending_reports: dict[str, tuple[dt.datetime, int, str]] = field(default_factory=dict)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1_000_000))

    def next_id(self) -> int:
        """A fresh integer id for table rows, requests, documents, tasks and list items."""
        return next(self._ids)

    def employee(self, identifier: str) -> Employee | None:
        """Look an employee up by HiBob id or (case-insensitive) email."""
        found = self.employees.get(identifier)
        if found is None and "@" in identifier:
            emp_id = self.by_email.get(identifier.lower())
            found = self.employees.get(emp_id) if emp_id else None
        return found

    def add_employee(self, employee: Employee) -> None:
        self.employees[employee.id] = employee
        if employee.email:
            self.by_email[employee.email.lower()] = employee.id

    def list_label(self, list_id: str | None, item_id: Any) -> str | None:
        """The display value of a list item id, or None when the id is unknown."""
        named = self.lists.get(list_id or "")
        item = named.by_id.get(str(item_id)) if named else None
        return item.value if item else None
