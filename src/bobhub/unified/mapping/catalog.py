"""What the mapping needs to know about an account: its fields (by id) and its named lists' labels."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bobhub.hibob.models import FieldMetadata, NamedList

# HiBob category id → the unified section its fields go to. Categories not listed (and custom ones)
# keep their own id, snake-cased, so a new or custom category still has a home.
SECTIONS = {
    "root": "basic",
    "workContact": "work_contact",
    "personalContact": "personal_contact",
    "internal": "lifecycle",
    "peopleAnalytics": "people_analytics",
    "workEligibility": "work_eligibility",
}


def snake(name: str) -> str:
    """ "workContact" → "work_contact"; dots of nested paths become underscores too."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).replace("-", "_").replace(".", "_").lower()


def is_custom(field_id: str) -> bool:
    # HiBob names custom fields "<category>.custom.field_<n>", custom categories "category_<n>".
    return ".custom." in field_id or field_id.startswith("category_")


@dataclass(frozen=True, slots=True)
class FieldInfo:
    """One HiBob field as the mapping uses it: where it goes in the unified employee."""

    id: str
    section: str
    key: str
    list_id: str | None
    custom: bool


@dataclass
class FieldCatalog:
    """The account's field metadata and list labels, built once per sync."""

    fields: dict[str, FieldInfo] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # list name → item id → label

    @classmethod
    def from_metadata(cls, fields: Iterable[FieldMetadata], lists: Iterable[NamedList]) -> FieldCatalog:
        catalog = cls()
        for meta in fields:
            category = meta.category_id or meta.id.partition(".")[0]
            path = meta.id.split(".", 1)[1] if "." in meta.id else meta.id
            catalog.fields[meta.id] = FieldInfo(
                id=meta.id,
                section=SECTIONS.get(category, snake(category)),
                key=snake(path),
                list_id=meta.list_id,
                custom=is_custom(meta.id) or (meta.model_extra or {}).get("custom") is True,
            )
        for named in lists:
            catalog.labels[named.name] = {item.id: item.value or item.name for item in named.walk()}
        return catalog

    def label(self, list_id: str | None, value: Any) -> str | None:
        """The label of a list item id; None when the list or the id is unknown (e.g. deleted since)."""
        if list_id is None or value is None:
            return None
        return self.labels.get(list_id, {}).get(str(value))
