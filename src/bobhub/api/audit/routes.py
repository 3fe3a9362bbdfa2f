"""/v1/audit-log: the tenant's writes and passthrough calls, newest first."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from bobhub.api.audit import service
from bobhub.api.audit.schemas import AuditEntryPublic, AuditLogPublic
from bobhub.api.deps import Reader, SessionDep
from bobhub.api.handlers import error_responses
from bobhub.errors import Forbidden

router = APIRouter(tags=["audit"])


@router.get("/audit-log", responses=error_responses(Forbidden))
async def audit_log(
    caller: Reader,
    session: SessionDep,
    cursor: Annotated[str | None, Query(description="`next` of the previous page.")] = None,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
    account_id: Annotated[str | None, Query(description="Only this account's rows.")] = None,
    action: Annotated[str | None, Query(description='Only this action, e.g. "employees.create".')] = None,
) -> AuditLogPublic:
    """Every write (dry runs, refusals and failures included) and passthrough call of the tenant.

    Requests are kept as sent to HiBob (method, path, body); credentials never are.
    """
    rows, following = await service.list_log(
        session, caller, page_size=page_size, cursor=cursor, account_id=account_id, action=action
    )
    return AuditLogPublic(
        next=following, results=[AuditEntryPublic.model_validate(service.public(r)) for r in rows]
    )
