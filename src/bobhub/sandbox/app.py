"""The sandbox's FastAPI app: HiBob's API under /v1 behind one gate, and the admin API under /_sandbox.

Every /v1 route depends on `context`, which in HiBob's order counts the call, refuses a WAF-blocked
Authorization header, authenticates (401), applies the per-endpoint rate limit (429 with headers) and
hands the route a `Ctx`. Faults and the WAF's 401/403 bookkeeping sit in ASGI middleware around it.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError

from bobhub.sandbox.errors import HiBobHTTPError, bad_request, forbidden, handle_hibob_error
from bobhub.sandbox.model import Company
from bobhub.sandbox.permissions import Grants, Permission
from bobhub.sandbox.state import Sandbox, ServiceUser


@dataclass(slots=True)
class Ctx:
    """What a /v1 route gets: the sandbox, the calling service user, its company and grants."""

    sandbox: Sandbox
    user: ServiceUser
    request: Request

    @property
    def company(self) -> Company:
        return self.user.company

    @property
    def grants(self) -> Grants:
        return self.user.grants

    def require(self, permission: Permission) -> None:
        """403 unless the service user's group has this permission."""
        if not self.grants.has(permission):
            raise forbidden(f"{permission.section} > {permission.wording}")


def template_of(request: Request) -> str:
    """The matched path template with its /v1 prefix (included routers keep unprefixed paths)."""
    route = request.scope.get("route")
    path = getattr(route, "path", None)
    return f"/v1{path}" if path else request.url.path


async def context(request: Request) -> Ctx:
    sandbox: Sandbox = request.app.state.sandbox
    template = template_of(request)
    sandbox.stats.calls[f"{request.method} {template}"] += 1
    authorization = request.headers.get("authorization", "")
    if authorization and sandbox.waf.blocked(authorization):
        raise HiBobHTTPError(403, "blocked", "Too many failed authorizations; try again later")
    user = sandbox.authenticate(authorization)
    if user is None:
        raise HiBobHTTPError(401, "unauthorized", "Authentication failed: unknown service user or token")
    verdict = sandbox.limiter.hit(user.id, request.method, template)
    if verdict is not None:
        request.state.rate_headers = verdict.headers()
        if not verdict.allowed:
            sandbox.stats.rate_limited += 1
            headers = {**verdict.headers(), "Retry-After": str(max(1, round(verdict.retry_after)))}
            raise HiBobHTTPError(429, "too_many_requests", "Rate limit exceeded", headers)
    return Ctx(sandbox, user, request)


CtxDep = Annotated[Ctx, Depends(context)]


async def body_json(request: Request) -> Any:
    """The request's JSON body; call it after permission checks (HiBob checks permissions first)."""
    raw = await request.body()
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError as exc:
        raise bad_request("Malformed JSON body") from exc


M = TypeVar("M", bound=BaseModel)


async def parse_body(request: Request, model: type[M]) -> M:
    """The JSON body validated against `model`; a mismatch is HiBob's 400."""
    data = await body_json(request)
    try:
        return model.model_validate(data if data is not None else {})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "body"
        raise bad_request(f"{where}: {first['msg']}") from exc


def v1_router() -> APIRouter:
    """A router for HiBob endpoints: every route behind the `context` gate."""
    return APIRouter(dependencies=[Depends(context)])


async def handle_validation(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
    where = ".".join(str(p) for p in first.get("loc", ())) or "request"
    return JSONResponse({"key": "invalid_request", "error": f"{where}: {first['msg']}"}, status_code=400)


def add_rate_headers(request: Request, response: Response) -> None:
    headers = getattr(request.state, "rate_headers", None)
    if headers:
        response.headers.update(headers)


def create_app(sandbox: Sandbox) -> FastAPI:
    """The sandbox ASGI app over one `Sandbox` (companies must already be created)."""
    from bobhub.sandbox.faults import FaultMiddleware
    from bobhub.sandbox.routes import admin, documents, metadata, people, reports, tables, tasks, time_off

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        await sandbox.webhooks.aclose()

    app = FastAPI(
        title="bobhub HiBob sandbox",
        lifespan=lifespan,
        docs_url="/_sandbox/docs",
        openapi_url="/_sandbox/openapi.json",
        redoc_url=None,
    )
    app.state.sandbox = sandbox
    app.add_exception_handler(HiBobHTTPError, handle_hibob_error)
    app.add_exception_handler(RequestValidationError, handle_validation)
    for module in (people, metadata, tables, time_off, documents, tasks, reports):
        app.include_router(module.router, prefix="/v1")
    app.include_router(admin.router, prefix="/_sandbox")

    @app.middleware("http")
    async def rate_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        add_rate_headers(request, response)
        if request.url.path.startswith("/v1"):
            auth = request.headers.get("authorization", "")
            if auth:
                sandbox.waf.record(auth, response.status_code)
        return response

    app.add_middleware(FaultMiddleware, sandbox=sandbox)
    return app
