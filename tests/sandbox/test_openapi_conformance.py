"""Every implemented sandbox endpoint answers, over real HTTP, with bodies HiBob's OpenAPI spec accepts.

Each case calls one operation as `full` (writes act on an employee and a list this module creates) and
validates the body against the spec's schema for that operation and status (tests/openapi_spec.py).
Where the spec is unsound for an operation, EXCEPTIONS says why and what is checked instead. A status
the spec documents without a body must come back empty. Error bodies are checked against HiBob's
`{key, error}` (notes §2) whether or not the spec lists the status: it documents most 4xx codes
without a body, or not at all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, NamedTuple

import httpx
import pytest

from bobhub.sandbox.app import create_app
from bobhub.sandbox.model import EMPLOYED
from bobhub.sandbox.server import ThreadedSandbox
from bobhub.sandbox.state import Sandbox
from tests import openapi_spec as spec

Check = Callable[[httpx.Response], None]


class Artefact(NamedTuple):
    """Why the spec cannot judge an operation's response as written, and what is checked instead."""

    why: str
    instead: str
    check: Check | None = None  # replaces the spec's schema for a 200
    overrides: Mapping[str, Any] = MappingProxyType({})  # JSON pointer in the spec's schema → replacement


def where(r: httpx.Response) -> str:
    return f"{r.request.method} {r.request.url.path} → {r.status_code}"


def schema_check(schema: Mapping[str, Any]) -> Check:
    return lambda r: spec.validate(schema, r.json(), where(r))


def spec_check(method: str, template: str) -> Check:
    return lambda r: spec.validate_response(method, template, 200, r.json())


def people(template: str) -> Check:
    def check(r: httpx.Response) -> None:
        mode = str(json.loads(r.request.content or b"{}").get("humanReadable", "")).upper()
        spec.check_people(template, mode, r.json(), where(r))

    return check


def empty(r: httpx.Response) -> None:
    assert not r.content, f"{where(r)}: the spec documents no body, got {r.text[:200]!r}"


def csv_file(r: httpx.Response) -> None:
    assert r.headers["content-type"].startswith("text/csv"), r.headers["content-type"]
    assert "," in r.text.splitlines()[0], f"not a CSV header row: {r.text[:200]!r}"


def url_text(r: httpx.Response) -> None:
    assert r.headers["content-type"].startswith("text/plain"), r.headers["content-type"]
    assert r.text == "" or r.text.startswith(("http://", "https://")), r.text[:200]


def report_location(r: httpx.Response) -> None:
    empty(r)
    assert "/v1/company/reports/download/" in r.headers.get("location", ""), dict(r.headers)


