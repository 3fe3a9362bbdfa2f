"""HiBob employee → unified `Employee`: common fields on top, every section kept, hidden apart from empty."""

from __future__ import annotations

from typing import Any

from bobhub.hibob.employee import Employee as HiBobEmployee
from bobhub.unified.mapping.catalog import FieldCatalog, FieldInfo
from bobhub.unified.mapping.status import (
    EMPLOYMENT_STATUS,
    access_status,
    employment_status,
    gender,
)
from bobhub.unified.models import Employee, SourceEnum

__all__ = ["EMPLOYMENT_STATUS", "employment_status", "map_employee"]

# Unified top-level field → the HiBob fields it comes from, best first (ids are stable even when HiBob
# moves fields between categories). The field is hidden only when every source is hidden.
SOURCES: dict[str, tuple[str, ...]] = {
    "first_name": ("root.firstName",),
    "last_name": ("root.surname",),
    "middle_name": ("root.secondName",),
    "display_name": ("root.displayName",),
    "full_name": ("root.fullName",),
    "work_email": ("root.email",),
    "avatar_url": ("root.avatarUrl",),
    "remote_created_at": ("root.creationDate",),
    "personal_email": ("home.privateEmail",),
    "mobile_phone": ("home.mobilePhone", "work.workMobile"),
    "work_phone": ("work.workPhone",),
    "employee_number": ("work.employeeIdInCompany",),
    "start_date": ("work.startDate",),
    "termination_date": ("internal.terminationDate",),
    "date_of_birth": ("personal.birthDate",),
    "department_remote_id": ("work.department",),
    "location": ("work.site",),
    "location_remote_id": ("work.siteId",),
    "manager_remote_id": ("work.manager", "work.reportsTo"),
    "is_manager": ("work.isManager",),
    "job_title": ("work.title",),
    "department": ("work.department",),
    "employment_status": ("internal.lifecycleStatus", "internal.status"),
    "gender": ("home.legalGender",),
}
LABELS = frozenset({"job_title", "department", "gender"})


def map_employee(emp: HiBobEmployee, catalog: FieldCatalog) -> Employee:
    """The unified employee; fields HiBob did not return are listed in `hidden_fields`, never nulled."""
    values: dict[str, Any] = {}
    hidden: list[str] = []
    for name, sources in SOURCES.items():
        returned = [fid for fid in sources if fid in emp.returned]
        if returned:
            values[name] = top_level_value(name, returned, emp, catalog)
        elif any(fid in catalog.fields or fid in emp.requested for fid in sources):
            hidden.append(name)  # the account has the field, HiBob did not show it: hidden, not empty
    sections, custom, hidden_paths = section_values(emp, catalog)
    return Employee(
        remote_id=emp.id,
        hidden_fields=sorted(hidden + hidden_paths),
        remote_data={"values": dict(emp.values), "human": dict(emp.human)},
        sections=sections,
        custom_fields=custom,
        **values,
    )


def top_level_value(name: str, returned: list[str], emp: HiBobEmployee, catalog: FieldCatalog) -> Any:
    """The first returned source with a value; null when every returned source is empty."""
    field_id = next((fid for fid in returned if emp.values.get(fid) is not None), returned[0])
    raw = emp.values.get(field_id)
    if name == "employment_status":
        return employment_status(raw) if field_id == "internal.lifecycleStatus" else access_status(raw)
    if name in LABELS:
        label = label_of(field_id, raw, emp, catalog)
        if name == "gender":
            return gender(label) if label is not None else SourceEnum(value=None, source_value=raw)
        return label
    if name == "is_manager":
        return raw if isinstance(raw, bool) else None
    if name == "manager_remote_id" and isinstance(raw, dict):
        raw = raw.get("id")  # work.reportsTo is the manager object, work.manager the id
    return None if raw is None or isinstance(raw, dict | list) else str(raw)


def label_of(field_id: str, raw: Any, emp: HiBobEmployee, catalog: FieldCatalog) -> str | None:
    """A list value's label: from the named list, else HiBob's display value, else the value itself."""
    if isinstance(raw, dict | list):
        return None
    info = catalog.fields.get(field_id)
    found = catalog.label(info.list_id if info else None, raw)
    if found is None and isinstance(emp.human.get(field_id), str):
        found = emp.human[field_id]
    if found is None and info is not None and info.list_id is not None:
        return None  # an id of a list item deleted since: no label rather than the bare id
    return found if found is not None else (None if raw is None else str(raw))


def section_values(
    emp: HiBobEmployee, catalog: FieldCatalog
) -> tuple[dict[str, dict[str, Any]], dict[str, Any], list[str]]:
    """Every catalogued field into its section (or custom_fields); the dotted paths of hidden ones."""
    sections: dict[str, dict[str, Any]] = {}
    custom: dict[str, Any] = {}
    hidden: list[str] = []
    for field_id, info in catalog.fields.items():
        path = f"custom_fields.{field_id}" if info.custom else f"sections.{info.section}.{info.key}"
        if field_id not in emp.returned:
            hidden.append(path)
            continue
        value = section_value(info, emp.values.get(field_id), catalog)
        if info.custom:
            custom[field_id] = value
        else:
            sections.setdefault(info.section, {})[info.key] = value
    return sections, custom, hidden


def section_value(info: FieldInfo, raw: Any, catalog: FieldCatalog) -> Any:
    """List values become {"id", "label"} (label None for ids no longer in the list); others stay as sent."""
    if info.list_id is None or raw is None or isinstance(raw, dict):
        return raw
    if isinstance(raw, list):
        return [{"id": str(v), "label": catalog.label(info.list_id, v)} for v in raw]
    return {"id": str(raw), "label": catalog.label(info.list_id, raw)}
