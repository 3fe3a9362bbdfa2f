"""/v1/passthrough/{path}: a raw HiBob call with the account's credentials and rate budget, audited."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response

from bobhub.api.audit import service as audit
from bobhub.api.deps import AccountDep, PrincipalDep, StateDep, require_scope
from bobhub.api.handlers import error_responses
from bobhub.api.keys.service import Principal
from bobhub.api.passthrough import service
from bobhub.errors import AppError, Forbidden, NotFound, UpstreamError

router = APIRouter(tags=["passthrough"])
PATH = "/passthrough/{path:path}"


async def scoped(request: Request, caller: PrincipalDep) -> Principal:
    """GET needs the read scope, every other method the write scope (checked before the account)."""
    return await require_scope("read" if request.method == "GET" else "write")(caller)


async def passthrough(
    path: str,
    request: Request,
    caller: Annotated[Principal, Depends(scoped)],
    account: AccountDep,
    state: StateDep,
) -> Response:
    """Send the request to `<account base URL>/v1/<path>` as the account's service user and answer
    HiBob's status and body (JSON or text). The query string and JSON body are passed on; paths are
    confined to HiBob's /v1. Non-GET calls need the write scope. Every call is audited."""
    method = request.method
    shown = f"/v1/{path}"
    body: Any = None
    try:
        target = service.confined(path)
        body = service.json_body(await request.body()) if method != "GET" else None
        query = service.query_of(request.query_params.multi_items())
        answer = await service.forward(state, account, method, target, query, body)
    except AppError as exc:
        await record(state, caller, account.id, method, shown, body, "failed", {"error": exc.message})
        raise
    detail = {"status_code": answer.status_code}
    await record(state, caller, account.id, method, shown, body, "sent", detail, query)
    return Response(answer.content, status_code=answer.status_code, headers=answer.headers)


async def record(
    state: StateDep,
    caller: Principal,
    account_id: str,
    method: str,
    path: str,
    body: Any,
    result: str,
    detail: dict[str, Any],
    query: dict[str, str] | None = None,
) -> None:
    sent = {"method": method, "path": path, "query": query or {}, "body": body}
    await audit.record(
        state.database,
        caller,
        account_id=account_id,
        action="passthrough",
        target=f"{method} {path}",
        requests=[sent],
        result=result,
        detail=detail,
    )


def documented_responses() -> dict[int | str, dict[str, Any]]:
    """HiBob's answers pass through with HiBob's status and body, so an error status carries either the
    API's error shape (the call was refused before HiBob, or HiBob could not be reached) or HiBob's body;
    HiBob's carry the `Bobhub-Source: hibob` header."""
    either = {"anyOf": [{"$ref": "#/components/schemas/ErrorPublic"}, {"description": "HiBob's body"}]}
    ours = {
        code: {
            "description": f"{spec['description']}; or HiBob's own {code} as HiBob sent it, "
            "marked `Bobhub-Source: hibob`",
            "content": {"application/json": {"schema": either}},
        }
        for code, spec in error_responses(Forbidden, NotFound, UpstreamError).items()
    }
    return {
        200: {"description": "HiBob's answer, status and body as HiBob sent them (`Bobhub-Source: hibob`)."},
        **ours,
        "default": {
            "description": "Any other status HiBob answered (429 and 5xx only once retries gave up), "
            "with HiBob's body as sent."
        },
    }


for _method in service.METHODS:
    router.add_api_route(
        PATH,
        passthrough,
        methods=[_method],
        name=f"passthrough_{_method.lower()}",
        response_class=Response,
        responses=documented_responses(),
    )
