"""People endpoints: search and read (three-layer JSON), create, update, email change, profiles, avatars.

Reads follow hibob-api-notes §5.2 and §6.3: employees outside the audience are absent, fields of
categories without View are silently omitted, and a read-after-write lag fault serves values as they
were before the last write. Lifecycle actions (terminate, invite, start date) live in `lifecycle.py`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import PlainTextResponse, Response

from bobhub.sandbox import permissions as perms
from bobhub.sandbox.app import Ctx, CtxDep, body_json, v1_router
from bobhub.sandbox.employees import (
    coerce,
    field_values,
    in_audience,
    new_employee_values,
    new_tables,
    section,
    sees_people,
    state_of,
    valid_email,
    visible,
    write,
)
from bobhub.sandbox.errors import bad_request, forbidden
from bobhub.sandbox.model import EMPLOYED, Employee
from bobhub.sandbox.render import Values, human_mode, render_nested
from bobhub.sandbox.routes import lifecycle

router = v1_router()
router.include_router(lifecycle.router)

MAX_FIELDS = 400
FILTER_PATHS = ("root.id", "root.email")
PROFILE_FIELDS = [
    "root.firstName",
    "root.surname",
    "root.email",
    "root.displayName",
    "personal.honorific",
    "personal.shortBirthDate",
    "personal.nationality",
    "personal.pronouns",
    "root.avatarUrl",
    "about.hobbies",
    "about.socialData.linkedin",
    "work.startDate",
    "work.manager",
    "work.tenureDuration",
    "work.reportsTo",
    "work.workPhone",
    "work.workMobile",
    "work.siteId",
    "work.site",
    "work.department",
    "work.title",
    "work.isManager",
    "work.originalStartDate",
    "work.activeEffectiveDate",
    "work.secondLevelManager",
    "work.employeeIdInCompany",
]
# Fields PUT /people cannot change: the email has its own endpoint.
OWN_ENDPOINT = {"root.email": "PUT /people/{id}/email"}


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed people read: fields (None = HiBob's defaults), filter values, inactive people, mode."""

    fields: list[str] | None
    match: tuple[str, list[str]] | None
    show_inactive: bool
    mode: str


def json_response(data: bytes) -> Response:
    return Response(data, media_type="application/json")


def employees_response(parts: list[bytes]) -> Response:
    return json_response(b'{"employees":[' + b",".join(parts) + b"]}")


def parse_fields(body: dict[str, Any]) -> list[str] | None:
    """The requested field ids; None means HiBob's default set.

    Assumption: an empty list reads like an omitted one (the default set), not like "only the id".
    """
    fields = body.get("fields")
    if not isinstance(fields, list | None) or not all(isinstance(f, str) for f in fields or ()):
        raise bad_request("fields must be a list of field ids")
    if fields and len(fields) > MAX_FIELDS:
        raise bad_request(f"A request may ask for at most {MAX_FIELDS} fields")
    return fields or None


def parse_filters(raw: Any) -> tuple[str, list[str]] | None:
    """HiBob's one supported filter: root.id or root.email `equals` a non-empty list (else 400)."""
    if raw is None:
        return None
    if not isinstance(raw, list) or len(raw) != 1 or not isinstance(raw[0], dict):
        raise bad_request("filters must hold exactly one filter; omit it to read everyone")
    path, operator, values = raw[0].get("fieldPath"), raw[0].get("operator"), raw[0].get("values")
    if path not in FILTER_PATHS:
        raise bad_request(f"Unsupported filter fieldPath {path!r}; use root.id or root.email")
    if operator != "equals":
        raise bad_request(f"Unsupported filter operator {operator!r}; use equals")
    if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
        raise bad_request("Filter values must be a non-empty list of strings")
    return path, values


def body_object(body: Any) -> dict[str, Any]:
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise bad_request("The body must be a JSON object")
    return body


