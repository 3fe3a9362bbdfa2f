"""Employee tables: work, employment, lifecycle, salaries, variable pay, equities, training, bank accounts.

Single reads return one employee's rows; `iter` walks HiBob's bulk endpoints (work, employment,
lifecycle, salaries) for everyone, hiding the cursor. PUT replaces a whole row: columns left out are
cleared (hibob-api-notes.md §8.3), so `update` takes the complete row.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Mapping
from typing import Any, Literal, get_args

from bobhub.hibob.models import BulkError, BulkRow, TableEntry
from bobhub.hibob.pagination import MAX_PAGE_SIZE, CursorPages
from bobhub.hibob.resources._base import Resource

Table = Literal[
    "work", "employment", "lifecycle", "salaries", "variable", "equities", "training", "bank-accounts"
]
BulkTable = Literal["work", "employment", "lifecycle", "salaries"]
TABLES: tuple[str, ...] = get_args(Table)
BULK_TABLES: tuple[str, ...] = get_args(BulkTable)
# Rows HiBob cannot change in place (no PUT endpoint); lifecycle rows come from people's lifecycle calls.
APPEND_ONLY = frozenset({"lifecycle", "salaries", "variable", "training"})
READ_ONLY = frozenset({"lifecycle"})
MAX_BULK_EMPLOYEES = 200


class TablesResource(Resource):
    """`client.tables`: `list` / `iter` / `create` / `update` / `delete` rows of one table."""

    async def list(self, table: Table, employee_id: str) -> builtins.list[TableEntry]:
        """Every row of one employee's table (history included for historical tables)."""
        data = await self._json("GET", f"/people/{{id}}/{_checked(table)}", path={"id": employee_id})
        rows = data.get("values", []) if isinstance(data, Mapping) else data or []
        return [TableEntry.model_validate(row) for row in rows]

    def iter(
        self,
        table: BulkTable,
        *,
        employee_ids: Iterable[str] | None = None,
        include_archived: bool = False,
        page_size: int = MAX_PAGE_SIZE,
    ) -> CursorPages[BulkRow]:
        """Rows of every employee (or of ≤ 200 `employee_ids`), one `BulkRow` per employee per page.

        After the loop, `.errors` lists the employees HiBob would not return (`BulkError`s).
        """
        if table not in BULK_TABLES:
            raise ValueError(f"HiBob has bulk reads only for {', '.join(BULK_TABLES)}")
        params: dict[str, Any] = {"includeArchived": include_archived}
        if employee_ids is not None:
            ids = builtins.list(employee_ids)
            if not 1 <= len(ids) <= MAX_BULK_EMPLOYEES:
                raise ValueError(f"a bulk read takes 1 to {MAX_BULK_EMPLOYEES} employee ids")
            params["employeeIds"] = ids

        async def fetch(page: Mapping[str, Any]) -> Any:
            return await self._json("GET", f"/bulk/people/{table}", params={**params, **page})

        return CursorPages(
            fetch,
            items="results",
            parse=BulkRow.model_validate,
            page_size=page_size,
            parse_error=BulkError.parse,
        )

    async def create(self, table: Table, employee_id: str, entry: Mapping[str, Any]) -> Any:
        """Add a row; list columns take list item ids. Returns HiBob's answer (the new row or its id)."""
        template = f"/people/{{id}}/{_checked(table, write=True)}"
        return await self._json("POST", template, path={"id": employee_id}, body=dict(entry))

    async def update(
        self, table: Table, employee_id: str, entry_id: int | str, entry: Mapping[str, Any]
    ) -> None:
        """Replace a row entirely: HiBob clears the standard columns the new row leaves out."""
        if table in APPEND_ONLY:
            raise ValueError(f"HiBob cannot edit {table} rows in place; delete and create instead")
        path = {"id": employee_id, "entryId": entry_id}
        await self._send("PUT", f"/people/{{id}}/{_checked(table)}/{{entryId}}", path=path, body=dict(entry))

    async def delete(self, table: Table, employee_id: str, entry_id: int | str) -> None:
        path = {"id": employee_id, "entryId": entry_id}
        await self._send("DELETE", f"/people/{{id}}/{_checked(table, write=True)}/{{entryId}}", path=path)


def _checked(table: str, *, write: bool = False) -> str:
    if table not in TABLES:
        raise ValueError(f"unknown HiBob table {table!r}; one of {', '.join(TABLES)}")
    if write and table in READ_ONLY:
        raise ValueError(f"HiBob writes {table} rows through client.people (terminate, start date)")
    return table