PEOPLE_WHY = (
    "The 200 schema is a oneOf of a 'Human readable only' and a 'Machine format only' variant; neither has "
    "required keys or closed properties, so every employee matches both and oneOf always fails; its "
    "examples are arrays of single-key objects (SOURCE.txt). The machine variant types work.custom as an "
    "array (custom fields are an object keyed by field id: notes §5.1, the spec's own example) and "
    "work.isManager as a 'Yes/No' string (its example and /work/isManager: boolean). The readable variant "
    "puts `format: date` on work.startDate and shortStartDate, yet its example has '01/05/2015'."
)
PEOPLE_INSTEAD = (
    "check_people: each employee against the variant of the request's humanReadable mode with those types "
    "fixed (APPEND: machine, its humanReadable node readable), and the three layers of notes §5.2: flat "
    "'/category/field': {value} keys equal to their nested twins."
)
LIST_WHY = (
    "Item ids are typed integer while the response's own description says they 'may be textual or numeric "
    "depending on the list' (notes §5.3: employee values hold item id strings such as '209192163')."
)
LIST_INSTEAD = "the spec's schema with item ids (all three nesting levels) a string or an integer."
ITEM, CHILD = "/properties/items/items/properties", "children/items/oneOf/0/properties"
ITEM_ID = {"type": ["string", "integer"]}
LIST_IDS = (f"{ITEM}/id", f"{ITEM}/{CHILD}/id", f"{ITEM}/{CHILD}/children/items/properties/id")
BULK_WHY = (
    "results[].values[] is an anyOf wrapping a second `values` array (lifecycle's is also typed string, so "
    "nothing passes); the cursor is response_metadata.cursor where the pagination docs say next_cursor "
    "(notes §4); errors[] puts error/message in an object named employeeId, which cannot hold the id."
)
BULK_INSTEAD = (
    "bulk_schema: results[] = {employeeId, values}, each row valid against GET /people/{id}/<table>'s row; "
    "response_metadata.next_cursor a string or null; errors[] = {employeeId, error, message}."
)
NO_SCHEMA = "The spec documents this 200 without a body schema."
ISMANAGER = "/properties/employees/items/properties/work/properties/isManager"
HISTORICAL = ("work", "employment", "lifecycle", "salaries")
WRITABLE = ("work", "employment", "salaries", "variable", "equities", "training", "bank-accounts")
TABLES = (*HISTORICAL, "variable", "equities", "training", "bank-accounts")
UPDATABLE = ("work", "employment", "equities", "bank-accounts")

INT, AVATAR_URL = {"type": "integer"}, "a text/plain http(s) URL, or empty (notes §8.1)."
SHARED_UPLOAD = spec_check("POST", "/docs/people/{id}/shared/upload")

# fmt: off
EXCEPTIONS: Mapping[str, Artefact] = {
    **{f"POST {t}": Artefact(PEOPLE_WHY, PEOPLE_INSTEAD, people(t))
       for t in ("/people/search", "/people/{identifier}", "/people")},
    "GET /profiles": Artefact(
        "work.isManager is typed as the 'Yes/No' display string, while the people variants' examples and "
        "/work/isManager carry the machine boolean that /profiles serves.",
        "the spec's schema with work.isManager a boolean.",
        overrides={ISMANAGER: {"type": ["boolean", "null"]}}),
    **{f"GET /bulk/people/{t}": Artefact(BULK_WHY, BULK_INSTEAD, schema_check(spec.bulk_schema(t)))
       for t in HISTORICAL},
    "GET /company/named-lists": Artefact(
        LIST_WHY, LIST_INSTEAD, overrides={f"/items{p}": ITEM_ID for p in LIST_IDS}),
    "GET /company/named-lists/{listName}": Artefact(
        LIST_WHY, LIST_INSTEAD, overrides=dict.fromkeys(LIST_IDS, ITEM_ID)),
    "GET /people/{id}/training": Artefact(
        "Rows require amount, type and paymentPeriod, copied from variable pay; a training row has name, "
        "cost, status, frequency and dates, so no real row passes.",
        "the spec's row schema without that `required` list.",
        overrides={"/properties/values/items/required": []}),
    "GET /company/reports/{reportId}/download": Artefact(
        "200 is declared application/json `string, format binary`; the response is the report file.",
        "with format=csv, a text/csv body whose first line is a header row.", csv_file),
    "GET /company/reports/download/{reportName}": Artefact(
        "As for /download, the ready report is a file, not a JSON string.",
        "204 with no body until it is ready, then the CSV file.", csv_file),
    "GET /company/reports/{reportId}/download-async": Artefact(
        "200 has no schema; the report's URL comes in the Location header (notes §8.6).",
        "an empty body and a Location at /company/reports/download/{reportName}.", report_location),
    **{f"POST /docs/people/{{id}}/{path}/upload": Artefact(
        "200 has no schema, while the same upload to the shared folder documents {id}.",
        "the body against POST /docs/people/{id}/shared/upload's 200 schema.", SHARED_UPLOAD)
       for path in ("confidential", "folders/{folderId}")},
    "GET /avatars/{employeeId}": Artefact(NO_SCHEMA, AVATAR_URL, url_text),
    "GET /avatars": Artefact(NO_SCHEMA, AVATAR_URL, url_text),
    "POST /timeoff/employees/{id}/requests": Artefact(
        NO_SCHEMA, "the sandbox's documented assumption {requestId}.", schema_check(spec.obj(requestId=INT))),
    "POST /timeoff/employees/{id}/adjustments": Artefact(
        NO_SCHEMA, "the sandbox's {}.", schema_check({"type": "object", "maxProperties": 0})),
    "POST /timeoff/policy-types/{policyType}/reason-codes": Artefact(
        NO_SCHEMA, "the sandbox's answer, the type's reason codes, against GET reason-codes' 200 schema",
        spec_check("GET", "/timeoff/policy-types/{policyType}/reason-codes")),
    **{f"POST /people/{{id}}/{t}": Artefact(
        NO_SCHEMA, "the sandbox's documented assumption {id}.", schema_check(spec.obj(id=INT)))
       for t in WRITABLE},
}
# fmt: on

