"""Employee fields in unified names turned into HiBob field changes, and the employee read back.

Unified names are the top-level fields of the unified employee (`first_name`, `department`…), plus
`sections.<section>.<key>` and `custom_fields.<field id>` for everything else the account has.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bobhub.errors import BadRequest
from bobhub.hibob import HiBobClient
from bobhub.hibob.employee import Employee as HiBobEmployee
from bobhub.unified.mapping import map_employee
from bobhub.unified.models import Employee
from bobhub.writeback.metadata import Metadata, Value, nest, same

# Unified top-level field → the HiBob field it is written to (the first source the read mapping uses).
TOP_LEVEL: dict[str, str] = {
    "first_name": "root.firstName",
    "last_name": "root.surname",
    "middle_name": "root.secondName",
    "display_name": "root.displayName",
    "work_email": "root.email",
    "personal_email": "home.privateEmail",
    "mobile_phone": "home.mobilePhone",
    "work_phone": "work.workPhone",
    "employee_number": "work.employeeIdInCompany",
    "start_date": "work.startDate",
    "date_of_birth": "personal.birthDate",
    "gender": "home.legalGender",
    "country": "address.country",
    "job_title": "work.title",
    "department": "work.department",
    "location": "work.site",
    "manager_remote_id": "work.manager",
}
# Work fields live in the work table: an update adds a dated row instead of editing the employee.
WORK_FIELDS = ("job_title", "department", "location", "manager_remote_id")


@dataclass(frozen=True, slots=True)
class Change:
    """One employee field to write: the unified name callers used, HiBob's field, and the value."""

    name: str
    field_id: str
    value: Value


def field_changes(meta: Metadata, given: Mapping[str, Any], *, by_label: bool) -> list[Change]:
    """Changes for top-level fields, `sections` and `custom_fields`; 400 naming anything unknown."""
    changes: list[Change] = []
    for name, value in given.items():
        if name == "sections":
            changes.extend(_sections(meta, value, by_label))
        elif name == "custom_fields":
            changes.extend(_custom(meta, value, by_label))
        elif name == "location":
            site = meta.site(value, name)  # work.site is the site's name, checked against the site list
            changes.append(
                Change(name, TOP_LEVEL[name], Value(site.value or site.name, site.value or site.name))
            )
        elif name in TOP_LEVEL:
            field_id = TOP_LEVEL[name]
            changes.append(Change(name, field_id, meta.convert(field_id, value, name, by_label=by_label)))
        else:
            raise BadRequest(f"{name}: not a field an employee write can set")
    return changes


def _sections(meta: Metadata, sections: Mapping[str, Any], by_label: bool) -> list[Change]:
    found = []
    for section, values in sections.items():
        for key, value in values.items():
            name = f"sections.{section}.{key}"
            field_id = meta.field_in_section(section, key)
            found.append(Change(name, field_id, meta.convert(field_id, value, name, by_label=by_label)))
    return found


def _custom(meta: Metadata, values: Mapping[str, Any], by_label: bool) -> list[Change]:
    found = []
    for field_id, value in values.items():
        name = f"custom_fields.{field_id}"
        info = meta.catalog.fields.get(field_id)
        if info is None or not info.custom:
            raise BadRequest(f"{name}: this HiBob account has no such custom field")
        found.append(Change(name, field_id, meta.convert(field_id, value, name, by_label=by_label)))
    return found


def nested_body(meta: Metadata, changes: Sequence[Change]) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for change in changes:
        nest(body, meta.fields[change.field_id], change.value.sent)
    return body


def unconfirmed(employee: HiBobEmployee | None, changes: Sequence[Change]) -> list[str]:
    """Fields the employee does not show as written (hidden ones count: nothing confirms them)."""
    if employee is None:
        return [c.name for c in changes]
    return [
        c.name
        for c in changes
        if c.field_id not in employee.returned or not same(employee.get(c.field_id), c.value.expected)
    ]


async def read_employee(client: HiBobClient, meta: Metadata, employee_id: str) -> HiBobEmployee:
    """The employee with every field of the account's metadata, as a sync reads it (NotFound if absent)."""
    return await client.people.get(employee_id, fields=list(meta.fields))


def unified(meta: Metadata, employee: HiBobEmployee) -> Employee:
    return map_employee(employee, meta.catalog)
