"""The unified HRIS model: HiBob data in bobhub's own shape, with HiBob's values kept next to ours.

Every record carries `remote_id` (HiBob's id), `hidden_fields` (unified fields HiBob did not show us,
so that null always means "empty in HiBob") and, on request, `remote_data` (the HiBob objects it came
from). The store adds bobhub's own envelope: `id`, `created_at`, `modified_at`, `remote_was_deleted`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field


class SourceEnum(BaseModel):
    """An enum value in bobhub's vocabulary, with HiBob's own value beside it."""

    value: str | None = None
    source_value: Any = None


class UnifiedRecord(BaseModel):
    """Fields every unified record has; `RESOURCE` names its collection in the store and the API."""

    model_config = ConfigDict(extra="forbid")
    RESOURCE: ClassVar[str] = ""

    remote_id: str
    hidden_fields: list[str] = Field(default_factory=list)
    remote_data: dict[str, Any] | None = None

    def content(self) -> dict[str, Any]:
        """What is stored and compared: the record's fields (hidden_fields and remote_data are kept apart)."""
        return self.model_dump(mode="json", exclude={"remote_data", "hidden_fields"})


class Employee(UnifiedRecord):
    """A person. Top-level fields are the common ones; each HiBob section keeps all its fields."""

    RESOURCE: ClassVar[str] = "employees"

    first_name: str | None = None
    last_name: str | None = None
    middle_name: str | None = None
    display_name: str | None = None
    full_name: str | None = None
    work_email: str | None = None
    personal_email: str | None = None
    work_phone: str | None = None
    mobile_phone: str | None = None
    avatar_url: str | None = None
    employee_number: str | None = None
    employment_status: SourceEnum | None = None
    start_date: str | None = None
    termination_date: str | None = None
    date_of_birth: str | None = None
    gender: SourceEnum | None = None
    job_title: str | None = None
    department_remote_id: str | None = None
    department: str | None = None
    location_remote_id: str | None = None
    location: str | None = None
    manager_remote_id: str | None = None
    is_manager: bool | None = None
    remote_created_at: str | None = None
    # One dict per HiBob section (basic, work, work_contact, personal_contact, employment, personal, home,
    # address, emergency, identification, work_eligibility, eeo, about, people_analytics, payroll,
    # financial, lifecycle, training, and any custom category), keyed by the field's name inside its
    # section. List values are {"id", "label"}; identification and bank numbers stay masked as HiBob sent
    # them (HiBob unmasks them only for service users with Edit). The org chart is the manager_remote_id
    # tree; salary, variable pay, equity, training and bank account rows are history records of their own.
    sections: dict[str, dict[str, Any]] = Field(default_factory=dict)
    custom_fields: dict[str, Any] = Field(default_factory=dict)


class HistoryRecord(UnifiedRecord):
    """One row of an effective-dated HiBob table."""

    employee_remote_id: str
    effective_date: str | None = None
    end_date: str | None = None
    is_current: bool | None = None
    change_reason: str | None = None
    extra: dict[str, Any] = Field(default_factory=dict)


class JobRecord(HistoryRecord):
    """A row of the work table: title, department, site and manager from a date on."""

    RESOURCE: ClassVar[str] = "job_records"
    job_title_remote_id: str | None = None
    department_remote_id: str | None = None
    location: str | None = None
    location_remote_id: str | None = None
    manager_remote_id: str | None = None
    work_change_type: str | None = None


class EmploymentRecord(HistoryRecord):
    """A row of the employment table: contract, type, pay type and working time."""

    RESOURCE: ClassVar[str] = "employment_records"
    contract: str | None = None
    employment_type: str | None = None
    pay_type: str | None = None
    fte: float | None = None
    weekly_hours: float | None = None


class LifecycleRecord(HistoryRecord):
    """A row of the lifecycle table: the employment status from a date on."""

    RESOURCE: ClassVar[str] = "lifecycle_records"
    status: SourceEnum | None = None
    access_status: str | None = None
    reason_type: str | None = None