EXTRA_ROUTES: Mapping[str, str] = {
    "GET /v1/docs/download/{token}": "HiBob's downloadLink is a pre-signed storage URL outside the API; "
    "the sandbox serves those files itself.",
}


@dataclass(frozen=True)
class World:
    """Ids the cases use: generated people and settings, and what this module made for its writes."""

    employee: str  # an employed person with rows in the most tables
    email: str
    doc_owner: str  # an employed person with documents
    today: str
    workdays: tuple[str, ...]  # Wednesday to Friday of the week after next
    month_ago: str
    site: str
    title: str
    department: str
    training: str
    folder: str  # the custom document folder
    report: int
    task_owner: str
    closed_task: int
    mine: str = ""  # hired by this module; writes target it
    own_list: str = ""  # the named list of a list field this module created


Call = Callable[[httpx.Client, World], httpx.Response]


class Case(NamedTuple):
    method: str
    template: str
    call: Call
    status: int = 200
    label: str = ""

    def __str__(self) -> str:
        return f"{self.method} {self.template} {self.status}{f' {self.label}' if self.label else ''}"


def fill(value: Any, ctx: Mapping[str, Any]) -> Any:
    """`value` with the `{w.…}`, `{prev[…]}` and `{tag}` placeholders of its strings filled in."""
    if isinstance(value, dict):
        return {k: fill(v, ctx) for k, v in value.items()}
    return value.format(**ctx) if isinstance(value, str) else value


def send(method: str, path: str, body: Any = None, *, after: Call | None = None, **params: str) -> Call:
    """A call; with `after`, that one runs first and its JSON body (or headers) fill `{prev[…]}`."""

    def call(c: httpx.Client, w: World) -> httpx.Response:
        prev: Any = None
        if after is not None:
            first = after(c, w)
            assert first.status_code == 200, f"setup {where(first)}: {first.text[:300]}"
            prev = first.json() if first.headers.get("content-type") == "application/json" else first.headers
        ctx = {"w": w, "prev": prev, "tag": uuid.uuid4().hex[:8]}
        url = httpx.URL(fill(path, ctx)).copy_merge_params(fill(params, ctx))  # keeps a query in `path`
        return c.request(method, url, json=fill(body, ctx))

    return call


def twice(call: Call) -> Call:
    """The second of two identical calls (a no-op update, a duplicate create)."""
    return lambda c, w: (call(c, w), call(c, w))[1]


def upload(path: str) -> Call:
    return lambda c, w: c.post(fill(path, {"w": w}), files={"file": ("c.txt", b"conformance", "text/plain")})


def request_on(day: int) -> Call:
    """A one-day holiday for the module's employee on one of three weekdays, so no two cases overlap."""
    date = f"{{w.workdays[{day}]}}"
    body = {"requestRangeType": "days", "policyType": "Holiday", "startDate": date, "endDate": date,
            "startDatePortion": "all_day", "endDatePortion": "all_day"}  # fmt: skip
    return send("POST", "/timeoff/employees/{w.mine}/requests", body)


