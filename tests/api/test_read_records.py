"""The read API over real HTTP on synced sandbox accounts: lists, paging, filters, expansion, scopes."""

from __future__ import annotations

from typing import Any

import httpx
import jsonschema
import pytest

from tests.api.conftest import SyncAccount, Synced, bearer

LISTS = {
    "/v1/employees": "EmployeesPublic",
    "/v1/groups": "GroupsPublic",
    "/v1/locations": "LocationsPublic",
    "/v1/time-off/policies": "TimeOffPoliciesPublic",
    "/v1/time-off/requests": "TimeOffRequestsPublic",
    "/v1/time-off/balances": "TimeOffBalancesPublic",
    "/v1/documents": "DocumentsPublic",
    "/v1/custom-fields": "CustomFieldsPublic",
    "/v1/sync-runs": "SyncRunsPublic",
}
ENVELOPE = {"id", "remote_id", "created_at", "modified_at", "remote_was_deleted", "hidden_fields"}


@pytest.fixture(scope="module")
def synced() -> dict[str, Synced]:
    """Accounts synced once for the module's read-only tests, by preset."""
    return {}


@pytest.fixture
async def full(sync_account: SyncAccount, synced: dict[str, Synced]) -> Synced:
    if "full" not in synced:
        synced["full"] = await sync_account("full")
    return synced["full"]


async def get(api: httpx.AsyncClient, account: Synced, path: str, **params: Any) -> Any:
    response = await api.get(path, headers=account.headers, params=params)
    assert response.status_code == 200, response.text
    return response.json()


async def everything(
    api: httpx.AsyncClient, account: Synced, path: str, **params: Any
) -> list[dict[str, Any]]:
    """Every result of a list, page after page."""
    found: list[dict[str, Any]] = []
    cursor = None
    while True:
        page = await get(
            api, account, path, page_size=200, **params, **({"cursor": cursor} if cursor else {})
        )
        found += page["results"]
        cursor = page["next"]
        if cursor is None:
            return found


async def validator(api: httpx.AsyncClient, name: str) -> jsonschema.Draft202012Validator:
    document = (await api.get("/openapi.json")).json()
    schema = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
    return jsonschema.Draft202012Validator(schema)


class TestLists:
    @pytest.mark.parametrize(("path", "schema"), LISTS.items())
    async def test_every_list_matches_its_documented_schema(
        self, api: httpx.AsyncClient, full: Synced, path: str, schema: str
    ):
        for params in ({}, {"include_remote_data": "true"}) if path != "/v1/sync-runs" else ({},):
            page = await get(api, full, path, page_size=200, **params)
            assert page["results"], path
            (await validator(api, schema)).validate(page)

    async def test_employees_carry_the_envelope_and_no_remote_data_unless_asked(
        self, api: httpx.AsyncClient, full: Synced
    ):
        employees = await everything(api, full, "/v1/employees")
        assert len(employees) == 60
        assert all(set(e) >= ENVELOPE and "remote_data" not in e for e in employees)
        assert all(e["id"].startswith("rec_") and e["hidden_fields"] == [] for e in employees)
        with_raw = await get(api, full, "/v1/employees", page_size=3, include_remote_data="true")
        assert all(isinstance(e["remote_data"], dict) for e in with_raw["results"])

    async def test_an_employee_by_our_id_or_hibobs(self, api: httpx.AsyncClient, full: Synced):
        first = (await get(api, full, "/v1/employees", page_size=1))["results"][0]
        assert await get(api, full, f"/v1/employees/{first['id']}") == first
        assert await get(api, full, f"/v1/employees/{first['remote_id']}") == first
        response = await api.get("/v1/employees/rec_nope", headers=full.headers)
        assert response.status_code == 404
        assert response.json()["error"] == "NotFound"

    async def test_partial_preset_lists_personal_fields_as_hidden(
        self, api: httpx.AsyncClient, sync_account: SyncAccount
    ):
        partial = await sync_account("partial")
        employees = await everything(api, partial, "/v1/employees")
        assert employees
        assert all(e["employment_status"]["value"] != "terminated" for e in employees)
        for employee in employees:
            assert "date_of_birth" in employee["hidden_fields"]
            assert "sections.personal.birth_date" in employee["hidden_fields"]
            assert employee["date_of_birth"] is None