class CompensationRecord(HistoryRecord):
    """A row of the salaries table: base pay from a date on."""

    RESOURCE: ClassVar[str] = "compensation_records"
    amount: float | None = None
    currency: str | None = None
    pay_period: str | None = None
    pay_frequency: str | None = None


class VariablePayRecord(HistoryRecord):
    """A row of the variable table: a bonus or commission plan from a date on."""

    RESOURCE: ClassVar[str] = "variable_pay_records"
    amount: float | None = None
    currency: str | None = None
    variable_type: str | None = None
    payment_period: str | None = None


class EquityRecord(HistoryRecord):
    """A row of the equities table: a grant of shares or options."""

    RESOURCE: ClassVar[str] = "equity_records"
    quantity: float | None = None
    equity_type: str | None = None
    grant_date: str | None = None
    vesting_commencement_date: str | None = None


class TrainingRecord(HistoryRecord):
    """A row of the training table: a course taken, with its status and cost."""

    RESOURCE: ClassVar[str] = "training_records"
    name: str | None = None
    status: str | None = None
    cost: float | None = None
    currency: str | None = None


class BankAccountRecord(HistoryRecord):
    """A row of the bank-accounts table; account, routing numbers and IBAN are kept masked."""

    RESOURCE: ClassVar[str] = "bank_accounts"
    bank_name: str | None = None
    account_type: str | None = None
    account_number: str | None = None
    routing_number: str | None = None
    iban: str | None = None


class Group(UnifiedRecord):
    """An item of a HiBob named list: departments (a hierarchy) and the other lists."""

    RESOURCE: ClassVar[str] = "groups"
    name: str | None = None
    type: str
    parent_remote_id: str | None = None
    archived: bool = False


class Location(UnifiedRecord):
    """An item of HiBob's site list."""

    RESOURCE: ClassVar[str] = "locations"
    name: str | None = None
    archived: bool = False


class TimeOffPolicy(UnifiedRecord):
    """A time-off policy of a policy type."""

    RESOURCE: ClassVar[str] = "time_off_policies"
    name: str
    policy_type: str
    unit: str | None = None
    allowance: float | None = None
    max_balance: float | None = None
    min_balance: float | None = None
    approval_required: bool | None = None
    description: str | None = None


class TimeOffRequest(UnifiedRecord):
    """A time-off request, from a read by id, the change feed or who's out."""

    RESOURCE: ClassVar[str] = "time_off_requests"
    employee_remote_id: str | None = None
    policy_type: str | None = None
    status: SourceEnum | None = None
    request_type: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    start_portion: str | None = None
    end_portion: str | None = None
    unit: str | None = None
    amount: float | None = None
    cost: float | None = None
    description: str | None = None
    requested_at: str | None = None
    previous_request_remote_id: str | None = None
    original_request_remote_id: str | None = None
    visibility: str | None = None


class TimeOffBalance(UnifiedRecord):
    """An employee's balance of one policy type as of a date."""

    RESOURCE: ClassVar[str] = "time_off_balances"
    employee_remote_id: str
    policy_type: str
    policy: str | None = None
    as_of: str
    balance: float | None = None
    rounded_balance: float | None = None
    taken: float | None = None
    admin_adjustments: float | None = None
    annual_allowance: float | None = None


class Document(UnifiedRecord):
    """A document's metadata in an employee's folders."""

    RESOURCE: ClassVar[str] = "documents"
    employee_remote_id: str
    name: str | None = None
    folder_remote_id: str | None = None
    folder_name: str | None = None
    folder_type: str | None = None
    url: str | None = None
    remote_created_at: str | None = None
    tags: list[str] = Field(default_factory=list)


class CustomFieldDefinition(UnifiedRecord):
    """A custom employee field; employees' custom_fields are keyed by its remote_id."""

    RESOURCE: ClassVar[str] = "custom_fields"
    name: str
    category_id: str | None = None
    category: str | None = None
    type: str | None = None
    list_id: str | None = None
