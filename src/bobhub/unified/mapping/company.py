"""HiBob company-wide data and employee tables → unified records: history rows, groups, sites, documents."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from bobhub.hibob.models import FieldMetadata, ListItem, NamedList
from bobhub.unified.mapping.catalog import is_custom
from bobhub.unified.mapping.employees import employment_status
from bobhub.unified.models import (
    CompensationRecord,
    CustomFieldDefinition,
    Document,
    EmploymentRecord,
    Group,
    HistoryRecord,
    JobRecord,
    LifecycleRecord,
    Location,
    UnifiedRecord,
)

# Row keys every table shares (dates, bookkeeping); what is left over lands in `extra`.
COMMON = frozenset(
    {"id", "effectiveDate", "endEffectiveDate", "isCurrent", "activeEffectiveDate", "creationDate",
     "modificationDate", "canBeDeleted", "change", "customColumns", "reason"}
)  # fmt: skip
TABLE_FIELDS: dict[str, dict[str, str]] = {
    "work": {"title": "job_title_remote_id", "department": "department_remote_id", "site": "location",
             "siteId": "location_remote_id", "workChangeType": "work_change_type"},
    "employment": {"contract": "contract", "type": "employment_type", "salaryPayType": "pay_type",
                   "fte": "fte", "weeklyHours": "weekly_hours"},
    "lifecycle": {"employeeStatus": "access_status", "reasonType": "reason_type"},
    "salaries": {"payPeriod": "pay_period", "payFrequency": "pay_frequency"},
}  # fmt: skip
MODELS: dict[str, type[HistoryRecord]] = {
    "work": JobRecord,
    "employment": EmploymentRecord,
    "lifecycle": LifecycleRecord,
    "salaries": CompensationRecord,
}


def text(value: Any) -> str | None:
    return None if value is None else str(value)


def number(value: Any) -> float | None:
    try:
        return None if value is None or value == "" else float(value)
    except (TypeError, ValueError):
        return None


def map_table_rows(table: str, employee_id: str, rows: Iterable[Mapping[str, Any]]) -> list[UnifiedRecord]:
    """Rows of one employee's work / employment / lifecycle / salaries table; other tables are skipped."""
    model = MODELS.get(table)
    return [] if model is None else [map_row(model, table, employee_id, row) for row in rows]


def map_row(
    model: type[HistoryRecord], table: str, employee_id: str, row: Mapping[str, Any]
) -> HistoryRecord:
    known = TABLE_FIELDS[table]
    change = row.get("change") if isinstance(row.get("change"), Mapping) else {}
    fields: dict[str, Any] = {
        "remote_id": f"{employee_id}:{table}:{row.get('id')}",
        "employee_remote_id": employee_id,
        "effective_date": text(row.get("effectiveDate")),
        "end_date": text(row.get("endEffectiveDate")),
        "is_current": row.get("isCurrent") if isinstance(row.get("isCurrent"), bool) else None,
        "change_reason": text((change or {}).get("reason") or row.get("reason")),
        "extra": {k: v for k, v in row.items() if k not in COMMON and k not in known},
        "remote_data": dict(row),
    }
    for source, target in known.items():
        value = row.get(source)
        fields[target] = number(value) if target in ("fte", "weekly_hours") else text(value)
    if table == "work":
        reports_to = row.get("reportsTo")
        fields["manager_remote_id"] = text(reports_to.get("id")) if isinstance(reports_to, Mapping) else None
    elif table == "lifecycle":
        fields["status"] = employment_status(row.get("status"))
    elif table == "salaries":
        base = row.get("base") if isinstance(row.get("base"), Mapping) else None
        fields["amount"] = number(base.get("value")) if base else None
        fields["currency"] = text(base.get("currency")) if base else None
    fields["extra"] = {k: v for k, v in fields["extra"].items() if k not in ("reportsTo", "status", "base")}
    return model(**fields)


def walk(items: Iterable[ListItem], parent: str | None = None) -> Iterator[tuple[ListItem, str | None]]:
    for item in items:
        yield item, parent
        yield from walk(item.children, item.id)


def map_named_lists(lists: Iterable[NamedList]) -> list[Group]:
    """Every item of every named list; departments keep their hierarchy through `parent_remote_id`."""
    return [
        Group(
            remote_id=f"{named.name}:{item.id}",
            name=item.value or item.name or None,
            type=named.name,
            parent_remote_id=f"{named.name}:{parent}" if parent else None,
            archived=item.archived,
        )
        for named in lists
        for item, parent in walk(named.items)
    ]


def map_locations(lists: Iterable[NamedList]) -> list[Location]:
    """The items of HiBob's `site` list."""
    return [
        Location(remote_id=item.id, name=item.value or item.name or None, archived=item.archived)
        for named in lists
        if named.name == "site"
        for item, _ in walk(named.items)
    ]


def map_custom_field(meta: FieldMetadata) -> CustomFieldDefinition:
    return CustomFieldDefinition(
        remote_id=meta.id,
        name=meta.name or meta.id,
        category_id=meta.category_id or None,
        category=meta.category_display_name,
        type=meta.type or None,
        list_id=meta.list_id,
        remote_data=meta.raw(),
    )


def custom_fields(fields: Iterable[FieldMetadata]) -> list[CustomFieldDefinition]:
    return [map_custom_field(f) for f in fields if is_custom(f.id)]


def map_document(employee_id: str, doc: Mapping[str, Any]) -> Document:
    """A document listed by HiBob; without an id it is known by its folder and name."""
    name = text(doc.get("documentName") or doc.get("name"))
    remote = text(doc.get("id")) or f"{employee_id}:{text(doc.get('folderId'))}:{name}"
    tags = doc.get("tags")
    return Document(
        remote_id=remote,
        employee_remote_id=employee_id,
        name=name,
        folder_remote_id=text(doc.get("folderId")),
        folder_name=text(doc.get("folderName")),
        folder_type=text(doc.get("folderType")),
        url=text(doc.get("downloadLink")),
        remote_created_at=text(doc.get("creationDate")),
        tags=[str(t) for t in tags] if isinstance(tags, list) else [],
        remote_data=dict(doc),
    )
