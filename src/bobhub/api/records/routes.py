"""The read routes: synced employees, their history, groups, locations, time off, documents, custom fields
and sync runs of the caller's account, each list paged by cursor.

Record routes answer JSON built straight from the stored text (no per-row validation); `response_model`
documents it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Response

from bobhub.api.deps import AccountDep, Reader, SessionDep
from bobhub.api.handlers import error_responses
from bobhub.api.records import schemas, service
from bobhub.api.records.cache import RecordCacheDep
from bobhub.api.records.pagination import (
    COMMON,
    RUN_COMMON,
    IncludeDeleted,
    IncludeRemoteData,
    PageDep,
    RunPageDep,
    only_parameters,
    split_expand,
)
from bobhub.api.records.render import json_response
from bobhub.errors import Forbidden, NotFound
from bobhub.store.reads import Match

router = APIRouter()

EmploymentStatus = Literal["active", "pending", "leave", "terminated", "inactive"]
RequestStatus = Literal["approved", "pending", "canceled", "declined", "deleted"]
ERRORS = error_responses(Forbidden, NotFound)

Expand = Annotated[
    str | None,
    Query(
        description="Comma-separated: `manager` (a small employee object), `groups` (the department).",
        examples=["manager,groups"],
    ),
]
EmployeeFilter = Annotated[
    str | None, Query(description="Only rows of this employee (bobhub's id or HiBob's).")
]
EmployeeId = Annotated[str, Path(description="bobhub's id of the employee (`rec_…`) or HiBob's.")]


def known(*names: str, common: Sequence[str] = COMMON) -> Any:
    """A parameter refusing query parameters the route does not take; it comes after authentication, so
    a caller without a key gets 401 whatever it asked."""
    return Depends(only_parameters(*names, common=common))


@router.get("/employees", tags=["employees"], response_model=schemas.EmployeesPublic, responses=ERRORS)
async def list_employees(
    _: Reader,
    account: AccountDep,
    session: SessionDep,
    page: PageDep,
    cache: RecordCacheDep,
    __: None = known("employment_status", "group", "location", "email", "expand"),
    employment_status: Annotated[EmploymentStatus | None, Query(description="Unified status.")] = None,
    group: Annotated[
        str | None, Query(description="A department group (bobhub's id or HiBob's, e.g. department:42).")
    ] = None,
    location: Annotated[str | None, Query(description="A location (bobhub's id or HiBob's).")] = None,
    email: Annotated[str | None, Query(description="Work or personal email, any case.")] = None,
    expand: Expand = None,
) -> Response:
    """The account's employees in a stable order; those HiBob deleted are flagged unless hidden."""
    match = Match(employment_status=employment_status, group=group, location=location, email=email)
    expanded = split_expand(expand, service.EXPANDABLE)
    return json_response(await service.employees_page(session, account.id, page, cache, match, expanded))


@router.get(
    "/employees/{employee_id}", tags=["employees"], response_model=schemas.EmployeePublic, responses=ERRORS
)
async def get_employee(
    employee_id: EmployeeId,
    _: Reader,
    account: AccountDep,
    session: SessionDep,
    __: None = known("include_remote_data", "expand", common=()),
    include_remote_data: IncludeRemoteData = False,
    expand: Expand = None,
) -> Response:
    """One employee by bobhub's id or HiBob's."""
    expanded = split_expand(expand, service.EXPANDABLE)
    body = await service.employee(
        session, account.id, employee_id, include_remote_data=include_remote_data, expand=expanded
    )
    return json_response(body)


@router.get(
    "/employees/{employee_id}/history",
    tags=["employees"],
    response_model=schemas.EmployeeHistoryPublic,
    responses=ERRORS,
)
async def get_employee_history(
    employee_id: EmployeeId,
    _: Reader,
    account: AccountDep,
    session: SessionDep,
    __: None = known("as_of", "include_remote_data", "include_deleted", common=()),
    as_of: Annotated[
        dt.date | None,
        Query(
            description="A day: work, employment, lifecycle and compensation give the row in effect "
            "then; variable pay, equity and training every row started by then."
        ),
    ] = None,
    include_remote_data: IncludeRemoteData = False,
    include_deleted: IncludeDeleted = True,
) -> Response:
    """The employee's effective-dated rows by table, ordered by effective date."""
    body = await service.history(
        session,
        account.id,
        employee_id,
        as_of=as_of,
        include_remote_data=include_remote_data,
        include_deleted=include_deleted,
    )
    return json_response(body)