def parse_query(raw: Any) -> Query:
    body = body_object(raw)
    show_inactive = body.get("showInactive", False)
    if not isinstance(show_inactive, bool):
        raise bad_request("showInactive must be true or false")
    return Query(parse_fields(body), parse_filters(body.get("filters")), show_inactive,
                 human_mode(body.get("humanReadable")))  # fmt: skip


def matching(ctx: Ctx, match: tuple[str, list[str]] | None) -> list[Employee]:
    company = ctx.company
    if match is None:
        return list(company.employees.values())
    path, values = match
    found = (company.employees.get(v) if path == "root.id" else company.employee(v) if "@" in v else None
             for v in values)  # fmt: skip
    return list({e.id: e for e in found if e is not None}.values())


@router.post("/people/search")
async def search(request: Request, ctx: CtxDep) -> Response:
    query = parse_query(await body_json(request))
    if not sees_people(ctx):
        return employees_response([])
    state, company = state_of(ctx), ctx.company
    plan = state.plan(company, ctx.grants, query.fields, query.mode)
    lag = ctx.sandbox.faults.lag_seconds(ctx.user.id)
    audience = ctx.grants.audience
    parts = []
    for employee in matching(ctx, query.match):
        seen = state.view(company, employee, lag)
        if seen is None:
            continue
        values, version = seen
        if (values.get("internal.lifecycleStatus") or EMPLOYED) not in audience:
            continue
        if query.show_inactive or values.get("internal.status") == "Active":
            parts.append(state.encode(plan, employee.id, values, version))
    return employees_response(parts)


@router.post("/people/{identifier}")
async def read(identifier: str, request: Request, ctx: CtxDep) -> Response:
    # Assumption: like the spec's schema, the answer wraps the one employee in {"employees": [...]};
    # inactive employees are returned too (this endpoint has no showInactive).
    body = body_object(await body_json(request))
    fields, mode = parse_fields(body), human_mode(body.get("humanReadable"))
    employee, values, version = visible(ctx, identifier, lag=True)
    state = state_of(ctx)
    plan = state.plan(ctx.company, ctx.grants, fields, mode)
    return employees_response([state.encode(plan, employee.id, values, version)])


def new_employee_id(ctx: Ctx) -> str:
    rnd = random.Random(f"employee:{ctx.company.seed}:{ctx.company.next_id()}")
    while (candidate := str(rnd.randrange(10**18, 10**19))) in ctx.company.employees:
        pass
    return candidate


@router.post("/people")
async def create(request: Request, ctx: CtxDep) -> Response:
    ctx.require(perms.ADD_PEOPLE)
    company = ctx.company
    given = field_values(company, body_object(await body_json(request)))
    employee_id = new_employee_id(ctx)
    values = new_employee_values(company, employee_id, given)
    employee = Employee(employee_id, values, new_tables(company, values, ctx.user.id))
    employee.avatar_url = values.get("root.avatarUrl")
    state = state_of(ctx)
    state.remember(company, None, employee_id)
    company.add_employee(employee)
    ctx.sandbox.webhooks.emit(company, "employee.created", {"employeeId": employee_id})
    plan = state.plan(company, ctx.grants, None, "")
    return json_response(state.encode(plan, employee_id, employee.values, employee.version))


def can_edit_something(ctx: Ctx) -> bool:
    return any(ctx.grants.can_edit(c.display_name) for c in ctx.company.categories.values())


def check_editable(ctx: Ctx, field_ids: list[str]) -> None:
    """403 naming the first section without Edit, then 400 for fields PUT /people cannot write."""
    company = ctx.company
    for field_id in field_ids:
        name = section(company, company.fields[field_id].category_id)
        if not ctx.grants.can_edit(name):
            raise forbidden(f"{name} > Edit selected employees' {name} sections")
    for field_id in field_ids:
        fd = company.fields[field_id]
        if field_id in OWN_ENDPOINT:
            raise bad_request(f"{field_id} cannot be updated here; use {OWN_ENDPOINT[field_id]}")
        if fd.historical:
            raise bad_request(f"{field_id} belongs to a history table; use the table endpoints")
        if fd.calculated:
            raise bad_request(f"{field_id} is calculated and cannot be updated")


