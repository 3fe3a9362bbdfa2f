"""HiBob employee → unified `Employee`: common fields on top, every section kept, hidden apart from empty."""

from __future__ import annotations

from typing import Any

from bobhub.hibob.employee import Employee as HiBobEmployee
from bobhub.unified.mapping.catalog import FieldCatalog, FieldInfo
from bobhub.unified.models import Employee, SourceEnum

# Unified top-level field → the HiBob field it comes from (ids are stable even when fields move).
TOP_LEVEL = {
    "first_name": "root.firstName",
    "last_name": "root.surname",
    "middle_name": "root.secondName",
    "display_name": "root.displayName",
    "full_name": "root.fullName",
    "work_email": "root.email",
    "avatar_url": "root.avatarUrl",
    "remote_created_at": "root.creationDate",
    "personal_email": "home.privateEmail",
    "mobile_phone": "home.mobilePhone",
    "work_phone": "work.workPhone",
    "employee_number": "work.employeeIdInCompany",
    "start_date": "work.startDate",
    "termination_date": "internal.terminationDate",
    "date_of_birth": "personal.birthDate",
    "department_remote_id": "work.department",
    "location": "work.site",
    "location_remote_id": "work.siteId",
    "manager_remote_id": "work.manager",
    "is_manager": "work.isManager",
}
LABELS = {"job_title": "work.title", "department": "work.department"}
ENUMS = {"employment_status": "internal.lifecycleStatus", "gender": "home.legalGender"}

# HiBob lifecycle status → unified employment status. Garden leave is still employment: the person is
# paid and keeps access until the last day of work.
EMPLOYMENT_STATUS = {
    "hired": "pending",
    "employed": "active",
    "garden leave": "active",
    "leave": "leave",
    "parental leave": "leave",
    "terminated": "terminated",
}


def employment_status(source: Any) -> SourceEnum:
    """HiBob's lifecycle status as a unified employment status; an unknown status is "inactive"."""
    key = str(source).lower() if source is not None else ""
    return SourceEnum(value=EMPLOYMENT_STATUS.get(key, "inactive") if key else None, source_value=source)


GENDER = {"male": "male", "female": "female", "non-binary": "non_binary", "other": "other"}


def map_employee(emp: HiBobEmployee, catalog: FieldCatalog) -> Employee:
    """The unified employee; fields HiBob did not return are listed in `hidden_fields`, never nulled."""
    values: dict[str, Any] = {}
    hidden: list[str] = []
    for name, field_id in {**TOP_LEVEL, **LABELS, **ENUMS}.items():
        if field_id in emp.returned:
            values[name] = top_level_value(name, field_id, emp, catalog)
        elif field_id in catalog.fields or field_id in emp.requested:
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


def top_level_value(name: str, field_id: str, emp: HiBobEmployee, catalog: FieldCatalog) -> Any:
    raw = emp.values.get(field_id)
    if name in LABELS:
        info = catalog.fields.get(field_id)
        found = catalog.label(info.list_id if info else None, raw)
        return found if found is not None else emp.human.get(field_id)
    if name == "employment_status":
        return employment_status(raw)
    if name == "gender":
        info = catalog.fields.get(field_id)
        label = catalog.label(info.list_id if info else None, raw) or (str(raw) if raw is not None else None)
        unified = GENDER.get(label.lower(), "other") if label else None
        return SourceEnum(value=unified, source_value=label if label is not None else raw)
    if name == "is_manager":
        return bool(raw) if raw is not None else None
    return None if raw is None else (raw if isinstance(raw, str) else str(raw))


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
    if info.list_id is None or raw is None:
        return raw
    if isinstance(raw, list):
        return [{"id": str(v), "label": catalog.label(info.list_id, v)} for v in raw]
    return {"id": str(raw), "label": catalog.label(info.list_id, raw)}
