"""HiBob's status and gender values → unified enums, with HiBob's own value kept as `source_value`."""

from __future__ import annotations

from typing import Any

from bobhub.unified.models import SourceEnum

# HiBob lifecycle status (internal.lifecycleStatus; the lifecycle table shows the same statuses by display
# name) → unified employment status. Garden leave is still employment: the person stays employed and paid
# until the last day, only without work to do, so it is "active", not "leave".
EMPLOYMENT_STATUS = {
    "hired": "pending",
    "employed": "active",
    "garden leave": "active",
    "leave": "leave",
    "parental leave": "leave",
    "terminated": "terminated",
}
# internal.status is HiBob's access status, the coarser fallback when the lifecycle status is not there.
ACCESS_STATUS = {"active": "active", "inactive": "inactive"}
GENDER = {"male": "male", "female": "female", "non-binary": "non_binary", "nonbinary": "non_binary"}


def employment_status(source: Any) -> SourceEnum:
    """HiBob's lifecycle status as a unified employment status; an unknown status is "inactive"."""
    key = str(source).strip().lower() if source is not None else ""
    return SourceEnum(value=EMPLOYMENT_STATUS.get(key, "inactive") if key else None, source_value=source)


def access_status(source: Any) -> SourceEnum:
    """HiBob's access status (Active / Inactive), used only when the lifecycle status is missing."""
    key = str(source).strip().lower() if source is not None else ""
    return SourceEnum(value=ACCESS_STATUS.get(key, "inactive") if key else None, source_value=source)


def gender(label: Any) -> SourceEnum:
    """A legal gender label; any other non-empty value is "other"."""
    key = str(label).strip().lower() if label is not None else ""
    return SourceEnum(value=GENDER.get(key, "other") if key else None, source_value=label)
