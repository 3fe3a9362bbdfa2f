"""Tenant isolation, keys and scopes on EVERY route of the app, enumerated from the app itself.

Tenants A and B each have their own HiBob company, linked and synced. On each route, B's key tries A's
account and A's ids (ours and HiBob's): the answer is a 404 (or 403), never A's data, and nothing changes:
not A's rows in bobhub's database, not A's company in HiBob, and no write reaches HiBob at all. Every route
but the public ones answers 401 without a key, and every write route 403 to a read-only key.

A route added later is probed the same way: its path parameters must be ids this module knows how to fill
and its body one it knows how to write (or the test fails asking for them), and a new public route fails
the 401 test until it is listed below. A new table fails until it says which of its rows are a tenant's.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import uuid
from collections.abc import Callable, Collection, Iterator
from contextlib import closing
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from cryptography.fernet import Fernet
from fastapi.routing import iter_route_contexts
from pydantic import SecretStr

from bobhub.api.app import create_app
from bobhub.api.keys.service import create_api_key
from bobhub.api.server import ThreadedServer
from bobhub.hibob.webhooks import sign
from bobhub.sandbox.model import Company
from bobhub.sandbox.server import ThreadedSandbox
from bobhub.sandbox.state import Sandbox
from bobhub.settings import Settings
from bobhub.store import Database
from tests.api.conftest import bearer
from tests.writeback.companies import Linked, link_company, write_calls

Route = tuple[str, str]
# Routes that take no API key: the hub page and its files, the API's docs, and HiBob's inbound webhooks,
# which are signed with the account's webhook secret instead.
INBOUND = ("POST", "/v1/webhooks/hibob/{account_id}")
PUBLIC = {("GET", "/"), ("GET", "/static"), ("GET", "/openapi.json"), ("GET", "/docs")}
PUBLIC |= {("GET", "/docs-assets"), INBOUND}
# Routes of the tenant as a whole (X-Account-Id does not apply): B gets B's own rows, never A's.
TENANT_WIDE = {("GET", "/v1/accounts"), ("POST", "/v1/accounts"), ("GET", "/v1/audit-log")}
TENANT_WIDE |= {("GET", "/v1/webhook-subscriptions")}


def app_routes() -> tuple[list[Route], dict[str, Any]]:
    """Every (method, path) the app serves, and its OpenAPI document (for parameters and bodies)."""
    key = SecretStr(Fernet.generate_key().decode())
    app = create_app(Settings(database_url="sqlite+aiosqlite://", secret_key=key))
    routes = set()
    for route in iter_route_contexts(app.routes):
        path = (route.path or "").replace(":path}", "}")
        for method in route.methods or {"GET"}:  # a mount (the hub page's files) answers GET
            if method != "HEAD":
                routes.add((method, path))
    return sorted(routes), app.openapi()


ROUTES, DOCUMENT = app_routes()
PRIVATE = [route for route in ROUTES if route not in PUBLIC]
WRITES = [route for route in PRIVATE if route[0] != "GET"]
# Passthrough in one's own account reaches one's own HiBob company only, where A's ids mean nothing.
OWN_ACCOUNT = [route for route in PRIVATE if not route[1].startswith("/v1/passthrough/")]


def label(route: Route) -> str:
    return f"{route[0]} {route[1]}"


@dataclass(frozen=True)
class Tenant:
    """A tenant with one synced account on its own company, and ids of what it holds."""

    linked: Linked
    read_key: str
    ids: dict[str, str]  # parameter name → one of this tenant's ids
    remote_ids: dict[str, str]  # the same objects by HiBob's id, where they have one
    markers: tuple[str, ...]  # strings only this tenant's data contains


async def make_tenant(
    api: httpx.AsyncClient, server: ThreadedServer, sandbox: ThreadedSandbox, other: Company | None = None
) -> Tenant:
    """A tenant on a company of its own; its employee's HiBob id is one the `other` company lacks."""
    database = Database(server.settings.database_url)

    async def make_key(scopes: tuple[str, ...] = ("read", "write"), tenant: str | None = None) -> str:
        async with database.session() as session:
            _, key = await create_api_key(session, tenant or f"iso-{uuid.uuid4().hex[:10]}", [*scopes])
            await session.commit()
        return key

    try:
        linked = await link_company(api, server.settings, make_key, sandbox.sandbox, sandbox.base_url)
        read_key = await make_key(("read",), tenant=linked.tenant)
    finally:
        await database.dispose()
    return await holdings(api, linked, read_key, other)