def report_ready(c: httpx.Client, w: World) -> httpx.Response:
    location = c.get(f"/company/reports/{w.report}/download-async?format=csv").headers["location"]
    assert c.get(location).status_code == 204  # still being generated
    return c.get(location)


D = "{w.today}"
MONEY = {"value": 1000, "currency": "GBP"}
# fmt: off
ROWS = {
    "work": {"effectiveDate": D, "site": "{w.site}", "title": "{w.title}", "department": "{w.department}"},
    "employment": {"effectiveDate": D, "contract": "Full time", "type": "Permanent", "weeklyHours": 40},
    "salaries": {"effectiveDate": D, "base": MONEY, "payPeriod": "Annual", "payFrequency": "Monthly"},
    "variable": {"effectiveDate": D, "amount": MONEY, "variableType": "Bonus", "paymentPeriod": "Annual"},
    "equities": {"effectiveDate": D, "quantity": 100, "equityType": "Options", "grantDate": D},
    "training": {"name": "{w.training}", "status": "Completed", "cost": MONEY, "startDate": D},
    "bank-accounts": {"bankAccountType": "Checking", "bankName": "Sandbox Bank", "accountNumber": "12345678",
                      "routingNumber": "021000021", "allocation": "percent", "amount": 100},
}
HIRE = {"firstName": "Conformance", "surname": "Check {tag}", "email": "conformance.{tag}@example.com",
        "work": {"site": "{w.site}", "startDate": D}}
FIELDS = ["root.id", "root.email", "root.companyId", "work.department", "work.reportsTo", "work.isManager",
          "about.hobbies", "personal.birthDate", "internal.lifecycleStatus",
          "work.custom.field_1711886937296"]
DOC = {"documentName": "Conformance.pdf", "documentUrl": "https://example.com/c.pdf", "tags": ["check"]}
FOLDERS = {"shared": "shared", "confidential": "confidential", "folders/{folderId}": "folders/{w.folder}"}
ADJUST = {"adjustmentType": "balance", "policyType": "Holiday", "effectiveDate": D, "amount": 1,
          "reason": "conformance"}
# fmt: on


def case(op: str, path: str = "", body: Any = None, status: int = 200, label: str = "", *,
         after: Call | None = None, **params: str) -> Case:  # fmt: skip
    """`op` is the spec's "METHOD /template"; the call goes to `path` (by default the template itself)."""
    method, template = op.split(" ", 1)
    return Case(method, template, send(method, path or template, body, after=after, **params), status, label)