@router.get("/groups", tags=["groups"], response_model=schemas.GroupsPublic, responses=ERRORS)
async def list_groups(
    _: Reader,
    account: AccountDep,
    session: SessionDep,
    page: PageDep,
    cache: RecordCacheDep,
    __: None = known("type"),
    group_type: Annotated[
        str | None, Query(alias="type", description="A HiBob list name, e.g. department.")
    ] = None,
) -> Response:
    """Items of HiBob's lists: departments (nested by parent_remote_id), titles, sites and the others."""
    match = Match(type=group_type)
    return json_response(await service.records_page(session, account.id, "groups", page, cache, match))


@router.get("/locations", tags=["groups"], response_model=schemas.LocationsPublic, responses=ERRORS)
async def list_locations(
    _: Reader,
    account: AccountDep,
    session: SessionDep,
    page: PageDep,
    cache: RecordCacheDep,
    __: None = known(),
) -> Response:
    """The sites of HiBob's site list."""
    return json_response(await service.records_page(session, account.id, "locations", page, cache))


@router.get(
    "/time-off/policies", tags=["time off"], response_model=schemas.TimeOffPoliciesPublic, responses=ERRORS
)
async def list_time_off_policies(
    _: Reader,
    account: AccountDep,
    session: SessionDep,
    page: PageDep,
    cache: RecordCacheDep,
    __: None = known(),
) -> Response:
    """Time-off policies (HiBob names a policy uniquely, so its name is its remote id)."""
    return json_response(await service.records_page(session, account.id, "time_off_policies", page, cache))


@router.get(
    "/time-off/requests", tags=["time off"], response_model=schemas.TimeOffRequestsPublic, responses=ERRORS
)
async def list_time_off_requests(
    _: Reader,
    account: AccountDep,
    session: SessionDep,
    page: PageDep,
    cache: RecordCacheDep,
    __: None = known("employee_id", "status"),
    employee_id: EmployeeFilter = None,
    status: Annotated[RequestStatus | None, Query(description="Unified request status.")] = None,
) -> Response:
    """Time-off requests, kept forever (HiBob's change feed forgets after six months)."""
    match = Match(employee=employee_id, status=status)
    return json_response(
        await service.records_page(session, account.id, "time_off_requests", page, cache, match)
    )


@router.get(
    "/time-off/balances", tags=["time off"], response_model=schemas.TimeOffBalancesPublic, responses=ERRORS
)
async def list_time_off_balances(
    _: Reader,
    account: AccountDep,
    session: SessionDep,
    page: PageDep,
    cache: RecordCacheDep,
    __: None = known("employee_id"),
    employee_id: EmployeeFilter = None,
) -> Response:
    """Balances per employee and policy type, each as of the day it was last read (`as_of`)."""
    match = Match(employee=employee_id)
    return json_response(
        await service.records_page(session, account.id, "time_off_balances", page, cache, match)
    )


@router.get("/documents", tags=["documents"], response_model=schemas.DocumentsPublic, responses=ERRORS)
async def list_documents(
    _: Reader,
    account: AccountDep,
    session: SessionDep,
    page: PageDep,
    cache: RecordCacheDep,
    __: None = known("employee_id"),
    employee_id: EmployeeFilter = None,
) -> Response:
    """Documents' metadata in employees' folders."""
    match = Match(employee=employee_id)
    return json_response(await service.records_page(session, account.id, "documents", page, cache, match))


@router.get("/custom-fields", tags=["employees"], response_model=schemas.CustomFieldsPublic, responses=ERRORS)
async def list_custom_fields(
    _: Reader,
    account: AccountDep,
    session: SessionDep,
    page: PageDep,
    cache: RecordCacheDep,
    __: None = known(),
) -> Response:
    """Definitions of the custom employee fields (the keys of employees' `custom_fields`)."""
    return json_response(await service.records_page(session, account.id, "custom_fields", page, cache))


@router.get("/sync-runs", tags=["sync runs"], responses=ERRORS)
async def list_sync_runs(
    _: Reader,
    account: AccountDep,
    session: SessionDep,
    page: RunPageDep,
    __: None = known(common=RUN_COMMON),
) -> schemas.SyncRunsPublic:
    """The account's sync runs, newest first, with what each stream did."""
    return await service.sync_runs_page(session, account.id, page)


@router.get("/sync-runs/{run_id}", tags=["sync runs"], responses=ERRORS)
async def get_sync_run(
    run_id: str, _: Reader, account: AccountDep, session: SessionDep, __: None = known(common=())
) -> schemas.SyncRunPublic:
    """One sync run of the account."""
    return await service.sync_run(session, account.id, run_id)