class TestPaging:
    async def test_small_pages_return_everyone_once_in_id_order(self, api: httpx.AsyncClient, full: Synced):
        seen: list[str] = []
        cursor = None
        while True:
            params = {"page_size": 7, **({"cursor": cursor} if cursor else {})}
            page = await get(api, full, "/v1/employees", **params)
            assert len(page["results"]) <= 7
            seen += [e["id"] for e in page["results"]]
            cursor = page["next"]
            if cursor is None:
                break
        assert len(seen) == len(set(seen)) == 60
        assert seen == sorted(seen)

    async def test_last_full_page_has_no_next(self, api: httpx.AsyncClient, full: Synced):
        assert (await get(api, full, "/v1/employees", page_size=60))["next"] is None
        assert (await get(api, full, "/v1/employees", page_size=59))["next"] is not None
        assert len((await get(api, full, "/v1/employees"))["results"]) == 50  # the default page size

    @pytest.mark.parametrize(
        "params",
        [
            {"page_size": 0},
            {"page_size": 201},
            {"page_size": "ten"},
            {"cursor": "not-a-cursor"},
            {"cursor": "WyJ4Il0"},
            {"modified_after": "yesterday"},
            {"include_deleted": "maybe"},
        ],
    )
    async def test_bad_paging_parameters_are_400(
        self, api: httpx.AsyncClient, full: Synced, params: dict[str, Any]
    ):
        response = await api.get("/v1/employees", headers=full.headers, params=params)
        assert response.status_code == 400
        assert response.json()["error"] == "BadRequest"
        assert next(iter(params)) in response.json()["detail"]

    async def test_a_cursor_of_another_list_is_400(self, api: httpx.AsyncClient, full: Synced):
        cursor = (await get(api, full, "/v1/groups", page_size=1))["next"]
        response = await api.get("/v1/employees", headers=full.headers, params={"cursor": cursor})
        assert response.status_code == 400
        assert "groups" in response.json()["detail"]

    async def test_modified_after_in_the_future_is_empty_and_in_the_past_is_everything(
        self, api: httpx.AsyncClient, full: Synced
    ):
        future = await get(api, full, "/v1/employees", modified_after="2999-01-01T00:00:00Z")
        assert future == {"next": None, "results": []}
        past = await everything(api, full, "/v1/employees", modified_after="2000-01-01T00:00:00")
        assert len(past) == 60


class TestEmployeeFilters:
    async def test_employment_status(self, api: httpx.AsyncClient, full: Synced):
        employees = await everything(api, full, "/v1/employees")
        for status in ("active", "pending", "leave", "terminated", "inactive"):
            expected = {e["id"] for e in employees if e["employment_status"]["value"] == status}
            found = await everything(api, full, "/v1/employees", employment_status=status)
            assert {e["id"] for e in found} == expected
        assert {e["employment_status"]["value"] for e in employees} >= {"active", "terminated"}

    async def test_group_by_our_id_or_hibobs(self, api: httpx.AsyncClient, full: Synced):
        employees = await everything(api, full, "/v1/employees")
        department = employees[0]["department_remote_id"]
        group = await everything(api, full, "/v1/groups", type="department")
        group = next(g for g in group if g["remote_id"] == f"department:{department}")
        expected = {e["id"] for e in employees if e["department_remote_id"] == department}
        for ident in (group["id"], group["remote_id"]):
            found = await everything(api, full, "/v1/employees", group=ident)
            assert {e["id"] for e in found} == expected
        assert await everything(api, full, "/v1/employees", group="department:nope") == []

    async def test_location_by_our_id_or_hibobs(self, api: httpx.AsyncClient, full: Synced):
        employees = await everything(api, full, "/v1/employees")
        location = next(
            loc
            for loc in await everything(api, full, "/v1/locations")
            if loc["remote_id"] == employees[0]["location_remote_id"]
        )
        expected = {e["id"] for e in employees if e["location_remote_id"] == location["remote_id"]}
        for ident in (location["id"], location["remote_id"]):
            assert {e["id"] for e in await everything(api, full, "/v1/employees", location=ident)} == expected

    async def test_email_work_or_personal_in_any_case(self, api: httpx.AsyncClient, full: Synced):
        employees = await everything(api, full, "/v1/employees")
        person = next(e for e in employees if e["personal_email"])
        for email in (person["work_email"].upper(), person["personal_email"].title()):
            found = await everything(api, full, "/v1/employees", email=email)
            assert [e["id"] for e in found] == [person["id"]]

    async def test_filters_combine(self, api: httpx.AsyncClient, full: Synced):
        employees = await everything(api, full, "/v1/employees")
        person = next(e for e in employees if e["employment_status"]["value"] == "active")
        params = {"email": person["work_email"]}
        assert len(await everything(api, full, "/v1/employees", employment_status="active", **params)) == 1
        assert await everything(api, full, "/v1/employees", employment_status="terminated", **params) == []

    @pytest.mark.parametrize(
        ("params", "named"),
        [
            ({"employment_status": "retired"}, "'active', 'pending', 'leave', 'terminated' or 'inactive'"),
            ({"expand": "manager,boss"}, "manager, groups"),
            ({"departmnt": "x"}, "employment_status"),
        ],
    )
    async def test_unknown_filter_or_expand_values_are_400_naming_the_allowed(
        self, api: httpx.AsyncClient, full: Synced, params: dict[str, str], named: str
    ):
        response = await api.get("/v1/employees", headers=full.headers, params=params)
        assert response.status_code == 400
        assert named in response.json()["detail"]