def cases() -> Iterator[Case]:
    # fmt: off
    search, person = "POST /people/search", "POST /people/{identifier}"
    mine, docs = "/people/{w.mine}", "/docs/people/{w.mine}"
    fields, lists, own = "/company/people/fields", "/company/named-lists", "/company/named-lists/{w.own_list}"
    off, reasons = "/timeoff/employees/{w.mine}", "/timeoff/policy-types/Sick/reason-codes"
    report = "/company/reports/{w.report}"
    new_field = send("POST", fields, {"name": "Conformance {tag}", "category": "work", "type": "text"})
    new_item = send("POST", own, {"name": "Item {tag}"})
    yield from (
        case(search, body={}, label="defaults"),
        case(search, body={"fields": FIELDS, "humanReadable": "APPEND", "showInactive": True},
             label="APPEND"),
        case(search, body={"humanReadable": "REPLACE"}, label="REPLACE"),
        case(search, body={"filters": []}, status=400),
        case(person, "/people/{w.employee}", {"fields": FIELDS}),
        case(person, "/people/{w.email}", {}, label="email"),
        case(person, "/people/nobody@example.com", {}, 404),
        case("POST /people", body=HIRE),
        case("PUT /people/{identifier}", mine, {"about": {"about": "{tag}"}}),
        Case("PUT", "/people/{identifier}", twice(send("PUT", mine, {"about": {"about": "Same"}})), 304),
        case("PUT /people/{id}/email", mine + "/email", {"email": "conformance.{tag}@example.com"}),
        case("POST /employees/{identifier}/terminate", "/employees/{prev[id]}/terminate",
             {"terminationDate": D}, after=send("POST", "/people", HIRE)),
        case("POST /employees/{identifier}/uninvite", "/employees/{prev[id]}/uninvite",
             after=send("POST", "/people", HIRE)),
        case("POST /employees/{employeeId}/invitations", mine.replace("people", "employees") + "/invitations",
             {"welcomeWizardId": 1}),
        case("POST /employees/{employeeId}/start-date", mine.replace("people", "employees") + "/start-date",
             {"startDate": D, "reason": "conformance"}),
        case("GET /profiles"),
        case("GET /avatars/{employeeId}", "/avatars/{w.employee}"),
        case("GET /avatars", email="{w.email}"),
        case("PUT /avatars/{employeeId}", "/avatars/{w.mine}", {"url": "https://example.com/a.png"}),
        case(f"GET {fields}"),
        Case("POST", fields, new_field),
        case(f"PUT {fields}/{{fieldId}}", fields + "/{prev[id]}", {"name": "New {tag}"}, after=new_field),
        case(f"DELETE {fields}/{{fieldId}}", fields + "/{prev[id]}", after=new_field),
        case(f"GET {lists}", includeArchived="true"),
        case(f"GET {lists}/{{listName}}", lists + "/department"),
        case(f"GET {lists}/{{listName}}", lists + "/nosuchlist", status=404),
        Case("POST", lists + "/{listName}", new_item),
        Case("POST", lists + "/{listName}", twice(send("POST", own, {"name": "Twice"})), 409),
        case(f"PUT {lists}/{{listName}}/{{itemId}}", own + "/{prev[id]}", {"name": "N{tag}"}, after=new_item),
        case(f"DELETE {lists}/{{listName}}/{{itemId}}", own + "/{prev[id]}", after=new_item),
        case("GET /people/custom-tables/metadata"),
        case("GET /people/custom-tables/metadata/{tableId}", "/people/custom-tables/metadata/1", status=404),
        case("GET /onboarding/wizards"),
        case("GET /tasks"),
        case("GET /tasks/people/{id}", "/tasks/people/{w.task_owner}"),
        case("POST /tasks/{taskId}/complete", "/tasks/{w.closed_task}/complete"),  # already closed: no change
        case("GET /company/reports"),
        case("GET /company/reports/{reportId}/download", report + "/download", format="csv"),
        case("GET /company/reports/{reportId}/download-async", report + "/download-async", format="csv"),
        case("GET /company/reports/download/{reportName}", "{prev[location]}", status=204,
             after=send("GET", report + "/download-async", format="csv")),
        Case("GET", "/company/reports/download/{reportName}", report_ready),
        case("GET /docs/folders/metadata"),
        case("GET /docs/people/{id}", "/docs/people/{w.doc_owner}"),
        case("POST /docs/people/{id}/shared", docs + "/shared", DOC),
        case("POST /docs/people/{id}/confidential", docs + "/confidential", DOC),
        case("POST /docs/people/{id}/custom/{folderId}", docs + "/custom/{w.folder}", DOC),
        *(Case("POST", f"/docs/people/{{id}}/{t}/upload", upload(f"{docs}/{path}/upload"))
          for t, path in FOLDERS.items()),
        *(case(f"DELETE /docs/people/{{id}}/{t}/{{docId}}", f"{docs}/{path}/{{prev[id]}}",
               after=upload(f"{docs}/{path}/upload")) for t, path in FOLDERS.items()),
        *(case(f"GET /people/{{id}}/{t}", f"/people/{{w.employee}}/{t}") for t in TABLES),
        *(case(f"POST /people/{{id}}/{t}", f"{mine}/{t}", ROWS[t]) for t in ROWS),
        *(case(f"PUT /people/{{id}}/{t}/{{entry_id}}", f"{mine}/{t}/{{prev[id]}}", ROWS[t],
               after=send("POST", f"{mine}/{t}", ROWS[t])) for t in UPDATABLE),
        *(case(f"DELETE /people/{{id}}/{t}/{{entry_id}}", f"{mine}/{t}/{{prev[id]}}",
               after=send("POST", f"{mine}/{t}", ROWS[t])) for t in ROWS),
        *(case(f"GET /bulk/people/{t}", limit="20") for t in HISTORICAL),
        case("GET /bulk/people/work", employeeIds="{w.employee},1", label="errors"),
        case("GET /bulk/people/work", limit="201", status=400),
        case("GET /timeoff/policy-types"),
        case("GET /timeoff/policy-types/{policyType}", "/timeoff/policy-types/Holiday"),
        case("GET /timeoff/policy-types/{policyType}", "/timeoff/policy-types/Nope", status=404),
        case("GET /timeoff/policy-types/{policyType}/reason-codes", reasons),
        # A reason code the type already has, so the shared company does not change.
        case("POST /timeoff/policy-types/{policyType}/reason-codes", reasons, {"reasonCodes": ["Illness"]}),
        case("GET /timeoff/policies/names", policyTypeName="Holiday"),
        case("GET /timeoff/policies", policyName="Sick"),
        case("GET /timeoff/employees/{id}/balance", "/timeoff/employees/{w.employee}/balance",
             policyType="Holiday", date=D),
        case("POST /timeoff/employees/{id}/adjustments", off + "/adjustments", ADJUST),
        Case("POST", "/timeoff/employees/{id}/requests", request_on(0)),
        case("GET /timeoff/employees/{id}/requests/{requestId}", off + "/requests/{prev[requestId]}",
             after=request_on(1)),
        case("DELETE /timeoff/employees/{id}/requests/{requestId}", off + "/requests/{prev[requestId]}",
             after=request_on(2)),
        case("GET /timeoff/whosout", "/timeoff/whosout?from={w.month_ago}&to={w.workdays[2]}",
             includeHourly="true"),
        case("GET /timeoff/outtoday", includeHourly="true"),
        case("GET /timeoff/requests/changes", since="{w.month_ago}T00:00:00", includePending="true"),
    )
    # fmt: on


