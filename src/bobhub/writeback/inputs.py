"""What callers send to write back, in unified field names; unknown keys are refused, not ignored."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Strict(BaseModel):
    # A misspelt field must be a 400 naming it, never a silently dropped value.
    model_config = ConfigDict(extra="forbid")


class CompensationInput(Strict):
    """One base-salary row (HiBob's salaries table)."""

    amount: float = Field(gt=0, description="Base pay per `pay_period`.")
    currency: str = Field(min_length=3, max_length=3, description="ISO 4217 code, e.g. EUR.")
    pay_period: Literal["Annual", "Monthly", "Weekly", "Daily", "Hourly"] = "Annual"
    pay_frequency: Literal["Monthly", "Semi Monthly", "Weekly", "Bi-Weekly"] | None = None
    effective_date: dt.date | None = Field(
        default=None, description="Defaults to the start date (create) or `effective_date` (update)."
    )


class EmploymentInput(Strict):
    """Columns of a new employment row; the others are carried over from the current row."""

    contract: str | None = Field(default=None, description="A label of HiBob's contract list.")
    employment_type: str | None = Field(default=None, description="A label of the employment type list.")
    pay_type: str | None = Field(default=None, description="A label of the salary pay type list.")
    fte: float | None = Field(default=None, ge=0, le=100)
    weekly_hours: float | None = Field(default=None, ge=0, le=168)


class EmployeeFields(Strict):
    """Fields an employee write may set; list fields take labels ("Engineering") or HiBob item ids."""

    first_name: str | None = Field(default=None, min_length=1, max_length=300)
    last_name: str | None = Field(default=None, min_length=1, max_length=300)
    middle_name: str | None = None
    display_name: str | None = None
    personal_email: str | None = None
    mobile_phone: str | None = None
    work_phone: str | None = None
    employee_number: int | None = None
    date_of_birth: dt.date | None = None
    gender: str | None = Field(default=None, description="A label of HiBob's legal gender list.")
    country: str | None = Field(default=None, description='A country name or code: "Germany", "UK".')
    job_title: str | None = None
    department: str | None = None
    location: str | None = Field(default=None, description="A site of HiBob's site list, e.g. London.")
    manager_remote_id: str | None = Field(default=None, description="HiBob's id of the manager.")
    sections: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description='Other fields by section and key, as the employee shows them: {"about": {"about": …}}.',
    )
    custom_fields: dict[str, Any] = Field(
        default_factory=dict, description="Custom fields by HiBob field id."
    )


class EmployeeCreate(EmployeeFields):
    """A new employee: HiBob requires first and last name, work email, site and start date."""

    first_name: str = Field(min_length=1, max_length=300)
    last_name: str = Field(min_length=1, max_length=300)
    work_email: str = Field(min_length=3, max_length=300)
    start_date: dt.date
    location: str = Field(min_length=1, max_length=300, description="A site of HiBob's site list.")
    compensation: CompensationInput | None = Field(
        default=None, description="One base-salary row, added right after the employee is created."
    )


class EmployeeUpdate(EmployeeFields):
    """Changes to an employee: profile fields in one edit, work and employment as new dated rows."""

    work_email: str | None = Field(default=None, min_length=3, max_length=300)
    start_date: dt.date | None = None
    effective_date: dt.date | None = Field(
        default=None, description="When job_title/department/location/manager or employment changes apply."
    )
    change_reason: str | None = Field(default=None, max_length=300)
    employment: EmploymentInput | None = None
    compensation: CompensationInput | None = None


class NoticePeriod(Strict):
    unit: Literal["days", "weeks", "month", "years"]
    length: int = Field(ge=0, le=1000)


class Termination(Strict):
    """Terminate an employee on a date; reasons are labels of HiBob's lists."""

    termination_date: dt.date
    termination_reason: str | None = None
    reason_type: str | None = Field(default=None, description="A label of HiBob's lifecycle reason list.")
    notice_period: NoticePeriod | None = None
    last_day_of_work: dt.date | None = None

    @model_validator(mode="after")
    def _last_day_first(self) -> Termination:
        if self.last_day_of_work is not None and self.last_day_of_work > self.termination_date:
            raise ValueError("last_day_of_work must not be after termination_date")
        return self


class TimeOffRequestCreate(Strict):
    """A time-off request in days (default), hours on one day, or a portion of each day."""

    employee_id: str = Field(min_length=1, description="The employee's id (ours) or HiBob's remote id.")
    policy_type: str = Field(min_length=1, max_length=200, description="e.g. Holiday, Sick.")
    request_type: Literal["days", "hours", "portion_on_range"] = "days"
    start_date: dt.date
    end_date: dt.date | None = Field(default=None, description="Defaults to start_date.")
    start_portion: Literal["all_day", "afternoon"] = "all_day"
    end_portion: Literal["all_day", "morning"] = "all_day"
    day_portion: Literal["morning", "afternoon"] | None = None
    hours: int | None = Field(default=None, ge=0, le=24)
    minutes: int | None = Field(default=None, ge=0, le=59)
    description: str | None = Field(default=None, max_length=1000)
    reason_code: int | None = None
    skip_manager_approval: bool = False


class BalanceAdjustment(Strict):
    """Add to (or with a negative amount, take from) an employee's balance of one policy type."""

    employee_id: str = Field(min_length=1, description="The employee's id (ours) or HiBob's remote id.")
    policy_type: str = Field(min_length=1, max_length=200)
    amount: float
    reason: str = Field(min_length=1, max_length=500)
    effective_date: dt.date | None = Field(default=None, description="Defaults to today.")
    adjustment_type: Literal["balance", "days_used"] = "balance"


class DocumentCreate(Strict):
    """A document for an employee's folder, as base64 `content` or a `url` HiBob fetches."""

    employee_id: str = Field(min_length=1, description="The employee's id (ours) or HiBob's remote id.")
    folder: str = Field(min_length=1, description="shared, confidential, or a custom folder's id.")
    file_name: str = Field(min_length=1, max_length=255)
    content: str | None = Field(default=None, description="The file, base64-encoded (5 MB; 1 MB custom).")
    url: str | None = Field(default=None, max_length=2000, description="An http(s) URL HiBob downloads.")
    content_type: str | None = Field(default=None, max_length=200)
    tags: list[str] = Field(default_factory=list, description="Only with `url` (HiBob's upload API).")
