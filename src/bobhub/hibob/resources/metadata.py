"""Company metadata: employee fields, named lists, custom-table definitions and entries, onboarding wizards.

HiBob needs no permission for metadata, only membership of a permission group (hibob-api-notes.md §6.2).
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any

from bobhub.hibob.models import CustomTable, FieldMetadata, NamedList, TableEntry, Wizard
from bobhub.hibob.resources._base import Resource, drop_none
from bobhub.hibob.transport import Transport


class FieldsResource(Resource):
    """`client.metadata.fields`: the employee fields, their categories and types."""

    async def list(self) -> builtins.list[FieldMetadata]:
        data = await self._json("GET", "/company/people/fields")
        return [FieldMetadata.model_validate(f) for f in data or []]

    async def create(
        self, name: str, category: str, type: str, *, description: str | None = None, historical: bool = False
    ) -> str:
        """Add a custom field to a category; returns the new field id."""
        body = drop_none(
            {
                "name": name,
                "category": category,
                "type": type,
                "description": description,
                "historical": historical,
            }
        )
        data = await self._json("POST", "/company/people/fields", body=body)
        return str(data["id"]) if isinstance(data, Mapping) else str(data)

    async def update(self, field_id: str, *, name: str | None = None, description: str | None = None) -> None:
        body = drop_none({"name": name, "description": description})
        await self._send("PUT", "/company/people/fields/{fieldId}", path={"fieldId": field_id}, body=body)

    async def delete(self, field_id: str) -> None:
        """Delete a custom field (HiBob refuses default fields with 400)."""
        await self._send("DELETE", "/company/people/fields/{fieldId}", path={"fieldId": field_id})


class NamedListsResource(Resource):
    """`client.metadata.lists`: departments, sites, titles and every other named list."""

    async def list(self, *, include_archived: bool = False) -> builtins.list[NamedList]:
        params = {"includeArchived": include_archived}
        data = await self._json("GET", "/company/named-lists", params=params)
        # HiBob's spec shows an array; some answers key the lists by name instead.
        lists = data.values() if isinstance(data, Mapping) else data or []
        return [NamedList.model_validate(item) for item in lists]

    async def get(self, list_name: str, *, include_archived: bool = False) -> NamedList:
        params = {"includeArchived": include_archived}
        path = {"listName": list_name}
        data = await self._json("GET", "/company/named-lists/{listName}", path=path, params=params)
        return NamedList.model_validate(data)

    async def create_item(self, list_name: str, name: str, *, parent_id: str | None = None) -> str:
        """Add an item (409 InvalidRequest when it exists); returns the new item id."""
        body = drop_none({"name": name, "parentId": parent_id})
        data = await self._json(
            "POST", "/company/named-lists/{listName}", path={"listName": list_name}, body=body
        )
        return str(data["id"]) if isinstance(data, Mapping) and "id" in data else ""

    async def update_item(
        self, list_name: str, item_id: str, *, name: str | None = None, parent_id: str | None = None
    ) -> None:
        """Rename an item or move it under another parent."""
        path = {"listName": list_name, "itemId": item_id}
        body = drop_none({"name": name, "parentId": parent_id})
        await self._send("PUT", "/company/named-lists/{listName}/{itemId}", path=path, body=body)

    async def delete_item(self, list_name: str, item_id: str) -> None:
        path = {"listName": list_name, "itemId": item_id}
        await self._send("DELETE", "/company/named-lists/{listName}/{itemId}", path=path)


class CustomTablesResource(Resource):
    """`client.metadata.custom_tables`: custom table definitions and each employee's entries."""

    async def list(self) -> builtins.list[CustomTable]:
        data = await self._json("GET", "/people/custom-tables/metadata")
        return [CustomTable.model_validate(t) for t in (data or {}).get("tables", [])]

    async def get(self, table_id: str) -> CustomTable:
        data = await self._json("GET", "/people/custom-tables/metadata/{tableId}", path={"tableId": table_id})
        return CustomTable.model_validate(data)

    async def list_entries(self, employee_id: str, table_id: str) -> builtins.list[TableEntry]:
        path = {"employeeId": employee_id, "tableId": table_id}
        data = await self._json("GET", "/people/custom-tables/{employeeId}/{tableId}", path=path)
        return [TableEntry.model_validate(v) for v in _values(data)]

    async def create_entry(self, employee_id: str, table_id: str, values: Mapping[str, Any]) -> None:
        path = {"employeeId": employee_id, "tableId": table_id}
        body = {"values": [dict(values)]}
        await self._send("POST", "/people/custom-tables/{employeeId}/{tableId}", path=path, body=body)

    async def update_entry(
        self, employee_id: str, table_id: str, entry_id: str, values: Mapping[str, Any]
    ) -> None:
        path = {"employeeId": employee_id, "tableId": table_id, "entryId": entry_id}
        await self._send(
            "PUT", "/people/custom-tables/{employeeId}/{tableId}/{entryId}", path=path, body=dict(values)
        )

    async def delete_entry(self, employee_id: str, table_id: str, entry_id: str) -> None:
        path = {"employeeId": employee_id, "tableId": table_id, "entryId": entry_id}
        await self._send("DELETE", "/people/custom-tables/{employeeId}/{tableId}/{entryId}", path=path)


class MetadataResource(Resource):
    """`client.metadata`: `fields`, `lists`, `custom_tables`, and onboarding `wizards()`."""

    def __init__(self, transport: Transport) -> None:
        super().__init__(transport)
        self.fields = FieldsResource(transport)
        self.lists = NamedListsResource(transport)
        self.custom_tables = CustomTablesResource(transport)

    async def wizards(self) -> builtins.list[Wizard]:
        data = await self._json("GET", "/onboarding/wizards")
        return [Wizard.model_validate(w) for w in (data or {}).get("wizards", [])]


def _values(data: Any) -> list[Any]:
    if isinstance(data, Mapping):
        return list(data.get("values") or [])
    return list(data or [])
