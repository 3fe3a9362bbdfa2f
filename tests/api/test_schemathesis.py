"""Schemathesis over the served API's /openapi.json: every operation, as a tenant with a synced account.

Reads are fuzzed as they are; writes with `dry_run=true` forced (they still read HiBob to resolve labels and
check ids), plus one real, known-good example per write route. Generated ids are often swapped for the
tenant's real ones, so the fuzzing reaches the stores and services, not only the 404s.
"""

from __future__ import annotations

import asyncio
import base64
import copy
import datetime as dt
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import schemathesis
from cryptography.fernet import Fernet
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from pydantic import SecretStr
from schemathesis import Case
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from bobhub.api.accounts.service import normalise_base_url
from bobhub.api.app import create_app
from bobhub.api.keys.service import create_api_key
from bobhub.api.server import ThreadedServer
from bobhub.api.subscriptions.service import validate_url
from bobhub.errors import BadRequest
from bobhub.events import EVENT_TYPES
from bobhub.sandbox.model import Company
from bobhub.sandbox.server import ThreadedSandbox
from bobhub.sandbox.state import Sandbox
from bobhub.settings import Settings
from bobhub.store import Database
from tests.api.conftest import bearer
from tests.writeback.companies import Linked, link_company, write_calls

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
# Non-GET passthrough would send arbitrary writes to HiBob as the service user: its contract is tested by
# test_passthrough.py with chosen bodies, and by test_isolation.py for keys and tenants.
UNFUZZED = ("POST", "PUT", "PATCH", "DELETE")
PASSTHROUGH = "/v1/passthrough/{path}"
LOCAL_HOOK = "http://127.0.0.1:9/hooks"


@dataclass(frozen=True)
class World:
    """The fuzzing tenant's account and real ids to aim generated requests at."""

    linked: Linked
    token: str
    employees: tuple[str, ...]  # ours and HiBob's ids of a few employees
    run_id: str
    request_id: str
    subscription_id: str
    groups: tuple[str, ...]
    policy_types: tuple[str, ...]

    @property
    def headers(self) -> dict[str, str]:
        return self.linked.headers


async def make_world(server: ThreadedServer, sandbox: ThreadedSandbox) -> World:
    """A new company linked and synced for a new tenant, and ids read back through the API."""
    database = Database(server.settings.database_url)

    async def make_key(scopes: tuple[str, ...] = ("read", "write"), tenant: str | None = None) -> str:
        async with database.session() as session:
            _, key = await create_api_key(session, tenant or f"fuzz-{uuid.uuid4().hex[:10]}", [*scopes])
            await session.commit()
        return key

    try:
        async with httpx.AsyncClient(base_url=server.base_url, timeout=60) as api:
            linked = await link_company(api, server.settings, make_key, sandbox.sandbox, sandbox.base_url)
            return await read_world(api, linked)
    finally:
        await database.dispose()


async def read_world(api: httpx.AsyncClient, linked: Linked) -> World:
    async def results(path: str, **params: Any) -> list[dict[str, Any]]:
        response = await api.get(path, params=params, headers=linked.headers)
        assert response.status_code == 200, response.text
        found: list[dict[str, Any]] = response.json()["results"]
        return found

    employees = await results("/v1/employees", page_size=3)
    requests = await results("/v1/time-off/requests", page_size=1)
    subscription = await api.post(
        "/v1/webhook-subscriptions",
        json={"url": LOCAL_HOOK, "events": ["*"], "account_id": linked.account_id},
        headers=bearer(linked.key),
    )
    assert subscription.status_code == 201, subscription.text
    secret = await api.put(
        f"/v1/webhooks/hibob/{linked.account_id}/secret",
        json={"secret": "fuzzing-secret"},
        headers=bearer(linked.key),
    )
    assert secret.status_code == 204, secret.text
    return World(
        linked=linked,
        token=linked.user.token,
        employees=tuple(i for e in employees for i in (e["id"], e["remote_id"])),
        run_id=(await results("/v1/sync-runs"))[0]["id"],
        request_id=requests[0]["id"],
        subscription_id=subscription.json()["id"],
        groups=tuple(g["remote_id"] for g in await results("/v1/groups", page_size=3)),
        policy_types=tuple(p["remote_id"] for p in await results("/v1/time-off/policies")),
    )


