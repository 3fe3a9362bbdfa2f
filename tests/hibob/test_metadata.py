"""Metadata over real HTTP: fields, named lists and their writes, custom-table definitions, wizards."""

from __future__ import annotations

import pytest

from bobhub.hibob import InvalidRequest, NotFound
from tests.hibob.conftest import MakeClient


async def test_fields_are_typed_with_categories(bob: MakeClient) -> None:
    fields = await bob("empty").metadata.fields.list()  # metadata needs no permission
    by_id = {f.id: f for f in fields}
    assert by_id["root.firstName"].category_id == "root"
    assert by_id["root.firstName"].category_display_name == "Basic info"
    assert by_id["work.department"].list_id == "department"


async def test_field_create_update_delete(bob: MakeClient) -> None:
    client = bob("full")
    field_id = await client.metadata.fields.create("Laptop model", "work", "text", description="Asset")
    assert field_id.startswith("work.custom.field_")
    await client.metadata.fields.update(field_id, name="Laptop")
    assert {f.id: f.name for f in await client.metadata.fields.list()}[field_id] == "Laptop"
    await client.metadata.fields.delete(field_id)
    assert field_id not in {f.id for f in await client.metadata.fields.list()}
    with pytest.raises(InvalidRequest) as refused:
        await client.metadata.fields.delete("root.firstName")  # a Bob default field
    assert refused.value.status_code == 400
    assert refused.value.key


async def test_named_lists_and_item_writes(bob: MakeClient) -> None:
    lists = bob("full").metadata.lists
    names = {named.name for named in await lists.list()}
    assert {"department", "site", "title"} <= names
    departments = await lists.get("department")
    parent = next(departments.walk())
    item_id = await lists.create_item("department", "Client Library Guild", parent_id=parent.id)
    assert (await lists.get("department")).label(item_id) == "Client Library Guild"
    with pytest.raises(InvalidRequest) as duplicate:
        await lists.create_item("department", "Client Library Guild")
    assert duplicate.value.status_code == 409
    await lists.update_item("department", item_id, name="Client Guild")
    assert (await lists.get("department")).label(item_id) == "Client Guild"
    await lists.delete_item("department", item_id)
    assert (await lists.get("department")).label(item_id) is None
    with pytest.raises(NotFound):
        await lists.get("no-such-list")


async def test_custom_tables_and_wizards(bob: MakeClient) -> None:
    metadata = bob("full").metadata
    assert await metadata.custom_tables.list() == []
    with pytest.raises(NotFound):
        await metadata.custom_tables.get("no-such-table")
    wizards = await metadata.wizards()
    assert wizards
    assert all(w.id and w.name for w in wizards)