CASES = list(cases())


@pytest.fixture(scope="module")
def world(sandbox_server: ThreadedSandbox) -> World:
    """Generated ids from the shared company; then an employee and a named list of this module's own."""
    su = sandbox_server.sandbox.preset_user("full")
    company, today, tasks = su.company, su.company.today, su.company.tasks.values()
    employed = [e for e in company.employees.values() if e.lifecycle_status == EMPLOYED and e.active]
    employee = max(employed, key=lambda e: sum(bool(rows) for rows in e.tables.values()))
    active = {e.id for e in employed}
    first = {name: company.lists[name].items[0] for name in ("site", "title", "department", "TrainingName")}
    w = World(
        employee=employee.id,
        email=employee.email,
        doc_owner=Counter(
            d.employee_id for d in company.documents.values() if d.employee_id in active
        ).most_common(1)[0][0],
        today=today.isoformat(),
        workdays=tuple((today + dt.timedelta(days=16 + n - today.weekday())).isoformat() for n in range(3)),
        month_ago=(today - dt.timedelta(days=30)).isoformat(),
        site=first["site"].value,
        title=first["title"].id,
        department=first["department"].id,
        training=first["TrainingName"].id,
        folder=next(f.id for f in company.folders.values() if f.folder_type == "custom"),
        report=next(iter(company.reports)),
        task_owner=next(t.owner_id for t in tasks if t.status == "open"),
        closed_task=next(t.id for t in tasks if t.status == "closed"),
    )
    own_field = {"name": "Own {tag}", "category": "work", "type": "list"}
    with httpx.Client(base_url=f"{sandbox_server.base_url}/v1", auth=(su.id, su.token), timeout=30) as c:
        mine = send("POST", "/people", HIRE)(c, w).json()["id"]
        field_id = send("POST", "/company/people/fields", own_field)(c, w).json()["id"]
        metadata = c.get("/company/people/fields").json()
    own_list = next(f["typeData"]["listId"] for f in metadata if f["id"] == field_id)
    return dataclasses.replace(w, mine=mine, own_list=own_list)