@pytest.fixture(scope="module")
def world(api_server: ThreadedServer, sandbox_server: ThreadedSandbox) -> World:
    return asyncio.run(make_world(api_server, sandbox_server))


def config_for() -> SchemathesisConfig:
    return SchemathesisConfig.from_dict(
        {
            "seed": 6,
            "generation": {"mode": "all", "database": "none", "deterministic": True, "max-examples": 30},
            # Each employee dry run reads HiBob's field metadata and lists; the account's rate budget (50
            # reads a minute per endpoint) would otherwise make the API wait out HiBob's minute.
            "operations": [
                {
                    "include-path-regex": "^/v1/employees",
                    "include-method": ["POST", "PATCH"],
                    "generation": {"max-examples": 10},
                }
            ],
            # Fuzzing only: the schema's few examples cannot be combined with `given`, and the coverage
            # phase sends hundreds of boundary cases per operation, too slow for every run.
            "phases": {
                "examples": {"enabled": False},
                "coverage": {"enabled": False},
                "stateful": {"enabled": False},
            },
        }
    )


def app_document() -> dict[str, Any]:
    """The app's OpenAPI document, as /openapi.json serves it (checked below); it is needed at collection."""
    settings = Settings(
        database_url="sqlite+aiosqlite://", secret_key=SecretStr(Fernet.generate_key().decode())
    )
    return create_app(settings).openapi()


DOCUMENT = app_document()
schema = schemathesis.openapi.from_dict(copy.deepcopy(DOCUMENT), config=config_for()).exclude(
    method=list(UNFUZZED), path=PASSTHROUGH
)


def aim(case: Case, data: st.DataObject, world: World) -> None:
    """Swap generated ids for real ones often enough to reach past the lookups; force dry runs.

    Values are replaced, never mutated in place: Hypothesis replays the generated ones.
    """
    method = case.method.upper()
    by_name = path_choices(world, method)
    case.path_parameters = {
        name: aimed(data, value, by_name.get(name, ()))
        for name, value in (case.path_parameters or {}).items()
    }
    generated = case.query if isinstance(case.query, dict) else {}
    in_query = {"employee_id": world.employees, "root": world.employees, "group": world.groups}
    query = {name: aimed(data, value, in_query.get(name, ())) for name, value in generated.items()}
    if any(parameter.name == "dry_run" for parameter in case.operation.query):
        query["dry_run"] = "true"
    case.query = query
    if isinstance(case.body, dict):
        case.body = aim_body(dict(case.body), data, world, method, case.path)
    case.headers = aim_headers(case, data, world)


def aim_headers(case: Case, data: st.DataObject, world: World) -> dict[str, Any]:
    """The tenant's key on every route that takes one; X-Account-Id mostly the tenant's account."""
    headers = dict(case.headers or {})
    if case.path.startswith("/v1/webhooks/hibob/") and case.method.upper() == "POST":
        return headers  # HiBob's inbound events carry a signature, not a key
    headers["Authorization"] = f"Bearer {world.linked.key}"
    if any(parameter.name == "X-Account-Id" for parameter in case.operation.headers):
        account = aimed(data, headers.get("X-Account-Id"), (world.linked.account_id,))
        headers.pop("X-Account-Id", None)
        headers.update({"X-Account-Id": account} if account is not None else {})
    return headers


