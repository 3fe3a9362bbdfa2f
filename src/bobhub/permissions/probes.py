"""What the doctor asks HiBob, each endpoint at most once, and what it saw: read probes and harmless writes.

Reads fetch what the permissions gate. Writes are only ever requests that cannot succeed (an empty
body, an invalid date, document id 0): HiBob checks permissions before it validates a body (assumed from
hibob-api-notes.md §6 and how every documented 403 reads), so 403 means the permission is missing and
a 400/404 means the permission check passed. A 401 anywhere ends the run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bobhub.hibob import HiBobClient
from bobhub.hibob.employee import Employee
from bobhub.hibob.errors import AuthenticationError, InvalidRequest, NotFound, PermissionDenied
from bobhub.hibob.models import BulkRow, FieldMetadata, Folder
from bobhub.hibob.resources.tables import BulkTable
from bobhub.permissions.account import Category, categories_of

BULK_TABLES: tuple[BulkTable, ...] = ("work", "employment", "lifecycle", "salaries")
BULK_PAGE = 200
WHOS_OUT_DAYS = 120  # the who's-out window either side of today: wide enough to hold pending and private ones
GUESSED_TYPE = "Holiday"  # a policy type to ask a balance for when the account's own are out of reach
PLACEHOLDER_ID = "0"  # employee id for write probes when nobody is visible (no HiBob id is "0")


class CredentialsInvalid(Exception):
    """HiBob answered 401: the service user id or token is wrong."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """HiBob's answer to one probe: the call as "METHOD /template", its status, data or error text."""

    call: str
    status: int
    data: Any = None
    detail: str = ""
    sent: str = ""  # what the call carried, when it matters ("an empty body")

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def refused(self) -> bool:
        return self.status == 403

    def said(self) -> str:
        """Evidence text: "PUT /people/{identifier} with an empty body → 400 (HiBob's error text)"."""
        sent = f" with {self.sent}" if self.sent else ""
        detail = f" ({self.detail})" if self.detail and not self.ok else ""
        return f"{self.call}{sent} → {self.status}{detail}"


@dataclass(slots=True)
class Observations:
    """Everything the probes saw; the verdict modules turn it into checks."""

    fields: list[FieldMetadata]
    categories: list[Category]
    today: dt.date
    search: Outcome | None = None
    employees: list[Employee] = field(default_factory=list)
    tables: dict[str, Outcome] = field(default_factory=dict)
    reads: dict[str, Outcome] = field(default_factory=dict)  # "profiles", "policy_types", "whos_out", ...
    writes: dict[str, Outcome] = field(default_factory=dict)  # catalogue key or "edit" → outcome
    folders: list[Folder] = field(default_factory=list)
    metadata: Outcome | None = None
    probe_employee: str = PLACEHOLDER_ID
    policy_type: str | None = None  # a policy type the account has, once known
    calls: int = 0

    @property
    def anyone_visible(self) -> bool:
        return bool(self.employees)

    def outcomes(self) -> list[Outcome]:
        return [*self.tables.values(), *self.reads.values(), *self.writes.values()]


class Prober:
    """Runs probes through the client, counting calls and turning HiBob's answers into `Outcome`s."""

    def __init__(self, client: HiBobClient) -> None:
        self.client = client
        self.calls = 0

    async def run(
        self,
        call: str,
        action: Callable[[], Awaitable[Any]],
        *,
        sent: str = "",
        status: Callable[[Any], int] = lambda _: 200,
    ) -> Outcome:
        self.calls += 1
        try:
            data = await action()
        except AuthenticationError as exc:
            raise CredentialsInvalid(call) from exc
        except PermissionDenied as exc:
            return Outcome(call, 403, detail=exc.error or "", sent=sent)
        except (NotFound, InvalidRequest) as exc:
            return Outcome(call, exc.status_code, detail=exc.error or "", sent=sent)
        return Outcome(call, status(data), data, sent=sent)


async def read_metadata(prober: Prober, today: dt.date) -> Observations:
    """Field metadata (it needs no permission, so a 401 here is about the credentials) and its categories."""
    outcome = await prober.run("GET /company/people/fields", prober.client.metadata.fields.list)
    fields: list[FieldMetadata] = list(outcome.data or []) if outcome.ok else []
    return Observations(fields, categories_of(fields), today, metadata=outcome)


