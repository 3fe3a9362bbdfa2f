"""One account's side of the catalogue: its categories (from field metadata) and document folders.

HiBob grants field access per category, and an admin can rename categories, add custom ones and move
fields between them, so the categories, their sections' names and the fields each permission unlocks
are read from `GET /company/people/fields` (categoryId, categoryDisplayName), never assumed.
"""

from __future__ import annotations

from dataclasses import dataclass

from bobhub.hibob.models import FieldMetadata
from bobhub.permissions import catalogue, unified
from bobhub.permissions.catalogue import PermissionSpec


@dataclass(frozen=True, slots=True)
class Category:
    """A field category of the account: the section its permissions are named after, and its fields."""

    id: str
    section: str
    fields: tuple[FieldMetadata, ...]

    @property
    def field_ids(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.fields)

    @property
    def unlocks(self) -> tuple[str, ...]:
        return tuple(unified.unified_names((f.id, f.name) for f in self.fields))

    @property
    def needs_edit(self) -> tuple[FieldMetadata, ...]:
        """Fields HiBob hides or masks unless the group may also edit this category."""
        sensitive = (*unified.NEEDS_EDIT_TO_READ, *unified.MASKED_WITHOUT_EDIT)
        return tuple(f for f in self.fields if f.id in sensitive)

    @property
    def has_history(self) -> bool:
        """Whether HiBob offers "... section histories" here (history per metadata, a table, or the seed)."""
        return (
            self.id in unified.HISTORY_TABLES
            or self.section in catalogue.HISTORY_SECTIONS
            or any(f.historical for f in self.fields)
        )


def categories_of(fields: list[FieldMetadata]) -> list[Category]:
    """The account's categories in metadata order, each with its fields."""
    grouped: dict[str, list[FieldMetadata]] = {}
    names: dict[str, str] = {}
    for field in fields:
        category_id = field.category_id or field.id.split(".", 1)[0]
        grouped.setdefault(category_id, []).append(field)
        if field.category_display_name:
            names.setdefault(category_id, field.category_display_name)
    return [Category(cid, names.get(cid, cid), tuple(found)) for cid, found in grouped.items()]


def category_specs(category: Category) -> list[PermissionSpec]:
    """View, section histories (where HiBob keeps them) and Edit on one category."""
    sensitive = tuple(unified.unified_names((f.id, f.name) for f in category.needs_edit))
    found = [catalogue.view_spec(category.section, category.unlocks)]
    if category.has_history:
        found.append(catalogue.history_spec(category.section, category.id))
    found.append(catalogue.edit_spec(category.section, sensitive))
    return found


def seed_sections_missing_from(categories: list[Category]) -> list[str]:
    """Seed-guide sections this account has no category for (e.g. "Jobs" without that module)."""
    present = {c.section for c in categories}
    return [section for section in catalogue.SEED_SECTIONS if section not in present]