def path_choices(world: World, method: str) -> dict[str, tuple[Any, ...]]:
    return {
        "employee_id": world.employees,
        "run_id": (world.run_id,),
        "request_id": (world.request_id,),
        "subscription_id": (world.subscription_id,) if method == "GET" else (),
        # Deleting the tenant's only account would leave the rest of the run with 404s.
        "account_id": (world.linked.account_id,) if method != "DELETE" else (),
        "path": ("people", f"people/{world.employees[1]}", "company/named-lists/department"),
    }


def aimed(data: st.DataObject, generated: Any, real: tuple[Any, ...]) -> Any:
    """The generated value or, two times in three, one of the real ones."""
    return data.draw(st.sampled_from([generated, *real, *real])) if real else generated


def aim_body(
    body: dict[str, Any], data: st.DataObject, world: World, method: str, path: str
) -> dict[str, Any]:
    in_body: dict[str, tuple[Any, ...]] = {
        "employee_id": world.employees,
        "manager_remote_id": (world.employees[1],),
        "policy_type": world.policy_types,
        "account_id": (world.linked.account_id,),
        "folder": ("shared", "confidential"),
    }
    for name, real in in_body.items():
        if isinstance(body.get(name), str):
            body[name] = aimed(data, body[name], real)
    if path == "/v1/webhook-subscriptions" and isinstance(body.get("events"), list):
        if not refused(validate_url, body.get("url")):
            # Subscribed endpoints stay on a closed local port: events of the real writes go nowhere.
            body["url"] = LOCAL_HOOK
        body["events"] = aimed(data, body["events"], (["*"], list(EVENT_TYPES[:2])))
    if (method, path) == ("POST", "/v1/accounts") and not refused(normalise_base_url, body.get("base_url")):
        # Never let fuzzing point the API at a real host; a refused URL is checked before any request.
        body["base_url"] = world.linked.base_url
        if data.draw(st.booleans()):
            body.update(service_user_id=world.linked.user.id, token=world.token)
    return body


def refused(check: Callable[[str], str], raw: Any) -> bool:
    """Whether the API refuses this URL before sending anything anywhere (a value fuzzing may keep)."""
    if not isinstance(raw, str):
        return False
    try:
        check(raw)
    except BadRequest:
        return True
    return False


