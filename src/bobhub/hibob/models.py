"""Typed shapes of HiBob's answers (pydantic); unknown keys are kept, since HiBob adds fields over time.

Names follow HiBob's camelCase through aliases. Everything HiBob may leave out is optional.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic.alias_generators import to_camel


class HiBobModel(BaseModel):
    """Base: camelCase aliases, extra keys kept in `model_extra`, ids read as strings."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="allow")

    def raw(self) -> dict[str, Any]:
        """The object with HiBob's own key names, extras included."""
        return self.model_dump(by_alias=True, exclude_unset=True)


def _unwrap(value: Any) -> Any:
    """HiBob's document folders wrap every value: {"id": {"value": …}}."""
    return value.get("value") if isinstance(value, dict) and set(value) <= {"value"} else value


# --- metadata -------------------------------------------------------------------------------------


class FieldMetadata(HiBobModel):
    """One entry of `GET /company/people/fields`."""

    id: str
    name: str = ""
    category_id: str = ""
    category_display_name: str | None = None
    description: str | None = None
    json_path: str | None = None
    type: str = ""
    type_data: dict[str, Any] = Field(default_factory=dict)
    historical: bool = False

    @property
    def list_id(self) -> str | None:
        value = self.type_data.get("listId")
        return str(value) if value is not None else None


class ListItem(HiBobModel):
    """An item of a named list; hierarchy lists (departments) nest through `children`."""

    id: str
    value: str = ""
    name: str = ""
    archived: bool = False
    children: list[ListItem] = Field(default_factory=list)

    @field_validator("id", mode="before")
    @classmethod
    def _id_text(cls, value: Any) -> str:
        return str(value)


class NamedList(HiBobModel):
    """A named list (department, site, title…) with its item tree."""

    name: str
    items: list[ListItem] = Field(default_factory=list)

    def walk(self) -> Iterator[ListItem]:
        """Every item, children included, depth first."""
        stack = list(reversed(self.items))
        while stack:
            item = stack.pop()
            yield item
            stack.extend(reversed(item.children))

    def label(self, item_id: Any) -> str | None:
        """The display value of an item id (what employees' machine values point to)."""
        return next((i.value or i.name for i in self.walk() if i.id == str(item_id)), None)


class CustomTableColumn(HiBobModel):
    id: str
    name: str = ""
    description: str | None = None
    mandatory: bool = False
    type: str = ""
    type_data: dict[str, Any] = Field(default_factory=dict)


class CustomTable(HiBobModel):
    """Metadata of a custom employee table."""

    id: str
    name: str = ""
    category: str | None = None
    description: str | None = None
    columns: list[CustomTableColumn] = Field(default_factory=list)


# --- employee tables ------------------------------------------------------------------------------


class TableEntry(HiBobModel):
    """A row of an employee table; table-specific columns are in `model_extra` (see `column`)."""

    id: int | str | None = None
    effective_date: str | None = None
    end_effective_date: str | None = None
    is_current: bool | None = None
    creation_date: str | None = None
    modification_date: str | None = None
    custom_columns: dict[str, Any] = Field(default_factory=dict)

    def column(self, name: str, default: Any = None) -> Any:
        """A column by HiBob's name ("title", "base", "reportsTo"), typed or extra."""
        if self.model_extra and name in self.model_extra:
            return self.model_extra[name]
        return self.raw().get(name, default)


class BulkRow(HiBobModel):
    """One employee's rows from a `/bulk/people/<table>` page."""

    employee_id: str
    values: list[TableEntry] = Field(default_factory=list)

    @field_validator("values", mode="before")
    @classmethod
    def _flatten(cls, value: Any) -> Any:
        # The OpenAPI spec shows each item wrapped as {"values": [...]}; the docs show rows directly.
        if isinstance(value, list) and all(isinstance(v, dict) and set(v) == {"values"} for v in value):
            return [row for wrapper in value for row in wrapper["values"]]
        return value


class BulkError(HiBobModel):
    """An employee a bulk read could not return (outside the service user's access rights)."""

    employee_id: str | None = None
    error: str | None = None
    message: str | None = None

    @classmethod
    def parse(cls, raw: Any) -> BulkError:
        # The spec nests {"employeeId": {"error", "message"}}; flat {"employeeId", "error"} is read too.
        if isinstance(raw, dict) and isinstance(raw.get("employeeId"), dict):
            inner = raw["employeeId"]
            return cls(error=inner.get("error"), message=inner.get("message"))
        return cls.model_validate(raw)


