"""Response bodies of the read API: every unified object in bobhub's envelope, pages of them, and history.

The read routes build their JSON directly from the stored text (see render.py); these models document
that JSON exactly in /openapi.json, so each field here is one the route really writes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from bobhub import unified


class Envelope(BaseModel):
    """bobhub's fields around every synced object."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="bobhub's id of the object (`rec_…`), stable for its whole life.")
    remote_id: str = Field(description="HiBob's id of the object.")
    created_at: dt.datetime = Field(description="When bobhub first stored the object.")
    modified_at: dt.datetime = Field(description="When bobhub's copy last changed.")
    remote_was_deleted: bool = Field(description="HiBob no longer returns the object; kept, never removed.")
    hidden_fields: list[str] = Field(
        description="Fields the service user may not see in HiBob; their value here is the last one seen "
        "(or null if never seen), so null elsewhere always means empty in HiBob."
    )
    remote_data: dict[str, Any] | None = Field(
        default=None,
        description="The HiBob objects it came from; present only with include_remote_data=true.",
    )


class EmployeeRef(BaseModel):
    """A small view of an employee embedded in another object (`expand=manager`)."""

    id: str
    remote_id: str
    display_name: str | None
    work_email: str | None
    job_title: str | None
    remote_was_deleted: bool


class GroupPublic(Envelope, unified.Group):
    """An item of a HiBob list (departments, titles, sites… by `type`); departments nest by parent."""


class EmployeePublic(Envelope, unified.Employee):
    """A person, with each HiBob section kept whole."""

    manager: EmployeeRef | None = Field(
        default=None, description="The manager (`expand=manager`); null when none is visible."
    )
    groups: list[GroupPublic] | None = Field(
        default=None, description="The employee's department group (`expand=groups`)."
    )


class LocationPublic(Envelope, unified.Location):
    """A site."""


class TimeOffPolicyPublic(Envelope, unified.TimeOffPolicy):
    """A time-off policy."""


class TimeOffRequestPublic(Envelope, unified.TimeOffRequest):
    """A time-off request."""


class TimeOffBalancePublic(Envelope, unified.TimeOffBalance):
    """An employee's balance of one policy type."""


class DocumentPublic(Envelope, unified.Document):
    """A document's metadata."""


class CustomFieldPublic(Envelope, unified.CustomFieldDefinition):
    """A custom employee field's definition."""


class JobRecordPublic(Envelope, unified.JobRecord):
    """A work-history row."""


class EmploymentRecordPublic(Envelope, unified.EmploymentRecord):
    """An employment-history row."""


class LifecycleRecordPublic(Envelope, unified.LifecycleRecord):
    """A lifecycle-history row."""


class CompensationRecordPublic(Envelope, unified.CompensationRecord):
    """A salary-history row."""


class VariablePayRecordPublic(Envelope, unified.VariablePayRecord):
    """A variable-pay row."""


class EquityRecordPublic(Envelope, unified.EquityRecord):
    """An equity grant."""


class TrainingRecordPublic(Envelope, unified.TrainingRecord):
    """A training row."""


NEXT = Field(description="Cursor of the next page (pass it as `cursor`); null on the last page.")


class EmployeesPublic(BaseModel):
    next: str | None = NEXT
    results: list[EmployeePublic]


class GroupsPublic(BaseModel):
    next: str | None = NEXT
    results: list[GroupPublic]


class LocationsPublic(BaseModel):
    next: str | None = NEXT
    results: list[LocationPublic]


class TimeOffPoliciesPublic(BaseModel):
    next: str | None = NEXT
    results: list[TimeOffPolicyPublic]


class TimeOffRequestsPublic(BaseModel):
    next: str | None = NEXT
    results: list[TimeOffRequestPublic]


class TimeOffBalancesPublic(BaseModel):
    next: str | None = NEXT
    results: list[TimeOffBalancePublic]


class DocumentsPublic(BaseModel):
    next: str | None = NEXT
    results: list[DocumentPublic]


class CustomFieldsPublic(BaseModel):
    next: str | None = NEXT
    results: list[CustomFieldPublic]


class EmployeeHistoryPublic(BaseModel):
    """An employee's effective-dated rows by table, each ordered by effective date."""

    employee_id: str = Field(description="bobhub's id of the employee.")
    as_of: dt.date | None = Field(description="The day asked for; null for the whole history.")
    work: list[JobRecordPublic]
    employment: list[EmploymentRecordPublic]
    lifecycle: list[LifecycleRecordPublic]
    compensation: list[CompensationRecordPublic]
    variable_pay: list[VariablePayRecordPublic]
    equity: list[EquityRecordPublic]
    training: list[TrainingRecordPublic]


class SyncStreamPublic(BaseModel):
    """What one stream did in a run."""

    name: str
    status: str
    records: int
    created: int
    updated: int
    deleted: int
    calls: int
    rate_limited: int
    duration_ms: int
    error: str | None


class SyncRunPublic(BaseModel):
    """One sync of the account and how it ended; `streams` is empty while it runs."""

    id: str
    account_id: str
    kind: str = Field(description="`full`, `incremental` or `webhook`.")
    status: str = Field(description="`running`, `succeeded`, `failed` or `suspicious`.")
    started_at: dt.datetime
    finished_at: dt.datetime | None
    error: str | None
    streams: list[SyncStreamPublic]


class SyncRunsPublic(BaseModel):
    next: str | None = NEXT
    results: list[SyncRunPublic]