LISTED = {"request_id": "/v1/time-off/requests", "document_id": "/v1/documents", "group_id": "/v1/groups"}
LISTED |= {"location_id": "/v1/locations", "run_id": "/v1/sync-runs"}


async def holdings(api: httpx.AsyncClient, linked: Linked, read_key: str, other: Company | None) -> Tenant:
    """One object of each kind, read or made through the API as the tenant itself."""

    async def first(path: str, taken: Collection[str] = ()) -> dict[str, Any]:
        response = await api.get(path, params={"page_size": 200}, headers=linked.headers)
        assert response.status_code == 200, response.text
        return next(found for found in response.json()["results"] if found.get("remote_id") not in taken)

    # Only employees' HiBob ids are tried as HiBob's: other HiBob ids are counters two companies share
    # (a request 1000415 exists in both), where the other tenant's own object rightly answers.
    employee = await first("/v1/employees", other.employees if other else ())
    ids = {"account_id": linked.account_id, "employee_id": employee["id"]}
    for name, path in LISTED.items():
        ids[name] = (await first(path))["id"]
    ids |= await make_objects(api, linked, employee["id"])
    markers = [ids[k] for k in ("account_id", "run_id", "subscription_id", "audit_id")]
    markers += [linked.tenant, hook_of(linked), employee["display_name"], employee["work_email"]]
    return Tenant(linked, read_key, ids, {"employee_id": employee["remote_id"]}, tuple(filter(None, markers)))


async def make_objects(api: httpx.AsyncClient, linked: Linked, employee_id: str) -> dict[str, str]:
    """A webhook subscription, the inbound webhook secret and an audit entry (of a dry run)."""
    subscription = await api.post(
        "/v1/webhook-subscriptions",
        json={"url": hook_of(linked), "events": ["*"], "account_id": linked.account_id},
        headers=bearer(linked.key),
    )
    secret = await api.put(
        f"/v1/webhooks/hibob/{linked.account_id}/secret",
        json={"secret": secret_of(linked)},
        headers=bearer(linked.key),
    )
    dry = await api.patch(
        f"/v1/employees/{employee_id}?dry_run=true", json={"last_name": "Dry"}, headers=linked.headers
    )
    assert (subscription.status_code, secret.status_code, dry.status_code) == (201, 204, 200)
    return {"subscription_id": subscription.json()["id"], "audit_id": dry.json()["audit_id"]}


def hook_of(linked: Linked) -> str:
    return f"http://127.0.0.1:9/{linked.tenant}"


def secret_of(linked: Linked) -> str:
    """The secret HiBob signs the account's webhooks with (each tenant has its own)."""
    return f"webhook-secret-{linked.tenant}"


@dataclass(frozen=True)
class World:
    a: Tenant
    b: Tenant
    database: str  # the SQLite file the API writes to


@pytest.fixture(scope="module")
def world(api_server: ThreadedServer, sandbox_server: ThreadedSandbox) -> World:
    async def make() -> tuple[Tenant, Tenant]:
        async with httpx.AsyncClient(base_url=api_server.base_url, timeout=60) as api:
            b = await make_tenant(api, api_server, sandbox_server)
            return await make_tenant(api, api_server, sandbox_server, other=b.linked.company), b

    a, b = asyncio.run(make())
    return World(a, b, api_server.settings.database_url.removeprefix("sqlite+aiosqlite:///"))


# What a probe sends ----------------------------------------------------------------------------------------


def operation(route: Route) -> dict[str, Any]:
    found: dict[str, Any] = DOCUMENT["paths"].get(route[1], {}).get(route[0].lower(), {})
    return found


def path_names(route: Route) -> list[str]:
    return [part[1:-1] for part in route[1].split("/") if part.startswith("{")]


def fill(route: Route, owner: Tenant, *, remote: bool = False) -> str:
    """The route's path with the owner's ids; fails for a parameter this module has no id for."""
    path = route[1]
    for name in path_names(route):
        if name == "path":  # passthrough: a HiBob path naming the owner's employee
            value = f"people/{owner.remote_ids['employee_id']}"
        elif name in owner.ids:
            value = owner.remote_ids.get(name, owner.ids[name]) if remote else owner.ids[name]
        else:
            pytest.fail(f"{label(route)}: no isolation probe knows the id {{{name}}}; add it to holdings()")
        path = path.replace(f"{{{name}}}", value)
    return path


