"""The sandbox's admin API under /_sandbox (loopback only; not part of HiBob)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from bobhub.sandbox.app import parse_body
from bobhub.sandbox.changes import apply_changes
from bobhub.sandbox.errors import HiBobHTTPError, bad_request, not_found
from bobhub.sandbox.model import Company
from bobhub.sandbox.state import Sandbox

LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost", "testclient"})


async def loopback_only(request: Request) -> None:
    host = request.client.host if request.client else ""
    if host not in LOOPBACK:
        raise HiBobHTTPError(403, "forbidden", "The sandbox admin API answers on loopback only")


router = APIRouter(dependencies=[Depends(loopback_only)])


def sandbox_of(request: Request) -> Sandbox:
    sandbox: Sandbox = request.app.state.sandbox
    return sandbox


def company_of(sandbox: Sandbox, company_id: int | None) -> Company:
    if company_id is None:
        return next(iter(sandbox.companies.values()))
    company = sandbox.companies.get(company_id)
    if company is None:
        raise not_found(f"No sandbox company {company_id}")
    return company


class NewCompany(BaseModel):
    employees: int = Field(200, ge=1, le=200_000)
    seed: int = 1


class Changes(BaseModel):
    company: int | None = None
    hire: int = Field(0, ge=0, le=1000)
    update: int = Field(0, ge=0, le=10_000)
    terminate: int = Field(0, ge=0, le=1000)
    time_off: int = Field(0, ge=0, le=10_000)


class FaultSpec(BaseModel):
    kind: str
    rate: float = 1.0
    count: int | None = None
    user: str | None = None
    path: str | None = None
    seconds: float = 1.0
    seed: int = 0


class WebhookSpec(BaseModel):
    url: str
    secret: str = Field(min_length=1)
    company: int | None = None


@router.get("/service-users")
async def service_users(request: Request) -> list[dict[str, Any]]:
    return [su.to_json() for su in sandbox_of(request).service_users.values()]


@router.post("/companies")
async def create_company(request: Request) -> dict[str, Any]:
    spec = await parse_body(request, NewCompany)
    sandbox = sandbox_of(request)
    company = sandbox.create_company(employees=spec.employees, seed=spec.seed)
    return {
        "company": company.id,
        "name": company.name,
        "employees": len(company.employees),
        "service_users": [su.to_json() for su in sandbox.users_of(company)],
    }


@router.get("/stats")
async def stats(request: Request) -> dict[str, Any]:
    sandbox = sandbox_of(request)
    return {**sandbox.stats.to_json(), "faults_served": sandbox.faults.served}


@router.delete("/stats")
async def reset_stats(request: Request) -> dict[str, Any]:
    sandbox_of(request).stats.reset()
    return {"reset": True}


@router.post("/changes")
async def changes(request: Request) -> dict[str, Any]:
    spec = await parse_body(request, Changes)
    sandbox = sandbox_of(request)
    company = company_of(sandbox, spec.company)
    return apply_changes(
        sandbox,
        company,
        hire=spec.hire,
        update=spec.update,
        terminate=spec.terminate,
        time_off=spec.time_off,
        now=dt.datetime.now(),
        base_url=str(request.base_url).rstrip("/"),
    )


@router.get("/faults")
async def list_faults(request: Request) -> list[dict[str, Any]]:
    return [rule.to_json() for rule in sandbox_of(request).faults.rules]


@router.post("/faults")
async def add_fault(request: Request) -> dict[str, Any]:
    spec = await parse_body(request, FaultSpec)
    try:
        rule = sandbox_of(request).faults.add(**spec.model_dump())
    except ValueError as exc:
        raise bad_request(str(exc)) from exc
    return rule.to_json()


@router.delete("/faults")
async def clear_faults(request: Request) -> dict[str, Any]:
    sandbox_of(request).faults.clear()
    return {"cleared": True}


@router.post("/webhooks")
async def configure_webhooks(request: Request) -> dict[str, Any]:
    spec = await parse_body(request, WebhookSpec)
    if not spec.url.startswith(("http://", "https://")):
        raise bad_request("url must be an http(s) URL")
    target = sandbox_of(request).webhooks.configure(spec.url, spec.secret, spec.company)
    return {"url": target.url, "company": target.company}


@router.get("/webhooks/deliveries")
async def deliveries(request: Request) -> list[dict[str, Any]]:
    return [d.to_json() for d in sandbox_of(request).webhooks.deliveries]