# --- documents, reports, tasks, people ------------------------------------------------------------


class Folder(HiBobModel):
    """A document folder: shared, confidential or custom."""

    id: str
    name: str = ""
    folder_type: str = ""

    @field_validator("id", "name", "folder_type", mode="before")
    @classmethod
    def _unwrap(cls, value: Any) -> Any:
        value = _unwrap(value)
        return str(value) if value is not None else ""


class Document(HiBobModel):
    """A document as listed by `GET /docs/people/{id}` or returned by an upload."""

    id: int | str | None = None
    document_name: str | None = None
    download_link: str | None = None
    folder_id: int | str | None = None
    folder_name: str | None = None
    folder_type: str | None = None
    name: str | None = None
    creation_date: str | None = None
    mime_type: str | None = None
    tags: list[str] = Field(default_factory=list)


class Report(HiBobModel):
    """A saved company report."""

    id: int
    name: str = ""
    description: str | None = None
    type: str | None = None
    folder_id: str | None = None
    created_by: str | None = None
    creation_date: str | None = None
    modification_date: str | None = None
    configuration: dict[str, Any] = Field(default_factory=dict)


class TaskPerson(HiBobModel):
    id: str | None = None
    email: str | None = None
    display_name: str | None = None


class Task(HiBobModel):
    """An open or closed to-do of an onboarding/offboarding workflow."""

    id: int
    title: str = ""
    description: str | None = None
    status: str | None = None
    due: str | None = None
    completion_date: str | None = None
    owner: TaskPerson | None = None
    requested_for: TaskPerson | None = None
    workflow: str | None = None
    link_in_bob: str | None = None


class Profile(HiBobModel):
    """An active employee's public profile (`GET /profiles`)."""

    id: str
    first_name: str | None = None
    surname: str | None = None
    email: str | None = None
    display_name: str | None = None
    work: dict[str, Any] = Field(default_factory=dict)
    about: dict[str, Any] = Field(default_factory=dict)
    personal: dict[str, Any] = Field(default_factory=dict)


class Wizard(HiBobModel):
    id: int
    name: str = ""


# --- time off -------------------------------------------------------------------------------------


class PolicyType(HiBobModel):
    name: str
    activity: str | None = None  # paidTimeoff | unpaidTimeoff | workTime
    unit: str | None = None  # days | hours


class ReasonCode(HiBobModel):
    id: int | str
    display_name: str | None = None


class Policy(HiBobModel):
    """A time-off policy (`GET /timeoff/policies?policyName=`)."""

    name: str
    allowance: float | None = None
    max_balance: float | None = None
    min_balance: float | None = None
    unit: str | None = None
    description: str | None = None
    approval_required: bool | None = None


class Balance(HiBobModel):
    """An employee's balance of one policy type on one date."""

    employee_id: str | None = None
    policy: str | None = None
    total_balance_as_of_date: float | None = None
    total_rounded_balance_as_of_date: float | None = None
    starting_balance: float | None = None
    total_taken: float | None = None
    total_admin_adjustments: float | None = None
    total_system_adjustments: float | None = None
    annual_allowance: float | None = None


class TimeOffRequest(HiBobModel):
    """A time-off request (`GET /timeoff/employees/{id}/requests/{requestId}`)."""

    request_id: int
    employee_id: str
    policy_type_display_name: str | None = None
    type: str | None = None  # days | hours | portionOnRange | …
    status: str | None = None  # approved | pending | canceled | declined
    start_date: str | None = None
    end_date: str | None = None
    start_portion: str | None = None
    end_portion: str | None = None
    created_on: str | None = None
    duration_unit: str | None = None
    total_duration: float | None = None
    total_cost: float | None = None
    description: str | None = None
    previous_request_id: int | None = None
    original_request_id: int | None = None


class Out(HiBobModel):
    """Someone out in a period (`GET /timeoff/whosout`) or today (`GET /timeoff/outtoday`)."""

    employee_id: str
    request_id: int | None = None
    employee_display_name: str | None = None
    employee_email: str | None = None
    policy_type: str | None = None
    policy_type_display_name: str | None = None
    type: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    status: str | None = None


class TimeOffChange(HiBobModel):
    """An entry of the time-off change feed: a snapshot of the request when it changed."""

    change_type: str  # Created | Canceled | Deleted | Pending
    request_id: int
    employee_id: str
    original_request_id: int | None = None
    previous_request_id: int | None = None
    policy_type_display_name: str | None = None
    type: str | None = None
    created_on: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    total_duration: float | None = None
    change_reason: str | None = None
