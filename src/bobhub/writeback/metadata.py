"""The account's field metadata and named lists, used to turn unified input into HiBob values.

List fields take a label ("Engineering") or an item id; HiBob's create takes list *names* while updates
and table rows take item *ids* (hibob-api-notes.md §5.3), and reads always show ids, which is what
read-back compares against. Every refusal is a BadRequest naming the unified field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bobhub.errors import BadRequest
from bobhub.hibob import HiBobClient
from bobhub.hibob.models import FieldMetadata, ListItem, NamedList
from bobhub.unified.mapping import FieldCatalog
from bobhub.writeback.countries import common_name

LIST_TYPES = frozenset({"list", "hierarchy-list"})
SITE_LIST = "site"
COUNTRY_FIELD = "address.country"
SHOWN_CHOICES = 12


@dataclass(frozen=True, slots=True)
class Value:
    """A unified value converted for HiBob: what is sent, and what a read shows once it is applied."""

    sent: Any
    expected: Any


@dataclass
class Metadata:
    """One account's fields (by id) and named lists (by name), read once per write."""

    fields: dict[str, FieldMetadata]
    lists: dict[str, NamedList]
    catalog: FieldCatalog

    @classmethod
    async def load(cls, client: HiBobClient) -> Metadata:
        """Field metadata and named lists need no permission, only a permission group."""
        fields = await client.metadata.fields.list()
        lists = await client.metadata.lists.list()
        return cls.build(fields, lists)

    @classmethod
    def build(cls, fields: Iterable[FieldMetadata], lists: Iterable[NamedList]) -> Metadata:
        fields, lists = list(fields), list(lists)
        return cls(
            {f.id: f for f in fields},
            {n.name: n for n in lists},
            FieldCatalog.from_metadata(fields, lists),
        )

    def field(self, field_id: str, name: str) -> FieldMetadata:
        found = self.fields.get(field_id)
        if found is None:
            raise BadRequest(f"{name}: this HiBob account has no field {field_id}")
        return found

    def field_in_section(self, section: str, key: str) -> str:
        """The field id behind `sections.<section>.<key>` as the unified employee shows it."""
        for info in self.catalog.fields.values():
            if not info.custom and info.section == section and info.key == key:
                return info.id
        raise BadRequest(f"sections.{section}.{key}: this HiBob account has no such field")

    def item(self, list_name: str, value: Any, name: str) -> ListItem:
        """A list item by label (any case) or id; archived items are not offered."""
        named = self.lists.get(list_name)
        if named is None:
            raise BadRequest(f"{name}: this HiBob account has no list {list_name!r}")
        wanted = str(value).strip()
        live = [i for i in named.walk() if not i.archived]
        found = next((i for i in live if (i.value or i.name).casefold() == wanted.casefold()), None)
        found = found or next((i for i in live if i.id == wanted), None)
        if found is None:
            labels = sorted(i.value or i.name for i in live)
            more = ", …" if len(labels) > SHOWN_CHOICES else ""
            raise BadRequest(
                f"{name}: {wanted!r} is not in HiBob's {list_name} list "
                f"(one of {', '.join(labels[:SHOWN_CHOICES])}{more})"
            )
        return found

    def site(self, value: Any, name: str) -> ListItem:
        return self.item(SITE_LIST, value, name)

    def convert(self, field_id: str, value: Any, name: str, *, by_label: bool) -> Value:
        """`value` for field `field_id`: list labels resolved, types checked (400 naming `name`)."""
        meta = self.field(field_id, name)
        if value is None:
            return Value(None, None)
        if field_id == COUNTRY_FIELD:
            value = common_name(_text(value, name))
        if meta.type in LIST_TYPES and meta.list_id:
            item = self.item(meta.list_id, value, name)
            return Value(item.value or item.name if by_label else item.id, item.id)
        if meta.type == "multi-list" and meta.list_id:
            if not isinstance(value, list):
                raise BadRequest(f"{name}: a list of values is expected")
            items = [self.item(meta.list_id, v, name) for v in value]
            return Value([i.value or i.name if by_label else i.id for i in items], [i.id for i in items])
        checked = _typed(meta.type, value, name)
        return Value(checked, checked)


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise BadRequest(f"{name}: a non-empty text is expected")
    return value.strip()


def _typed(kind: str, value: Any, name: str) -> Any:
    if kind == "date":
        return iso_date(value, name)
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise BadRequest(f"{name}: a number is expected")
        return value
    if kind == "boolean":
        if not isinstance(value, bool):
            raise BadRequest(f"{name}: true or false is expected")
        return value
    if kind == "currency":
        if not (isinstance(value, Mapping) and isinstance(value.get("value"), int | float)):
            raise BadRequest(f'{name}: {{"value": number, "currency": "EUR"}} is expected')
        return {"value": value["value"], "currency": _text(value.get("currency"), f"{name}.currency")}
    if isinstance(value, dict | list):
        raise BadRequest(f"{name}: a single value is expected")
    return value if isinstance(value, str) else str(value)


def iso_date(value: Any, name: str) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise BadRequest(f"{name}: a date (YYYY-MM-DD) is expected") from None


def nest(body: dict[str, Any], meta: FieldMetadata, value: Any) -> None:
    """Put a field into a nested HiBob body by its jsonPath ("work.department" → {"work": {...}})."""
    path = meta.json_path or meta.id.removeprefix("root.")
    *parents, leaf = path.split(".")
    node = body
    for part in parents:
        node = node.setdefault(part, {})
    node[leaf] = value


def same(actual: Any, expected: Any) -> bool:
    """Whether a read-back value shows what was written (ids as text, numbers by value, lists unordered)."""
    if isinstance(actual, Mapping) and "id" in actual and not isinstance(expected, Mapping):
        actual = actual["id"]  # work.reportsTo is the manager object
    if isinstance(expected, list):
        return isinstance(actual, list) and sorted(map(str, actual)) == sorted(map(str, expected))
    if isinstance(expected, Mapping):
        return isinstance(actual, Mapping) and all(same(actual.get(k), v) for k, v in expected.items())
    if expected is None or actual is None:
        return actual in (None, "", []) and expected in (None, "", [])
    if isinstance(expected, int | float) and not isinstance(expected, bool):
        try:
            return float(actual) == float(expected)
        except (TypeError, ValueError):
            return False
    return str(actual) == str(expected)