class TestOtherFilters:
    async def test_time_off_requests_by_employee_and_status(self, api: httpx.AsyncClient, full: Synced):
        requests = await everything(api, full, "/v1/time-off/requests")
        sample = requests[0]
        employee = await get(api, full, f"/v1/employees/{sample['employee_remote_id']}")
        mine = {r["id"] for r in requests if r["employee_remote_id"] == sample["employee_remote_id"]}
        for ident in (employee["id"], employee["remote_id"]):
            found = await everything(api, full, "/v1/time-off/requests", employee_id=ident)
            assert {r["id"] for r in found} == mine
        for status in ("approved", "pending", "canceled"):
            found = await everything(api, full, "/v1/time-off/requests", status=status)
            assert {r["id"] for r in found} == {r["id"] for r in requests if r["status"]["value"] == status}
        response = await api.get("/v1/time-off/requests", headers=full.headers, params={"status": "lost"})
        assert response.status_code == 400

    @pytest.mark.parametrize("path", ["/v1/time-off/balances", "/v1/documents"])
    async def test_balances_and_documents_by_employee(self, api: httpx.AsyncClient, full: Synced, path: str):
        rows = await everything(api, full, path)
        owner = rows[0]["employee_remote_id"]
        found = await everything(api, full, path, employee_id=owner)
        assert {r["id"] for r in found} == {r["id"] for r in rows if r["employee_remote_id"] == owner}

    async def test_groups_by_type(self, api: httpx.AsyncClient, full: Synced):
        departments = await everything(api, full, "/v1/groups", type="department")
        assert departments
        assert {g["type"] for g in departments} == {"department"}


class TestExpand:
    async def test_manager_and_groups(self, api: httpx.AsyncClient, full: Synced):
        employees = {e["remote_id"]: e for e in await everything(api, full, "/v1/employees")}
        page = await get(api, full, "/v1/employees", page_size=200, expand="manager,groups")
        assert {e["id"] for e in page["results"]} == {e["id"] for e in employees.values()}
        (await validator(api, "EmployeesPublic")).validate(page)
        for person in page["results"]:
            boss = employees.get(person["manager_remote_id"] or "")
            if boss is None:
                assert person["manager"] is None
            else:
                assert person["manager"] == {
                    "id": boss["id"],
                    "remote_id": boss["remote_id"],
                    "display_name": boss["display_name"],
                    "work_email": boss["work_email"],
                    "job_title": boss["job_title"],
                    "remote_was_deleted": False,
                }
            assert [g["remote_id"] for g in person["groups"]] == [
                f"department:{person['department_remote_id']}"
            ]
            assert person["groups"][0]["name"] == person["department"]
        assert any(p["manager"] is not None for p in page["results"])

    async def test_expand_on_one_employee(self, api: httpx.AsyncClient, full: Synced):
        someone = next(e for e in await everything(api, full, "/v1/employees") if e["manager_remote_id"])
        found = await get(api, full, f"/v1/employees/{someone['id']}", expand="manager")
        assert found["manager"]["remote_id"] == someone["manager_remote_id"]
        assert "groups" not in found


class TestAccess:
    @pytest.mark.parametrize(
        "path", [*LISTS, "/v1/employees/x", "/v1/employees/x/history", "/v1/sync-runs/x", "/v1/org-chart"]
    )
    async def test_no_key_is_401(self, api: httpx.AsyncClient, path: str):
        response = await api.get(path, params={"nonsense": "1"})
        assert response.status_code == 401
        assert response.json()["error"] == "Unauthorized"

    async def test_a_read_key_is_enough(self, api: httpx.AsyncClient, sync_account: SyncAccount):
        reader = await sync_account("full", scopes=("read",))
        for path in [*LISTS, "/v1/org-chart"]:
            assert (await api.get(path, headers=reader.headers)).status_code == 200, path

    async def test_another_tenants_account_and_records_are_404(
        self, api: httpx.AsyncClient, full: Synced, sync_account: SyncAccount
    ):
        other = await sync_account("full")
        theirs = (await get(api, other, "/v1/employees", page_size=1))["results"][0]
        run = (await get(api, other, "/v1/sync-runs"))["results"][0]
        mixed = {**bearer(full.key), "X-Account-Id": other.account_id}
        for path in [*LISTS, f"/v1/employees/{theirs['id']}", "/v1/org-chart"]:
            response = await api.get(path, headers=mixed)
            assert response.status_code == 404, path
        for path in (
            f"/v1/employees/{theirs['id']}",
            f"/v1/employees/{theirs['id']}/history",
            f"/v1/sync-runs/{run['id']}",
        ):
            response = await api.get(path, headers=full.headers)
            assert response.status_code == 404, path
        response = await api.get("/v1/org-chart", headers=full.headers, params={"root": theirs["id"]})
        assert response.status_code == 404