def names_follow(employee: Employee, changes: Values) -> None:
    """Full name is first name + surname; a display name that was the full name follows it."""
    old = employee.values
    new = {**old, **changes}
    full = f"{new.get('root.firstName') or ''} {new.get('root.surname') or ''}".strip()
    if full == old.get("root.fullName"):
        return
    changes["root.fullName"] = full
    if "root.displayName" not in changes and old.get("root.displayName") == old.get("root.fullName"):
        changes["root.displayName"] = full


@router.put("/people/{identifier}")
async def update(identifier: str, request: Request, ctx: CtxDep) -> Response:
    if not can_edit_something(ctx):
        raise forbidden("an Edit permission on a People's data section")
    employee, _, _ = visible(ctx, identifier)
    company = ctx.company
    given = field_values(company, await body_json(request))
    check_editable(ctx, list(given))
    coerced = {fid: coerce(company, company.fields[fid], value) for fid, value in given.items()}
    changes = {fid: v for fid, v in coerced.items() if employee.values.get(fid) != v}
    if not changes:
        return Response(status_code=304)
    updated = list(changes)
    names_follow(employee, changes)
    write(ctx, employee, changes, emit=False)
    # fieldUpdates lists the fields the call changed explicitly; calculated ones are not listed.
    data = {"employeeId": employee.id, "fieldUpdates": updated}
    ctx.sandbox.webhooks.emit(company, "employee.updated", data)
    return Response(status_code=200)


@router.put("/people/{id}/email")
async def change_email(id: str, request: Request, ctx: CtxDep) -> Response:
    ctx.require(perms.EDIT_EMAIL)
    employee, _, _ = visible(ctx, id)
    body = body_object(await body_json(request))
    email = body.get("email")
    if not valid_email(email):
        raise bad_request("email must be a valid email address")
    company = ctx.company
    owner = company.by_email.get(email.lower())
    if owner is not None and owner != employee.id:
        raise bad_request(f"The email {email} is already used by another employee")
    if email == employee.email:
        return Response(status_code=200)
    company.by_email.pop(employee.email.lower(), None)
    write(ctx, employee, {"root.email": email})
    company.by_email[email.lower()] = employee.id
    return Response(status_code=200)


@router.get("/profiles")
async def profiles(ctx: CtxDep) -> dict[str, Any]:
    ctx.require(perms.VIEW_DIRECTORY)
    if not sees_people(ctx):
        return {"employees": []}
    plan = state_of(ctx).plan(ctx.company, ctx.grants, PROFILE_FIELDS, "")
    return {
        "employees": [
            render_nested(plan, e.values)
            for e in ctx.company.employees.values()
            if e.active and in_audience(ctx, e.values)
        ]
    }


@router.get("/avatars/{employeeId}")
async def avatar(employeeId: str, ctx: CtxDep) -> PlainTextResponse:
    employee, _, _ = visible(ctx, employeeId)
    return PlainTextResponse(employee.avatar_url or "")


@router.get("/avatars")
async def avatar_by_email(ctx: CtxDep, email: str = "") -> PlainTextResponse:
    if not email:
        raise bad_request("The email query parameter is required")
    employee, _, _ = visible(ctx, email)
    return PlainTextResponse(employee.avatar_url or "")


@router.put("/avatars/{employeeId}")
async def upload_avatar(employeeId: str, request: Request, ctx: CtxDep) -> Response:
    name = section(ctx.company, ctx.company.fields["root.avatarUrl"].category_id)
    if not ctx.grants.can_edit(name):
        raise forbidden(f"{name} > Edit selected employees' {name} sections")
    employee, _, _ = visible(ctx, employeeId)
    url = body_object(await body_json(request)).get("url")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise bad_request("url must be an http(s) URL of the image")
    employee.avatar_url = url
    write(ctx, employee, {"root.avatarUrl": url})
    return Response(status_code=200)