async def read_people(prober: Prober, seen: Observations) -> None:
    """One search for every field of every category, inactive people included."""
    ids = [f.id for f in seen.fields]
    client = prober.client
    seen.search = await prober.run(
        "POST /people/search", lambda: client.people.search(ids or None, show_inactive=True)
    )
    seen.employees = list(seen.search.data or []) if seen.search.ok else []
    seen.probe_employee = choose_employee(seen.employees, seen.today)


def choose_employee(employees: list[Employee], today: dt.date) -> str:
    """The longest-serving active employee (most likely to have balances, history and documents)."""
    started = [e for e in employees if str(e.get("work.startDate") or "9999") <= today.isoformat()]
    active = [e for e in started if e.get("internal.status") in (None, "Active")] or started or employees
    active.sort(key=lambda e: (str(e.get("work.startDate") or "9999"), e.id))
    return active[0].id if active else PLACEHOLDER_ID


async def read_tables(prober: Prober, seen: Observations) -> None:
    """One bulk page per history table for (up to 200 of) the visible employees, longest-serving first."""
    ordered = sorted(seen.employees, key=lambda e: (str(e.get("work.startDate") or "9999"), e.id))
    ids = [e.id for e in ordered if e.id][:BULK_PAGE] or None
    for table in BULK_TABLES:

        async def rows(table: BulkTable = table) -> list[BulkRow]:
            return await first_page(prober.client, table, ids)

        seen.tables[table] = await prober.run(f"GET /bulk/people/{table}", rows)


async def first_page(client: HiBobClient, table: BulkTable, ids: list[str] | None) -> list[BulkRow]:
    """The rows of one bulk page: given ≤200 ids it is the only page; otherwise stop after 200 rows."""
    pages = client.tables.iter(table, employee_ids=ids)
    found: list[BulkRow] = []
    iterator = pages.__aiter__()
    try:
        async for row in iterator:
            found.append(row)
            if len(found) >= BULK_PAGE:
                break
    finally:
        closer = getattr(iterator, "aclose", None)
        if closer is not None:
            await closer()
    return found


async def read_features_and_time_off(prober: Prober, seen: Observations) -> None:
    client, today = prober.client, seen.today
    seen.reads["profiles"] = await prober.run("GET /profiles", client.people.profiles)
    seen.reads["policy_types"] = await prober.run(
        "GET /timeoff/policy-types", client.time_off.list_policy_types
    )
    span = dt.timedelta(days=WHOS_OUT_DAYS)
    seen.reads["whos_out"] = await prober.run(
        "GET /timeoff/whosout",
        lambda: client.time_off.whos_out(
            today - span, today + span, include_hourly=True, include_private=True, include_pending=True
        ),
    )
    seen.policy_type = known_policy_type(seen)
    seen.reads["balance"] = await prober.run(
        "GET /timeoff/employees/{id}/balance",
        lambda: client.time_off.get_balance(seen.probe_employee, seen.policy_type or GUESSED_TYPE, today),
    )


def known_policy_type(seen: Observations) -> str | None:
    """A policy type name the account has, from its settings or from who's out."""
    types = seen.reads.get("policy_types")
    if types is not None and types.ok and types.data:
        return str(types.data[0])
    outs = seen.reads.get("whos_out")
    names = (
        [o.policy_type or o.policy_type_display_name for o in (outs.data or [])] if outs and outs.ok else []
    )
    return next((str(n) for n in names if n), None)


async def read_documents(prober: Prober, seen: Observations) -> None:
    client = prober.client
    folders = await prober.run("GET /docs/folders/metadata", client.documents.list_folders)
    seen.reads["folders"] = folders
    seen.folders = list(folders.data or []) if folders.ok else standard_folders()
    seen.reads["documents"] = await prober.run(
        "GET /docs/people/{id}", lambda: client.documents.list(seen.probe_employee)
    )


def standard_folders() -> list[Folder]:
    """The two folders every HiBob account has, for when the folder list itself was refused."""
    return [
        Folder(id="shared", name="Shared Docs", folder_type="shared"),
        Folder(id="confidential", name="Confidential Docs", folder_type="confidential"),
    ]
