"""The unified HRIS model and the HiBob → unified mapping."""

from bobhub.unified import mapping
from bobhub.unified.models import (
    CompensationRecord,
    CustomFieldDefinition,
    Document,
    Employee,
    EmploymentRecord,
    Group,
    HistoryRecord,
    JobRecord,
    LifecycleRecord,
    Location,
    SourceEnum,
    TimeOffBalance,
    TimeOffPolicy,
    TimeOffRequest,
    UnifiedRecord,
)

__all__ = [
    "CompensationRecord",
    "CustomFieldDefinition",
    "Document",
    "Employee",
    "EmploymentRecord",
    "Group",
    "HistoryRecord",
    "JobRecord",
    "LifecycleRecord",
    "Location",
    "SourceEnum",
    "TimeOffBalance",
    "TimeOffPolicy",
    "TimeOffRequest",
    "UnifiedRecord",
    "mapping",
]
