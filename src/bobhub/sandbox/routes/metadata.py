"""Metadata endpoints: employee fields, named lists, custom-table metadata and onboarding wizards.

HiBob serves metadata to any service user, even one without permissions (hibob-api-notes §6.2).
Assumption for writes: the Features rights that guard field and list administration in Bob are not
modelled, so any service user in a permission group may write metadata and one in no group gets 403.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response
from pydantic import BaseModel, StrictBool, StrictInt, StrictStr

from bobhub.sandbox.app import Ctx, CtxDep, parse_body, v1_router
from bobhub.sandbox.errors import bad_request, conflict, forbidden, not_found
from bobhub.sandbox.model import Company, FieldDef, ListItem, NamedList
from bobhub.sandbox.render import people_state

router = v1_router()

FIELD_TYPES = frozenset(
    {"text", "text-area", "number", "date", "list", "multi-list", "hierarchy-list", "currency",
     "employee-reference", "document"}
)  # fmt: skip
LIST_TYPES = frozenset({"list", "multi-list", "hierarchy-list"})
# Categories backed by a history table: only there can a new field keep history.
HISTORICAL_CATEGORIES = frozenset({"work", "employment", "payroll", "internal"})
# Custom field ids end in a millisecond timestamp in HiBob ("field_1711886937296").
FIELD_ID_BASE = 1_730_000_000_000
WIZARDS = ({"id": 1, "name": "Standard onboarding"}, {"id": 2, "name": "Engineering onboarding"},
           {"id": 3, "name": "Rehire onboarding"})  # fmt: skip


def require_group(ctx: Ctx) -> None:
    if not ctx.grants.in_group:
        raise forbidden("a permission group")


def metadata_changed(ctx: Ctx) -> None:
    people_state(ctx.request.app.state).bump_metadata(ctx.company)


class NewField(BaseModel):
    name: StrictStr
    category: StrictStr
    type: StrictStr
    description: StrictStr | None = None
    historical: StrictBool = False


class FieldUpdate(BaseModel):
    name: StrictStr | None = None
    description: StrictStr | None = None


class NewItem(BaseModel):
    name: StrictStr
    parentId: StrictInt | StrictStr | None = None


class ItemUpdate(BaseModel):
    name: StrictStr | None = None
    parentId: StrictInt | StrictStr | None = None


def _flag(raw: str | None) -> bool:
    return (raw or "").strip().lower() == "true"


@router.get("/company/people/fields")
async def list_fields(ctx: CtxDep) -> list[dict[str, Any]]:
    company = ctx.company
    return [f.metadata(company.categories[f.category_id]) for f in company.fields.values()]


@router.post("/company/people/fields")
async def create_field(request: Request, ctx: CtxDep) -> dict[str, str]:
    require_group(ctx)
    spec = await parse_body(request, NewField)
    company = ctx.company
    if spec.category == "root":
        raise bad_request("Fields cannot be added to the root category")
    if spec.category not in company.categories:
        raise not_found(f"Category {spec.category} does not exist")
    if spec.type not in FIELD_TYPES:
        raise bad_request(f"Unsupported field type {spec.type}")
    if spec.historical and spec.category not in HISTORICAL_CATEGORIES:
        raise bad_request(f"Category {spec.category} does not keep history")
    if not spec.name.strip():
        raise bad_request("name must not be empty")
    field_id = f"{spec.category}.custom.field_{FIELD_ID_BASE + company.next_id()}"
    list_id = None
    if spec.type in LIST_TYPES:
        # A new list field comes with its own, empty, named list.
        list_id = field_id.rsplit(".", 1)[1]
        company.lists[list_id] = NamedList(list_id)
    company.fields[field_id] = FieldDef(
        id=field_id, category_id=spec.category, name=spec.name, type=spec.type, json_path=field_id,
        list_id=list_id, historical=spec.historical, description=spec.description, custom=True,
    )  # fmt: skip
    metadata_changed(ctx)
    return {"id": field_id}


def _custom_field(company: Company, field_id: str) -> FieldDef:
    fd = company.fields.get(field_id)
    if fd is None:
        raise not_found(f"Field {field_id} does not exist")
    if not fd.custom:
        raise bad_request(f"Field {field_id} is a Bob default field")
    return fd


@router.put("/company/people/fields/{fieldId}")
async def update_field(fieldId: str, request: Request, ctx: CtxDep) -> Response:
    require_group(ctx)
    fd = _custom_field(ctx.company, fieldId)
    spec = await parse_body(request, FieldUpdate)
    if spec.name is None and spec.description is None:
        raise bad_request("Provide name or description")
    if spec.name is not None:
        if not spec.name.strip():
            raise bad_request("name must not be empty")
        fd.name = spec.name
    if spec.description is not None:
        fd.description = spec.description
    return Response(status_code=200)


@router.delete("/company/people/fields/{fieldId}")
async def delete_field(fieldId: str, ctx: CtxDep) -> Response:
    require_group(ctx)
    company = ctx.company
    _custom_field(company, fieldId)
    del company.fields[fieldId]
    for employee in company.employees.values():
        if employee.values.pop(fieldId, None) is not None:
            employee.touch()
    metadata_changed(ctx)
    return Response(status_code=200)


@router.get("/company/named-lists")
async def named_lists(ctx: CtxDep, includeArchived: str | None = None) -> list[dict[str, Any]]:
    archived = _flag(includeArchived)
    return [named.to_json(archived) for named in ctx.company.lists.values()]


def _named_list(company: Company, list_name: str) -> NamedList:
    named = company.lists.get(list_name)
    if named is None:
        raise not_found(f"List {list_name} does not exist")
    return named


@router.get("/company/named-lists/{listName}")
async def named_list(listName: str, ctx: CtxDep, includeArchived: str | None = None) -> dict[str, Any]:
    return _named_list(ctx.company, listName).to_json(_flag(includeArchived))


def _parent(named: NamedList, parent_id: int | str | None) -> str | None:
    if parent_id is None:
        return None
    if str(parent_id) not in named.by_id:
        raise bad_request(f"Parent item {parent_id} does not exist in list {named.name}")
    return str(parent_id)


@router.post("/company/named-lists/{listName}")
async def add_item(listName: str, request: Request, ctx: CtxDep) -> dict[str, str]:
    require_group(ctx)
    company = ctx.company
    named = _named_list(company, listName)
    spec = await parse_body(request, NewItem)
    if not spec.name.strip():
        raise bad_request("name must not be empty")
    if named.find_value(spec.name) is not None:
        raise conflict(f"An item named {spec.name} already exists in list {listName}")
    item = named.add(ListItem(str(company.next_id()), spec.name, parent_id=_parent(named, spec.parentId)))
    metadata_changed(ctx)
    return {"id": item.id}


def _item(named: NamedList, item_id: str) -> ListItem:
    item = named.by_id.get(item_id)
    if item is None:
        raise not_found(f"Item {item_id} does not exist in list {named.name}")
    return item


def _siblings(named: NamedList, item: ListItem) -> list[ListItem]:
    parent = named.by_id.get(item.parent_id) if item.parent_id else None
    return parent.children if parent else named.items


def _descendants(item: ListItem) -> list[ListItem]:
    found, stack = [], list(item.children)
    while stack:
        child = stack.pop()
        found.append(child)
        stack.extend(child.children)
    return found


def _move(named: NamedList, item: ListItem, parent_id: str | None) -> None:
    if parent_id == item.id or parent_id in {d.id for d in _descendants(item)}:
        raise bad_request("An item cannot move under itself")
    _siblings(named, item).remove(item)
    item.parent_id = parent_id
    _siblings(named, item).append(item)


@router.put("/company/named-lists/{listName}/{itemId}")
async def update_item(listName: str, itemId: str, request: Request, ctx: CtxDep) -> Response:
    require_group(ctx)
    named = _named_list(ctx.company, listName)
    item = _item(named, itemId)
    spec = await parse_body(request, ItemUpdate)
    if spec.name is None and spec.parentId is None:
        raise bad_request("Provide at least one of name or parentId")
    if spec.name is not None:
        clash = named.find_value(spec.name)
        if not spec.name.strip() or (clash is not None and clash is not item):
            raise bad_request(f"Invalid or duplicate name {spec.name!r}")
    if spec.parentId is not None:
        _move(named, item, _parent(named, spec.parentId))
    if spec.name is not None:
        item.value = spec.name
    metadata_changed(ctx)
    return Response(status_code=200)


@router.delete("/company/named-lists/{listName}/{itemId}")
async def delete_item(listName: str, itemId: str, ctx: CtxDep) -> Response:
    require_group(ctx)
    named = _named_list(ctx.company, listName)
    item = _item(named, itemId)
    _siblings(named, item).remove(item)
    for gone in (item, *_descendants(item)):
        named.by_id.pop(gone.id, None)
    metadata_changed(ctx)
    return Response(status_code=200)


# Sandbox companies define no custom tables (the router's gate still authenticates and rate-limits).
@router.get("/people/custom-tables/metadata")
async def custom_tables() -> dict[str, Any]:
    return {"tables": []}


@router.get("/people/custom-tables/metadata/{tableId}")
async def custom_table(tableId: str) -> dict[str, Any]:
    raise not_found(f"Custom table {tableId} does not exist")


@router.get("/onboarding/wizards")
async def wizards() -> dict[str, Any]:
    """The welcome wizards: the same three in every sandbox company."""
    return {"wizards": [dict(w) for w in WIZARDS]}
