"""HiBob company-wide data → unified records: groups (named lists), sites, documents, custom fields."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from bobhub.hibob.models import FieldMetadata, ListItem, NamedList
from bobhub.unified.mapping.catalog import is_custom
from bobhub.unified.mapping.values import plain, text
from bobhub.unified.models import CustomFieldDefinition, Document, Group, Location

# HiBob's list of sites; work.siteId and the work table's siteId point into it.
SITE_LIST = "site"


def walk(items: Iterable[ListItem], parent: str | None = None) -> Iterator[tuple[ListItem, str | None]]:
    for item in items:
        yield item, parent
        yield from walk(item.children, item.id)


def map_named_lists(lists: Iterable[NamedList]) -> list[Group]:
    """Every item of every named list; departments keep their hierarchy through `parent_remote_id`.

    Item ids are only unique within a list, so a group's remote id is "<list name>:<item id>".
    """
    return [
        Group(
            remote_id=f"{named.name}:{item.id}",
            name=item.value or item.name or None,
            type=named.name,
            parent_remote_id=f"{named.name}:{parent}" if parent else None,
            archived=item.archived,
            remote_data=item.model_dump(by_alias=True, exclude={"children"}, exclude_unset=True),
        )
        for named in lists
        for item, parent in walk(named.items)
    ]


def map_locations(lists: Iterable[NamedList]) -> list[Location]:
    """The items of HiBob's `site` list."""
    return [
        Location(
            remote_id=item.id,
            name=item.value or item.name or None,
            archived=item.archived,
            remote_data=item.model_dump(by_alias=True, exclude={"children"}, exclude_unset=True),
        )
        for named in lists
        if named.name == SITE_LIST
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
    """Definitions of the account's custom fields (the keys of employees' `custom_fields`)."""
    return [map_custom_field(f) for f in fields if is_custom(f.id)]


def map_document(employee_id: str, doc: Any) -> Document:
    """A listed document (raw JSON or the client's Document); without an id, folder and name key it."""
    raw = plain(doc)
    name = text(raw.get("documentName") or raw.get("name"))
    remote = text(raw.get("id")) or f"{employee_id}:{text(raw.get('folderId'))}:{name}"
    tags = raw.get("tags")
    return Document(
        remote_id=remote,
        employee_remote_id=str(employee_id),
        name=name,
        folder_remote_id=text(raw.get("folderId")),
        folder_name=text(raw.get("folderName")),
        folder_type=text(raw.get("folderType")),
        url=text(raw.get("downloadLink")),
        remote_created_at=text(raw.get("creationDate")),
        tags=[str(t) for t in tags] if isinstance(tags, list) else [],
        remote_data=raw,
    )