# Query parameters that name an object, filled with the owner's ids when the route declares them.
QUERY_IDS = {"employee_id": "employee_id", "root": "employee_id", "group": "group_id"}
QUERY_IDS |= {"location": "location_id", "account_id": "account_id"}


def query(route: Route, owner: Tenant) -> dict[str, str]:
    names = [p["name"] for p in operation(route).get("parameters", []) if p["in"] == "query"]
    return {name: owner.ids[QUERY_IDS[name]] for name in names if name in QUERY_IDS}


def body(route: Route, owner: Tenant) -> dict[str, Any] | None:
    """A valid body naming the owner's objects, so only isolation, keys or scopes can refuse it."""
    e, day, user, account = owner.ids["employee_id"], "2031-03-03", owner.linked.user, owner.ids["account_id"]
    email = f"ada.{uuid.uuid4().hex[:6]}@example.org"
    # fmt: off
    bodies: dict[Route, dict[str, Any]] = {
        ("POST", "/v1/accounts"): {"name": "x", "service_user_id": user.id, "token": "not-the-token",
                                   "base_url": owner.linked.base_url},
        ("POST", "/v1/employees"): {"first_name": "Ada", "last_name": "Lovelace", "work_email": email,
                                    "start_date": day, "location": "London", "manager_remote_id": e},
        ("PATCH", "/v1/employees/{employee_id}"): {"last_name": "Changed"},
        ("POST", "/v1/employees/{employee_id}/terminate"): {"termination_date": day},
        ("POST", "/v1/time-off/requests"): {"employee_id": e, "policy_type": "Sick", "start_date": day},
        ("POST", "/v1/time-off/balances/adjustments"): {"employee_id": e, "policy_type": "Holiday",
                                                        "amount": 1, "reason": "x"},
        ("POST", "/v1/documents"): {"employee_id": e, "folder": "shared", "file_name": "a", "content": "YQ"},
        ("POST", "/v1/webhook-subscriptions"): {"url": "http://h/x", "events": ["*"], "account_id": account},
        ("PUT", "/v1/webhooks/hibob/{account_id}/secret"): {"secret": "someone-elses-secret"},
        INBOUND: {"companyId": 1, "type": "employee.updated", "version": "v2",
                  "data": {"employeeId": owner.remote_ids["employee_id"]}},
    }
    # fmt: on
    if route[1].startswith("/v1/passthrough/") and route[0] != "GET":
        return {"fields": ["root.id"]}
    if route in bodies:
        return bodies[route]
    if "requestBody" in operation(route):
        pytest.fail(f"{label(route)}: no isolation probe has a body for it; add one to body()")
    return None


# What must not change --------------------------------------------------------------------------------------

# Every table of bobhub's database, and which of its rows belong to the tenant of account :a.
TENANT_OF = "(SELECT tenant_id FROM accounts WHERE id = :a)"
SUBSCRIPTIONS_OF = f"(SELECT id FROM webhook_subscriptions WHERE tenant_id = {TENANT_OF})"
OWNED = {
    "tenants": f"id = {TENANT_OF}",
    "api_keys": f"tenant_id = {TENANT_OF}",
    "accounts": "id = :a",
    **dict.fromkeys(("records", "sync_runs", "sync_state", "time_off_changes"), "account_id = :a"),
    "sync_stream_runs": "run_id IN (SELECT id FROM sync_runs WHERE account_id = :a)",
    **dict.fromkeys(("audit_log", "webhook_subscriptions"), f"tenant_id = {TENANT_OF}"),
    "webhook_deliveries": f"subscription_id IN {SUBSCRIPTIONS_OF}",
}
# The hashes stand for the content, much smaller than the JSON columns.
COLUMNS = {"records": "id, resource, remote_id, content_hash, remote_hash, modified_at, remote_was_deleted"}


def rows(database: str, tenant: Tenant) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of bobhub's database that belongs to the tenant, in a stable order."""
    account = {"a": tenant.linked.account_id}
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as db:
        return {
            table: sorted(
                db.execute(f"SELECT {COLUMNS.get(table, '*')} FROM {table} WHERE {where}", account), key=repr
            )
            for table, where in OWNED.items()
        }


def tables(database: str) -> set[str]:
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as db:
        found = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {name for (name,) in found} - {"alembic_version"}


def company_state(company: Company) -> tuple[Any, ...]:
    """What a write to HiBob changes in a company."""
    employees = {e.id: (e.version, json.dumps(e.values, default=str)) for e in company.employees.values()}
    requests = {r.id: r.status for r in company.requests.values()}
    return employees, requests, sorted(company.documents), len(company.adjustments)


