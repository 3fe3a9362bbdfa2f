"""Tasks (open tasks, an employee's tasks, completion) and reports (list, downloads, async 204-then-file)."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator

import httpx
import pytest

from bobhub.sandbox.model import TERMINATED, Company, Report, Task
from bobhub.sandbox.state import ServiceUser

Hibob = Callable[[str], httpx.Client]


@pytest.fixture
def company(user: Callable[[str], ServiceUser]) -> Company:
    return user("full").company


def requested_for_terminated(company: Company, task: Task) -> bool:
    return company.employees[task.requested_for_id].lifecycle_status == TERMINATED


class TestTasks:
    def test_all_open_tasks(self, hibob: Hibob, company: Company) -> None:
        response = hibob("full").get("/tasks")
        assert response.status_code == 200
        tasks = response.json()["tasks"]
        assert {t["id"] for t in tasks} == {t.id for t in company.tasks.values() if t.status == "open"}
        task = tasks[0]
        stored = company.tasks[task["id"]]
        owner = company.employees[stored.owner_id]
        assert task["owner"] == {
            "id": owner.id,
            "firstName": owner.values["root.firstName"],
            "surname": owner.values["root.surname"],
            "email": owner.email,
            "displayName": owner.values["root.displayName"],
        }
        assert task["requestedFor"]["id"] == stored.requested_for_id
        assert (task["title"], task["status"], task["due"]) == (stored.title, "open", stored.due.isoformat())
        assert task["companyId"] == company.id
        assert task["ordinalInWorkflow"] >= 1

    def test_tasks_about_people_outside_the_audience_are_hidden(self, hibob: Hibob, company: Company) -> None:
        hidden = {t.id for t in company.tasks.values() if requested_for_terminated(company, t)}
        assert hidden, "the generated company has tasks about leavers"
        partial = {t["id"] for t in hibob("partial").get("/tasks").json()["tasks"]}
        full = {t["id"] for t in hibob("full").get("/tasks").json()["tasks"]}
        assert partial == full - hidden

    def test_an_employees_tasks_by_status(self, hibob: Hibob, company: Company) -> None:
        owner_id = next(t.owner_id for t in company.tasks.values() if t.status == "closed")
        mine = [t for t in company.tasks.values() if t.owner_id == owner_id]
        full = hibob("full")
        every = full.get(f"/tasks/people/{owner_id}").json()["tasks"]
        assert {t["id"] for t in every} == {t.id for t in mine}
        closed = full.get(f"/tasks/people/{owner_id}", params={"task_status": "closed"}).json()["tasks"]
        assert {t["id"] for t in closed} == {t.id for t in mine if t.status == "closed"}
        assert all(t["completionDate"] for t in closed)
        assert full.get(f"/tasks/people/{owner_id}", params={"task_status": "done"}).status_code == 400
        assert full.get("/tasks/people/42").status_code == 404

    def test_complete_a_task(self, hibob: Hibob, company: Company) -> None:
        task = next(t for t in company.tasks.values() if t.status == "open")
        full = hibob("full")
        try:
            response = full.post(f"/tasks/{task.id}/complete")
            assert response.status_code == 200
            assert response.json() == {"toDosUpdated": 1}
            mine = full.get(f"/tasks/people/{task.owner_id}", params={"task_status": "closed"}).json()[
                "tasks"
            ]
            done = next(t for t in mine if t["id"] == task.id)
            assert done["status"] == "closed"
            assert done["completionDate"] == company.today.isoformat()
            assert full.post(f"/tasks/{task.id}/complete").json() == {"toDosUpdated": 0}
            assert all(t["id"] != task.id for t in full.get("/tasks").json()["tasks"])
        finally:
            task.status, task.completion_date = "open", None

    def test_unknown_or_hidden_task_is_404(self, hibob: Hibob, company: Company) -> None:
        assert hibob("full").post("/tasks/12345/complete").status_code == 404
        assert hibob("full").post("/tasks/abc/complete").status_code == 404
        hidden = next(t for t in company.tasks.values() if requested_for_terminated(company, t))
        assert hibob("partial").post(f"/tasks/{hidden.id}/complete").status_code == 404
        assert hidden.status in ("open", "closed")

    def test_service_user_in_no_group_is_refused(self, hibob: Hibob) -> None:
        assert hibob("empty").get("/tasks").status_code == 403


def report_named(company: Company, name: str) -> Report:
    return next(r for r in company.reports.values() if r.name == name)


def listed(client: httpx.Client) -> set[str]:
    response = client.get("/company/reports")
    assert response.status_code == 200
    return {view["name"] for view in response.json()["views"]}


def parse_csv(response: httpx.Response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.text)))


class TestReportList:
    def test_full_sees_every_report(self, hibob: Hibob, company: Company) -> None:
        response = hibob("full").get("/company/reports")
        views = response.json()["views"]
        assert {v["id"] for v in views} == set(company.reports)
        view = views[0]
        report = company.reports[view["id"]]
        assert view["configuration"]["fields"] == report.fields
        assert (view["name"], view["isScheduled"], view["creationDate"]) == (
            report.name,
            False,
            report.creation_date.isoformat(),
        )

    def test_reports_need_every_category_viewable(self, hibob: Hibob, company: Company) -> None:
        # ActivTrak views Basic info, Work, Employment and Work contact details only.
        assert listed(hibob("activtrak")) == {"New starters"}
        partial = listed(hibob("partial"))
        assert "Personal details" not in partial
        assert {"Headcount", "Salaries", "New starters"} <= partial

    def test_service_user_in_no_group_is_refused(self, hibob: Hibob) -> None:
        assert hibob("empty").get("/company/reports").status_code == 403


class TestReportDownload:
    def test_csv_has_one_row_per_visible_employee(self, hibob: Hibob, company: Company) -> None:
        report = report_named(company, "Headcount")
        rows = parse_csv(
            hibob("full").get(f"/company/reports/{report.id}/download", params={"format": "csv"})
        )
        assert rows[0] == [company.fields[f].name for f in report.fields]
        assert len(rows) - 1 == len(company.employees)
        by_id = {row[0]: row for row in rows[1:]}
        employee = next(iter(company.employees.values()))
        row = by_id[employee.id]
        assert row[1] == employee.values["root.fullName"]
        assert row[2] == company.list_label("department", employee.values["work.department"])
        assert row[5] == employee.values["internal.lifecycleStatus"]

    def test_hidden_columns_are_empty_and_hidden_people_absent(self, hibob: Hibob, company: Company) -> None:
        report = report_named(company, "Personal details")
        rows = parse_csv(hibob("partial").get(f"/company/reports/{report.id}/download"))
        visible = [e for e in company.employees.values() if e.lifecycle_status != TERMINATED]
        assert {row[0] for row in rows[1:]} == {e.id for e in visible}
        birth = report.fields.index("personal.birthDate")
        assert all(row[birth] == "" for row in rows[1:])
        assert any(row[report.fields.index("root.email")] for row in rows[1:])

    def test_json_follows_the_people_payload(self, hibob: Hibob, company: Company) -> None:
        report = report_named(company, "New starters")
        url = f"/company/reports/{report.id}/download"
        machine = hibob("full").get(url, params={"format": "json"}).json()["employees"]
        human = (
            hibob("full").get(url, params={"format": "json", "humanReadable": "REPLACE"}).json()["employees"]
        )
        assert len(machine) == len(company.employees)
        first = company.employees[machine[0]["id"]]
        start = first.values["work.startDate"]
        assert machine[0]["work"]["startDate"] == start
        assert human[0]["work"]["startDate"] == f"{start[8:10]}/{start[5:7]}/{start[:4]}"

    def test_xlsx_is_a_workbook(self, hibob: Hibob, company: Company) -> None:
        report = report_named(company, "Salaries")
        response = hibob("full").get(f"/company/reports/{report.id}/download", params={"format": "xlsx"})
        assert response.status_code == 200
        with zipfile.ZipFile(io.BytesIO(response.content)) as workbook:
            sheet = workbook.read("xl/worksheets/sheet1.xml").decode()
        assert "Base salary" in sheet
        assert sheet.count("<row ") == len(company.employees) + 1

    def test_unknown_report_and_format(self, hibob: Hibob, company: Company) -> None:
        assert hibob("full").get("/company/reports/999/download").status_code == 404
        report_id = next(iter(company.reports))
        assert (
            hibob("full").get(f"/company/reports/{report_id}/download", params={"format": "pdf"}).status_code
            == 400
        )


@pytest.fixture
def pending_names(company: Company) -> Iterator[None]:
    yield
    company.pending_reports.clear()


@pytest.mark.usefixtures("pending_names")
class TestAsyncDownload:
    def test_first_poll_is_204_then_the_file(self, hibob: Hibob, company: Company) -> None:
        full = hibob("full")
        report = report_named(company, "Headcount")
        started = full.get(f"/company/reports/{report.id}/download-async", params={"format": "csv"})
        assert started.status_code == 200
        location = started.headers["location"]
        assert "/v1/company/reports/download/" in location
        name = location.rsplit("/download/", 1)[1]
        first = full.get(f"/company/reports/download/{name}")
        assert (first.status_code, first.content) == (204, b"")
        ready = full.get(f"/company/reports/download/{name}")
        direct = full.get(f"/company/reports/{report.id}/download", params={"format": "csv"})
        assert parse_csv(ready) == parse_csv(direct)
        again = full.get(f"/company/reports/{report.id}/download-async", params={"format": "csv"})
        assert again.headers["location"] != location

    def test_unknown_name_is_404(self, hibob: Hibob) -> None:
        assert hibob("full").get("/company/reports/download/nothing.csv").status_code == 404
        assert (
            hibob("full").get("/company/reports/999/download-async", params={"format": "csv"}).status_code
            == 404
        )