@schema.parametrize()
@schema.given(data=st.data())
# Each example is an HTTP round trip, often to HiBob too: Hypothesis' speed checks do not apply.
@settings(deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_every_operation_keeps_its_contract(
    case: Case,
    data: st.DataObject,
    world: World,
    api_server: ThreadedServer,
    sandbox: Sandbox,
) -> None:
    aim(case, data, world)
    before = company_state(world.linked.company)
    response = case.call_and_validate(base_url=api_server.base_url, checks=CHECKS, timeout=60)
    assert world.token not in response.text
    assert company_state(world.linked.company) == before, "fuzzing changed data in HiBob"


def company_state(company: Company) -> tuple[Any, ...]:
    """What a write to HiBob changes (the doctor's write probes, which are refused, change none of it)."""
    return (
        {e.id: e.version for e in company.employees.values()},
        {r.id: r.status for r in company.requests.values()},
        sorted(company.documents),
        len(company.adjustments),
        {name: len(named.items) for name, named in company.lists.items()},
        sorted(company.fields),
    )


def next_monday(weeks: int) -> dt.date:
    today = dt.date.today()
    return today + dt.timedelta(days=7 * weeks - today.weekday())


def real_writes(world: World) -> list[tuple[str, str, dict[str, str], dict[str, Any]]]:
    """One known-good write per route but the cancel (which needs the request made here)."""
    linked, start = world.linked, next_monday(4)
    employee, leaver = linked.employed(3), linked.employed(4)
    new = {
        "first_name": "Grace",
        "last_name": "Hopper",
        "work_email": f"grace.{uuid.uuid4().hex[:6]}@example.org",
        "start_date": start.isoformat(),
        "location": "London",
        "department": "engineering",
        "compensation": {"amount": 90000, "currency": "GBP"},
    }
    leave = {"employee_id": employee, "policy_type": "Sick", "start_date": start.isoformat()}
    termination = {
        "termination_date": (start + dt.timedelta(days=30)).isoformat(),
        "reason_type": "Resignation",
    }
    adjustment = {"employee_id": employee, "policy_type": "Holiday", "amount": 1.5, "reason": "Overtime"}
    document = {
        "employee_id": employee,
        "folder": "shared",
        "file_name": "contract.txt",
        "content": base64.b64encode(b"a contract").decode(),
    }
    return [
        ("POST", "/v1/employees", {}, new),
        ("PATCH", "/v1/employees/{employee_id}", {"employee_id": employee}, {"last_name": "Contract"}),
        ("POST", "/v1/employees/{employee_id}/terminate", {"employee_id": leaver}, termination),
        ("POST", "/v1/time-off/requests", {}, leave),
        ("POST", "/v1/time-off/balances/adjustments", {}, adjustment),
        ("POST", "/v1/documents", {}, document),
    ]


def test_real_writes_keep_their_contract(
    world: World, api_server: ThreadedServer, sandbox: Sandbox, admin: httpx.Client
) -> None:
    before = sum(write_calls(admin).values())
    created: dict[str, Any] = {}
    for method, path, params, body in real_writes(world):
        case = schema[path][method].Case(path_parameters=params, body=body, headers=world.headers)
        response = case.call_and_validate(base_url=api_server.base_url, checks=CHECKS, timeout=60)
        assert response.json()["status"] in ("verified", "unconfirmed"), (path, response.text)
        created[path] = response.json()["result"]
    request_id = created["/v1/time-off/requests"]["id"]
    cancel = schema["/v1/time-off/requests/{request_id}"]["DELETE"].Case(
        path_parameters={"request_id": request_id}, headers=world.headers
    )
    response = cancel.call_and_validate(base_url=api_server.base_url, checks=CHECKS, timeout=60)
    assert response.json()["status"] in ("verified", "unconfirmed"), response.text
    assert sum(write_calls(admin).values()) > before


def test_the_fuzzed_document_is_the_served_one(api_server: ThreadedServer) -> None:
    served = httpx.get(f"{api_server.base_url}/openapi.json", timeout=30)
    assert served.status_code == 200
    assert served.json() == DOCUMENT


# Times with no UTC equivalent, and cursors of every shape this API gives out holding them: a client may
# send anything back, and Hypothesis rarely draws the ends of the calendar.
EXTREMES = ("0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00")
PAGED = [
    (path, name)
    for path, operations in DOCUMENT["paths"].items()
    for name in ("cursor", "modified_after")
    if any(p["name"] == name for p in operations.get("get", {}).get("parameters", []))
]


def crafted(moment: str) -> list[str]:
    shapes = ([moment, "whs_0"], ["sync_runs", moment, "run_0"])
    return [base64.urlsafe_b64encode(json.dumps(shape).encode()).decode().rstrip("=") for shape in shapes]


@pytest.mark.parametrize(("path", "name"), PAGED, ids=[f"{path} {name}" for path, name in PAGED])
def test_times_out_of_range_are_refused_not_failed(
    path: str, name: str, world: World, api_server: ThreadedServer, sandbox: Sandbox
) -> None:
    values = EXTREMES if name == "modified_after" else [c for moment in EXTREMES for c in crafted(moment)]
    ids = {key: real[0] for key, real in path_choices(world, "GET").items() if real}
    for value in values:
        case = schema[path]["GET"].Case(
            path_parameters={key: ids[key] for key in path_names(path)},
            query={name: value},
            headers=world.headers,
        )
        response = case.call_and_validate(base_url=api_server.base_url, checks=CHECKS, timeout=60)
        assert response.status_code in (200, 400), (value, response.text)


def path_names(path: str) -> list[str]:
    return [part[1:-1] for part in path.split("/") if part.startswith("{")]