Probe = Callable[..., httpx.Response]


@pytest.fixture
def probe(world: World, api_server: ThreadedServer, admin: httpx.Client, sandbox: Sandbox) -> Iterator[Probe]:
    """probe(route, path, headers, signer=None): the route called with A's ids, checking that A's rows,
    A's company and the sandbox's write counters are as they were."""

    def snapshot() -> tuple[Any, ...]:
        return rows(world.database, world.a), company_state(world.a.linked.company), write_calls(admin)

    def call(
        route: Route, path: str, headers: dict[str, str], signer: Tenant | None = None
    ) -> httpx.Response:
        payload = body(route, world.a)
        content = json.dumps(payload).encode() if payload is not None else None
        if route == INBOUND and signer is not None and content is not None:
            headers = {**headers, "Bob-Signature": sign(secret_of(signer.linked), content)}
        before = snapshot()
        response = client.request(
            route[0], path, params=query(route, world.a), content=content,
            headers={**headers, "Content-Type": "application/json"},
        )  # fmt: skip
        after = snapshot()
        assert after[0] == before[0], f"{label(route)}: tenant A's rows in bobhub changed"
        assert after[1] == before[1], f"{label(route)}: tenant A's company in HiBob changed"
        assert after[2] == before[2], f"{label(route)}: a write reached HiBob"
        return response

    with httpx.Client(base_url=api_server.base_url, timeout=60) as client:
        yield call


def assert_no_data(route: Route, response: httpx.Response, owner: Tenant, *, own: bool = False) -> None:
    """A refusal in the API's error shape (which may echo the ids sent), or, where the caller's own data
    answers (its tenant-wide lists, its own account), none of the owner's data."""
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        assert set(response.json()) == {"error", "detail"}, (label(route), response.text)
        assert own or route in TENANT_WIDE or response.status_code in (401, 403, 404), response.text
        return
    assert own or route in TENANT_WIDE, f"{label(route)} answered {response.status_code}: {response.text}"
    leaked = [marker for marker in owner.markers if marker in response.text]
    assert leaked == [], f"{label(route)} showed another tenant's data"


# The tests -------------------------------------------------------------------------------------------------


def test_every_route_and_table_is_watched(world: World):
    assert set(ROUTES) >= PUBLIC, "a public route listed here no longer exists"
    documented = {(method.upper(), path) for path, item in DOCUMENT["paths"].items() for method in item}
    assert documented <= set(ROUTES)
    assert {("GET", "/v1/employees/{employee_id}"), ("DELETE", "/v1/passthrough/{path}")} <= documented
    assert tables(world.database) == set(OWNED), "a new table: say which of its rows are a tenant's"


@pytest.mark.parametrize("route", [*PRIVATE, INBOUND], ids=label)
def test_another_tenants_account_is_404(route: Route, world: World, probe: Probe):
    a, b = world.a, world.b
    headers = {**bearer(b.linked.key), "X-Account-Id": a.linked.account_id}
    response = probe(route, fill(route, a), headers, signer=b)
    if route == INBOUND:  # no API key here: B's signature is not A's
        assert response.status_code == 401, response.text
    assert_no_data(route, response, a)


@pytest.mark.parametrize("route", OWN_ACCOUNT, ids=label)
def test_another_tenants_ids_in_ones_own_account_are_404(route: Route, world: World, probe: Probe):
    for remote in (False, True):  # A's objects by bobhub's ids, then by HiBob's
        response = probe(route, fill(route, world.a, remote=remote), world.b.linked.headers)
        if path_names(route):
            assert response.status_code in (403, 404), (label(route), remote, response.text)
        assert_no_data(route, response, world.a, own=True)


@pytest.mark.parametrize("route", PRIVATE, ids=label)
def test_no_key_is_401(route: Route, world: World, probe: Probe):
    response = probe(route, fill(route, world.a), {"X-Account-Id": world.a.linked.account_id})
    assert response.status_code == 401, (label(route), response.text)
    assert response.json() == {"error": "Unauthorized", "detail": "missing or invalid API key"}
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("route", WRITES, ids=label)
def test_a_read_only_key_may_not_write(route: Route, world: World, probe: Probe):
    a = world.a
    response = probe(route, fill(route, a), {**bearer(a.read_key), "X-Account-Id": a.linked.account_id})
    assert response.status_code == 403, (label(route), response.text)
    assert response.json()["error"] == "Forbidden"