def conforms(method: str, template: str, response: httpx.Response) -> None:
    """The response against the spec: its schema, an EXCEPTIONS check, no body, or HiBob's error body."""
    status = response.status_code
    if status >= 400:
        spec.validate(spec.ERROR_BODY, response.json(), where(response))
        if {str(status), "default"} & spec.documented_statuses(method, template):
            spec.validate_response(method, template, status, response.json())
        return
    schema = spec.response_schema(method, template, status)  # fails when the status is undocumented
    artefact = EXCEPTIONS.get(f"{method} {spec.spec_path(method, template)}")
    if artefact is not None and artefact.check is not None and status == 200:
        artefact.check(response)
    elif schema is None:
        empty(response)
    else:
        overrides = artefact.overrides if artefact is not None else None
        spec.validate_response(method, template, status, response.json(), overrides=overrides)


Client = Callable[[str], httpx.Client]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_response_conforms_to_the_spec(case: Case, hibob: Client, world: World) -> None:
    response = case.call(hibob("full"), world)
    assert response.status_code == case.status, f"{case}: got {response.status_code} {response.text[:300]}"
    conforms(case.method, case.template, response)


def test_a_permission_error_conforms(hibob: Client, world: World) -> None:
    response = hibob("activtrak").get(f"/docs/people/{world.employee}")
    assert response.status_code == 403
    conforms("GET", "/docs/people/{id}", response)


def v1_routes(sandbox: Sandbox) -> set[tuple[str, str]]:
    # The app's own OpenAPI lists every route; `app.routes` holds included routers unexpanded.
    paths = create_app(sandbox).openapi()["paths"]
    return {
        (method.upper(), path) for path, item in paths.items() if path.startswith("/v1/") for method in item
    }


def test_every_sandbox_route_is_in_the_spec_or_a_documented_extra(sandbox: Sandbox) -> None:
    assert len(v1_routes(sandbox)) > 50
    unknown = {f"{m} {p}" for m, p in v1_routes(sandbox) if spec.spec_path(m, p) is None}
    assert sorted(unknown - set(EXTRA_ROUTES)) == []


def test_every_sandbox_route_in_the_spec_has_a_case(sandbox: Sandbox) -> None:
    covered = {f"{c.method} {spec.spec_path(c.method, c.template)}" for c in CASES}
    routes = {f"{m} {path}" for m, p in v1_routes(sandbox) if (path := spec.spec_path(m, p)) is not None}
    assert sorted(routes - covered) == []
    assert sorted(set(EXCEPTIONS) - covered) == [], "an exception that no case exercises"


def test_each_exception_is_a_spec_operation_with_a_reason_and_a_check() -> None:
    for key, artefact in EXCEPTIONS.items():
        method, path = key.split(" ", 1)
        assert spec.spec_path(method, path) == path, f"{key} is not spelled as in the spec"
        assert artefact.why.strip(), key
        assert artefact.instead.strip(), key
        assert artefact.check is not None or artefact.overrides, f"{key}: nothing is checked instead"
    assert all(reason.strip() for reason in EXTRA_ROUTES.values())
