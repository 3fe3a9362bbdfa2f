"""Write-back routes: employees, time off and documents, each with `?dry_run=true`, verified and audited."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from bobhub import writeback
from bobhub.api.deps import AccountDep, SessionDep, StateDep, Writer
from bobhub.api.handlers import ErrorPublic, error_responses
from bobhub.api.writes import actions
from bobhub.api.writes.schemas import WriteResult
from bobhub.api.writes.service import Caller
from bobhub.errors import Forbidden, InvalidCredentials, NotFound, UpstreamError

router = APIRouter(tags=["write-back"])

DryRun = Annotated[
    bool, Query(description="Validate and answer the exact HiBob requests without sending anything.")
]
RESPONSES = error_responses(Forbidden, NotFound, InvalidCredentials, UpstreamError)
TOO_LARGE: dict[int | str, dict[str, Any]] = {
    413: {
        "model": ErrorPublic,
        "description": "`PayloadTooLarge`: the file exceeds 5 MB (1 MB custom folders)",
    }
}
ABOUT = (
    " Unified field names in, HiBob requests out; bad input is a 400 naming the field and sends nothing."
    " Sent writes are read back for up to `BOBHUB_WRITEBACK_VERIFY_SECONDS` (HiBob's reads lag ~20 s)."
    " A missing HiBob permission is a 403 naming it in HiBob's wording. Every attempt is audited."
)


async def caller_of(state: StateDep, session: SessionDep, principal: Writer, account: AccountDep) -> Caller:
    """The write scope is checked first; then the account (404 for another tenant's, nothing sent)."""
    return Caller(state, session, principal, account)


CallerDep = Annotated[Caller, Depends(caller_of)]


@router.post("/employees", responses=RESPONSES)
async def create_employee(
    body: writeback.EmployeeCreate, caller: CallerDep, dry_run: DryRun = False
) -> WriteResult:
    """Create an employee (list labels such as department "Engineering" and country names such as "UK"
    are resolved), then add its one compensation row."""
    return await actions.create_employee(caller, body, dry_run=dry_run)


@router.patch("/employees/{employee_id}", responses=RESPONSES)
async def update_employee(
    employee_id: str, body: writeback.EmployeeUpdate, caller: CallerDep, dry_run: DryRun = False
) -> WriteResult:
    """Edit an employee: profile fields through HiBob's employee edit; job title, department, location,
    manager, employment and compensation as new rows from `effective_date`."""
    return await actions.update_employee(caller, employee_id, body, dry_run=dry_run)


@router.post("/employees/{employee_id}/terminate", responses=RESPONSES)
async def terminate_employee(
    employee_id: str, body: writeback.Termination, caller: CallerDep, dry_run: DryRun = False
) -> WriteResult:
    """Terminate an employee on a date, with reasons from HiBob's lists."""
    return await actions.terminate_employee(caller, employee_id, body, dry_run=dry_run)


@router.post("/time-off/requests", responses=RESPONSES)
async def create_time_off_request(
    body: writeback.TimeOffRequestCreate, caller: CallerDep, dry_run: DryRun = False
) -> WriteResult:
    """Submit a time-off request for an employee."""
    return await actions.create_time_off_request(caller, body, dry_run=dry_run)


@router.delete("/time-off/requests/{request_id}", responses=RESPONSES)
async def cancel_time_off_request(request_id: str, caller: CallerDep, dry_run: DryRun = False) -> WriteResult:
    """Cancel a time-off request (ours or HiBob's id)."""
    return await actions.cancel_time_off_request(caller, request_id, dry_run=dry_run)


@router.post("/time-off/balances/adjustments", responses=RESPONSES)
async def adjust_balance(
    body: writeback.BalanceAdjustment, caller: CallerDep, dry_run: DryRun = False
) -> WriteResult:
    """Adjust an employee's balance of one policy type (a negative amount takes time away)."""
    return await actions.adjust_balance(caller, body, dry_run=dry_run)


@router.post("/documents", responses={**RESPONSES, **TOO_LARGE})
async def create_document(
    body: writeback.DocumentCreate, caller: CallerDep, dry_run: DryRun = False
) -> WriteResult:
    """Add a document to an employee's shared, confidential or custom folder, from base64 content (at
    most 5 MB, 1 MB in custom folders: larger is a 413) or from a URL HiBob downloads."""
    return await actions.create_document(caller, body, dry_run=dry_run)


for _route in router.routes:  # every write route shares the same behaviour, told once
    _route.description = (getattr(_route, "description", "") or "") + ABOUT  # type: ignore[attr-defined]
