"""The seeded company generator: determinism, realistic lifecycle mix, a sound org tree, history tables that
agree with the fields, and time off whose costs and balances add up."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

import pytest

from bobhub.sandbox.fields import BONUS_PLAN, EQUIPMENT_CATEGORY, LAPTOP_BUDGET, LAPTOP_MODEL, LAPTOP_SERIAL
from bobhub.sandbox.generator import generate_company
from bobhub.sandbox.model import (
    HISTORICAL_TABLES,
    INACTIVE_STATUSES,
    LIFECYCLE_STATUSES,
    TABLE_CATEGORIES,
    Company,
    Employee,
)
from bobhub.sandbox.permissions import STACKONE_SECTIONS
from bobhub.sandbox.timeoff import balance_json, measure

TODAY = dt.date(2026, 3, 16)
LIST_TYPES = ("list", "multi-list", "hierarchy-list")


@pytest.fixture(scope="module")
def company() -> Company:
    return generate_company(1, employees=200, seed=7, today=TODAY)


def fingerprint(company: Company) -> tuple[Any, ...]:
    employees = [(e.id, e.values, e.tables, e.policies) for e in company.employees.values()]
    requests = [
        (r.id, r.employee_id, r.policy_type, r.start_date, r.end_date, r.status, r.cost, r.created_on)
        for r in company.requests.values()
    ]
    changes = [(c.at, c.change_type, c.request.id) for c in company.changes]
    return company.name, employees, requests, changes, sorted(company.documents), sorted(company.tasks)


def current(employee: Employee, table: str) -> dict[str, Any]:
    rows = [row for row in employee.tables[table] if row["isCurrent"]]
    assert len(rows) == 1, (employee.id, table)
    return rows[0]


class TestDeterminism:
    def test_same_seed_and_day_give_the_same_company(self) -> None:
        first = generate_company(3, employees=80, seed=11, today=TODAY)
        second = generate_company(3, employees=80, seed=11, today=TODAY)
        assert fingerprint(first) == fingerprint(second)

    def test_another_seed_gives_other_people(self) -> None:
        first = generate_company(3, employees=80, seed=11, today=TODAY)
        other = generate_company(3, employees=80, seed=12, today=TODAY)
        assert not set(first.employees) & set(other.employees)
        assert fingerprint(first) != fingerprint(other)


class TestPeople:
    def test_every_lifecycle_status_is_present_in_realistic_shares(self, company: Company) -> None:
        counts = Counter(e.lifecycle_status for e in company.employees.values())
        assert set(counts) == set(LIFECYCLE_STATUSES)
        assert counts["employed"] > len(company.employees) / 2
        assert counts["terminated"] > counts["hired"]

    def test_access_status_follows_the_lifecycle(self, company: Company) -> None:
        for e in company.employees.values():
            expected = "Inactive" if e.lifecycle_status in INACTIVE_STATUSES else "Active"
            assert e.values["internal.status"] == expected

    def test_ids_and_emails_are_unique_and_hibob_shaped(self, company: Company) -> None:
        ids = [e.values["root.id"] for e in company.employees.values()]
        emails = [e.email.lower() for e in company.employees.values()]
        assert len(set(ids)) == len(ids) == 200
        assert len(set(emails)) == len(emails)
        assert all(len(i) == 19 and i.isdigit() for i in ids)
        assert all(company.employee(email) is not None for email in emails)

    def test_dates_match_the_status(self, company: Company) -> None:
        for e in company.employees.values():
            start = dt.date.fromisoformat(e.values["work.startDate"])
            ends = e.values.get("internal.terminationDate")
            status = e.lifecycle_status
            assert (start > TODAY) == (status == "hired")
            if status == "terminated":
                assert start < dt.date.fromisoformat(ends) < TODAY
            if status == "garden leave":
                assert dt.date.fromisoformat(ends) > TODAY
            assert (ends is not None) == (status in ("terminated", "garden leave"))

    def test_manager_tree_has_one_root_and_no_cycles(self, company: Company) -> None:
        roots = [e for e in company.employees.values() if "work.manager" not in e.values]
        assert len(roots) == 1
        for e in company.employees.values():
            seen, node = set(), e
            while "work.manager" in node.values:
                assert node.id not in seen
                seen.add(node.id)
                node = company.employees[node.values["work.manager"]]
            assert node is roots[0]

    def test_reports_to_and_is_manager_agree_with_the_tree(self, company: Company) -> None:
        managers = {e.values.get("work.manager") for e in company.employees.values()}
        for e in company.employees.values():
            assert e.values["work.isManager"] == (e.id in managers)
            if "work.manager" in e.values:
                boss = company.employees[e.values["work.manager"]]
                assert e.values["work.reportsTo"]["id"] == boss.id
                assert e.values["work.reportsTo"]["email"] == boss.email
                assert boss.lifecycle_status not in ("terminated", "hired")

    def test_custom_fields_are_filled_for_most_people(self, company: Company) -> None:
        for field_id in (LAPTOP_BUDGET, BONUS_PLAN, LAPTOP_MODEL, LAPTOP_SERIAL):
            filled = sum(1 for e in company.employees.values() if e.values.get(field_id) is not None)
            assert filled > 100, field_id


class TestMetadata:
    def test_every_category_has_fields_and_every_field_a_category(self, company: Company) -> None:
        used = {f.category_id for f in company.fields.values()}
        assert used == set(company.categories)

    def test_standard_categories_match_the_permission_sections(self, company: Company) -> None:
        standard = {c.display_name for c in company.categories.values() if not c.custom}
        assert standard - {"Financial"} <= set(STACKONE_SECTIONS)

    def test_custom_category_and_custom_fields(self, company: Company) -> None:
        category = company.categories[EQUIPMENT_CATEGORY]
        assert (category.display_name, category.custom) == ("Equipment", True)
        custom = {f.id: f for f in company.fields.values() if f.custom}
        assert {LAPTOP_BUDGET, BONUS_PLAN, LAPTOP_MODEL, LAPTOP_SERIAL} <= set(custom)
        assert {custom[LAPTOP_MODEL].category_id, custom[LAPTOP_BUDGET].category_id} == {
            EQUIPMENT_CATEGORY,
            "work",
        }
        assert custom[LAPTOP_BUDGET].json_path == LAPTOP_BUDGET

    def test_fields_sit_where_hibob_puts_them(self, company: Company) -> None:
        fields = company.fields
        assert fields["root.email"].category_id == "workContact"
        assert fields["root.firstName"].json_path == "firstName"
        assert fields["home.privateEmail"].category_id == "personalContact"
        assert fields["payroll.employment.type"].category_id == "employment"
        assert fields["internal.lifecycleStatus"].category_id == "internal"
        assert company.categories["internal"].display_name == "Lifecycle"
        assert fields["work.title"].historical
        assert not fields["root.firstName"].historical

    def test_list_values_are_live_items_of_their_list(self, company: Company) -> None:
        for f in company.fields.values():
            if f.type not in LIST_TYPES:
                continue
            items = company.lists[f.list_id or ""].by_id
            for e in company.employees.values():
                value = e.values.get(f.id)
                for item_id in value if isinstance(value, list) else [] if value is None else [value]:
                    assert not items[str(item_id)].archived, (f.id, item_id)

    def test_lists_have_a_department_hierarchy_and_archived_items(self, company: Company) -> None:
        departments = company.lists["department"]
        assert any(grand for top in departments.items for mid in top.children for grand in mid.children)
        assert any(item.archived for named in company.lists.values() for item in named.by_id.values())
        assert all(item_id.isdigit() for named in company.lists.values() for item_id in named.by_id)


class TestTables:
    def test_current_rows_agree_with_the_fields(self, company: Company) -> None:
        for e in company.employees.values():
            v, work = e.values, current(e, "work")
            assert (work["title"], work["department"], work["siteId"]) == (
                v["work.title"],
                v["work.department"],
                v["work.siteId"],
            )
            assert work["reportsTo"] == v.get("work.reportsTo")
            employment = current(e, "employment")
            for column in ("contract", "type", "salaryPayType", "fte", "weeklyHours"):
                assert employment[column] == v[f"payroll.employment.{column}"]
            assert current(e, "salaries")["base"] == v["payroll.salary.payment"]
            lifecycle = current(e, "lifecycle")
            assert lifecycle["status"].lower() == e.lifecycle_status
            assert lifecycle["employeeStatus"] == v["internal.status"]

    def test_rows_chain_their_effective_dates(self, company: Company) -> None:
        for e in company.employees.values():
            for name in HISTORICAL_TABLES:
                rows = e.tables[name]
                dates = [row["effectiveDate"] for row in rows]
                assert dates == sorted(set(dates)), (e.id, name)
                for row, following in zip(rows, rows[1:], strict=False):
                    day_before = dt.date.fromisoformat(following["effectiveDate"]) - dt.timedelta(days=1)
                    assert row["endEffectiveDate"] == day_before.isoformat()
                assert rows[-1]["endEffectiveDate"] is None
                assert all(isinstance(row["id"], int) for row in rows)

    def test_optional_tables_exist_for_some_people(self, company: Company) -> None:
        counts = Counter(name for e in company.employees.values() for name in e.tables)
        assert set(counts) == set(TABLE_CATEGORIES)
        for name in HISTORICAL_TABLES:
            assert counts[name] == len(company.employees)
        assert 0 < counts["equities"] < counts["bank-accounts"] < len(company.employees)

    def test_bank_account_and_training_rows_match_their_fields(self, company: Company) -> None:
        for e in company.employees.values():
            accounts = e.tables.get("bank-accounts", [])
            assert [a["accountNumber"] for a in accounts] == [
                v for v in [e.values.get("financial.accountNumber")] if v is not None
            ]
            for training in e.tables.get("training", []):
                assert training["name"] == e.values["training.lastCompletedTraining"]
                assert training["endDate"] == e.values["training.lastTrainingDate"]


class TestTimeOff:
    def test_policies_cover_every_employee(self, company: Company) -> None:
        assert {"Holiday", "Sick", "Personal hours", "Medical appointment"} <= set(company.policy_types)
        assert {t.unit for t in company.policy_types.values()} == {"days", "hours"}
        assert any(t.private for t in company.policy_types.values())
        for e in company.employees.values():
            assert set(e.policies) == set(company.policy_types)
            assert all(company.policies[name].policy_type == kind for kind, name in e.policies.items())

    def test_volume_statuses_and_range_types(self, company: Company) -> None:
        requests = list(company.requests.values())
        assert 10 * 200 <= len(requests) <= 25 * 200
        assert {r.status for r in requests} == {"approved", "pending", "canceled", "declined"}
        assert {r.range_type for r in requests} == {"days", "hours", "portionOnRange"}
        assert Counter(r.status for r in requests).most_common(1)[0][0] == "approved"
        assert any(r.start_date > TODAY for r in requests)

    def test_costs_and_units_are_consistent(self, company: Company) -> None:
        for r in company.requests.values():
            assert r.unit == company.policy_types[r.policy_type].unit
            expected = measure(
                r.unit,
                r.range_type,
                r.start_date,
                r.end_date,
                start_portion=r.start_portion,
                end_portion=r.end_portion,
                hours=r.hours,
                minutes=r.minutes,
            )
            assert (r.duration, r.cost) == expected
            if r.range_type == "hours":
                assert r.start_date == r.end_date
                assert r.cost == (r.hours or 0) + (r.minutes or 0) / 60
            if r.range_type == "portionOnRange":
                assert r.day_portion in ("morning", "afternoon")

    def test_requests_fall_in_employed_time_without_overlaps(self, company: Company) -> None:
        mine: dict[str, list[Any]] = defaultdict(list)
        for r in company.requests.values():
            e = company.employees[r.employee_id]
            assert r.start_date >= dt.date.fromisoformat(e.values["work.startDate"])
            if "internal.terminationDate" in e.values:
                assert r.end_date < dt.date.fromisoformat(e.values["internal.terminationDate"])
            if r.status != "canceled":
                mine[r.employee_id].append(r)
        for requests in mine.values():
            requests.sort(key=lambda r: r.start_date)
            for a, b in zip(requests, requests[1:], strict=False):
                assert a.end_date < b.start_date

    def test_edited_requests_link_to_a_canceled_original(self, company: Company) -> None:
        edited = [r for r in company.requests.values() if r.previous_request_id is not None]
        assert edited
        for r in edited:
            previous = company.requests[r.previous_request_id]
            assert previous.status == "canceled"
            assert r.original_request_id == previous.id

    def test_change_log_is_sorted_and_covers_every_request(self, company: Company) -> None:
        times = [c.at for c in company.changes]
        assert times == sorted(times)
        assert {c.request.id for c in company.changes} == set(company.requests)
        assert max(times) < dt.datetime.combine(TODAY, dt.time())
        for c in company.changes:
            if c.change_type == "Canceled":
                assert c.request.status == "canceled"
            assert c.at >= c.request.created_on

    def test_change_types_follow_each_requests_story(self, company: Company) -> None:
        story: dict[int, list[str]] = defaultdict(list)
        for c in company.changes:
            story[c.request.id].append(c.change_type)
        for request_id, types in story.items():
            status = company.requests[request_id].status
            assert types[0] in ("Pending", "Created")
            assert ("Created" in types) == (
                status in ("approved", "canceled") and types != ["Pending", "Canceled"]
            )
            assert (types[-1] == "Canceled") == (status == "canceled")
            if status in ("pending", "declined"):
                assert types == ["Pending"]

    def test_approved_time_stays_within_each_years_allowance(self, company: Company) -> None:
        last_year_end = dt.date(TODAY.year - 1, 12, 31)
        for e in company.employees.values():
            if e.lifecycle_status == "hired":
                continue
            for kind in e.policies:
                balance = balance_json(company, e, kind, last_year_end)
                assert balance["totalBalanceAsOfDate"] >= 0, (e.id, kind)


class TestExtras:
    def test_folders_documents_tasks_reports(self, company: Company) -> None:
        kinds = {f.folder_type: f for f in company.folders.values()}
        assert set(kinds) == {"shared", "confidential", "custom"}
        assert kinds["custom"].name == "Visa & Immigration"
        assert kinds["custom"].id.isdigit()
        assert {d.folder_id for d in company.documents.values()} == set(company.folders)
        assert all(d.employee_id in company.employees for d in company.documents.values())
        statuses = {t.status for t in company.tasks.values()}
        assert statuses == {"open", "closed"}
        assert {"Headcount", "Salaries", "Terminations"} <= {r.name for r in company.reports.values()}
        for report in company.reports.values():
            assert set(report.fields) <= set(company.fields)
