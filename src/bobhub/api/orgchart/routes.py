"""/v1/org-chart: the manager tree of the caller's account as nested JSON or CSV, whole or from a root."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Response

from bobhub.api.deps import AccountDep, Reader, SessionDep
from bobhub.api.handlers import error_responses
from bobhub.api.orgchart import service
from bobhub.api.orgchart.schemas import OrgChartPublic
from bobhub.api.records.pagination import only_parameters
from bobhub.errors import Forbidden, NotFound

router = APIRouter(tags=["employees"])

CSV_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The chart: nested JSON, or with format=csv (or Accept: text/csv) one row per person "
        "in depth-first order with its `level`.",
        "content": {"text/csv": {"schema": {"type": "string"}}},
    }
}


@router.get(
    "/org-chart",
    response_model=OrgChartPublic,
    responses={**error_responses(Forbidden, NotFound), **CSV_RESPONSE},
)
async def get_org_chart(
    _: Reader,
    account: AccountDep,
    session: SessionDep,
    __: None = Depends(only_parameters("root", "as_of", "format", common=())),
    root: Annotated[
        str | None, Query(description="Only this employee's tree (bobhub's id or HiBob's).")
    ] = None,
    as_of: Annotated[
        dt.date | None, Query(description="The chart on this day, from the work history then.")
    ] = None,
    output: Annotated[Literal["json", "csv"] | None, Query(alias="format")] = None,
    accept: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Response:
    """Who reports to whom among the people employed today (or on `as_of`). People whose manager is not
    in the chart, and one member of any loop of managers, are at the top."""
    chart = await service.org_chart(session, account.id, root=root, as_of=as_of)
    wants_csv = output == "csv" or (output is None and "text/csv" in (accept or ""))
    if wants_csv:
        return Response(chart.as_csv(), media_type="text/csv; charset=utf-8")
    return Response(service.json_bytes(chart), media_type="application/json")
