"""HiBob → unified mapping over real sandbox data, and its tolerance of whatever HiBob sends."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bobhub.hibob import HiBobClient, parse_employee
from bobhub.hibob.models import FieldMetadata, NamedList
from bobhub.sandbox.state import ServiceUser
from bobhub.unified import mapping
from bobhub.unified.mapping.employees import EMPLOYMENT_STATUS, employment_status
from bobhub.unified.models import Employee

World = tuple[mapping.FieldCatalog, list[Employee]]


async def read(base_url: str, su: ServiceUser) -> World:
    async with HiBobClient(su.id, su.token, base_url=base_url) as bob:
        fields = await bob.metadata.fields.list()
        lists = await bob.metadata.lists.list()
        catalog = mapping.FieldCatalog.from_metadata(fields, lists)
        people = await bob.people.search(fields="all", show_inactive=True)
    return catalog, [mapping.map_employee(p, catalog) for p in people]


class TestSandboxEmployees:
    async def test_full_sees_everything_with_labels(
        self, base_url: str, user: Callable[[str], ServiceUser]
    ) -> None:
        _, employees = await read(base_url, user("full"))
        assert employees
        assert all(e.hidden_fields == [] for e in employees)
        statuses = {e.employment_status.value for e in employees if e.employment_status}
        assert {"active", "pending", "leave", "terminated"} <= statuses
        titled = [e for e in employees if e.job_title]
        assert titled
        assert all(not (e.job_title or "").isdigit() for e in titled)  # labels, not list ids
        assert any(e.custom_fields for e in employees)
        assert all("personal" in e.sections for e in employees)

    async def test_partial_lists_personal_fields_as_hidden_not_empty(
        self, base_url: str, user: Callable[[str], ServiceUser]
    ) -> None:
        _, employees = await read(base_url, user("partial"))
        for employee in employees:
            assert "date_of_birth" in employee.hidden_fields
            assert "sections.personal.birth_date" in employee.hidden_fields
            assert "personal" not in employee.sections
            assert employee.date_of_birth is None
            assert "first_name" not in employee.hidden_fields
        assert all(e.employment_status and e.employment_status.value != "terminated" for e in employees)

    async def test_same_input_same_content(self, base_url: str, user: Callable[[str], ServiceUser]) -> None:
        _, first = await read(base_url, user("full"))
        _, second = await read(base_url, user("full"))
        assert [e.content() for e in first] == [e.content() for e in second]


class TestTolerance:
    def catalog(self) -> mapping.FieldCatalog:
        fields = [
            FieldMetadata(id="root.id", category_id="root"),
            FieldMetadata(id="work.title", category_id="work", type_data={"listId": "title"}),
            FieldMetadata(id="work.custom.field_1", category_id="work"),
        ]
        lists = [NamedList.model_validate({"name": "title", "items": [{"id": "7", "value": "Engineer"}]})]
        return mapping.FieldCatalog.from_metadata(fields, lists)

    def test_list_ids_that_no_longer_exist_keep_the_id(self) -> None:
        raw = {"id": "1", "work": {"title": "999", "custom": {"field_1": None}}}
        emp = mapping.map_employee(
            parse_employee(raw, requested=["root.id", "work.title", "work.custom.field_1"]), self.catalog()
        )
        assert emp.sections["work"]["title"] == {"id": "999", "label": None}
        assert emp.custom_fields == {"work.custom.field_1": None}
        assert emp.hidden_fields == []

    @pytest.mark.parametrize(("source", "unified"), [*EMPLOYMENT_STATUS.items(), ("sabbatical", "inactive")])
    def test_employment_status_table(self, source: str, unified: str) -> None:
        assert employment_status(source).value == unified
        assert employment_status(source.upper()).source_value == source.upper()

    @settings(max_examples=60, deadline=None)
    @given(
        st.dictionaries(
            st.sampled_from(["id", "work", "root", "/work/title", "humanReadable", "internal", "x"]),
            st.recursive(
                st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                lambda inner: (
                    st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
                ),
                max_leaves=8,
            ),
        )
    )
    def test_never_raises_and_each_field_is_hidden_or_present(self, raw: dict[str, Any]) -> None:
        requested = ["root.id", "work.title", "work.custom.field_1"]
        try:
            parsed = parse_employee(raw, requested=requested)
        except ValueError:
            return  # the parser's own refusal of a non-employee, not the mapping's concern
        emp = mapping.map_employee(parsed, self.catalog())
        content = emp.content()
        assert ("sections.work.title" in emp.hidden_fields) != (
            "title" in content["sections"].get("work", {})
        )
        assert ("custom_fields.work.custom.field_1" in emp.hidden_fields) != (
            "work.custom.field_1" in content["custom_fields"]
        )


class TestOtherRecords:
    def test_history_rows(self) -> None:
        rows = [
            {"id": 1, "effectiveDate": "2024-01-01", "isCurrent": True, "title": "7",
             "reportsTo": {"id": "5"}, "site": "Berlin", "siteId": 3, "change": {"reason": "Promotion"}},
        ]  # fmt: skip
        [job] = mapping.map_table_rows("work", "42", rows)
        assert job.remote_id == "42:work:1"
        assert (job.manager_remote_id, job.location_remote_id, job.change_reason) == ("5", "3", "Promotion")
        [pay] = mapping.map_table_rows(
            "salaries", "42", [{"id": 2, "base": {"value": 10, "currency": "EUR"}}]
        )
        assert (pay.amount, pay.currency) == (10.0, "EUR")
        assert mapping.map_table_rows("unknown", "42", rows) == []

    def test_groups_keep_the_hierarchy(self) -> None:
        tree = NamedList.model_validate(
            {
                "name": "department",
                "items": [{"id": "1", "value": "R&D", "children": [{"id": "2", "value": "QA"}]}],
            }
        )
        groups = {g.remote_id: g for g in mapping.map_named_lists([tree])}
        assert groups["department:2"].parent_remote_id == "department:1"
        assert groups["department:1"].parent_remote_id is None

    def test_request_shapes(self) -> None:
        change = mapping.map_request({"requestId": 5, "changeType": "Canceled", "employeeId": "1"})
        assert change.status is not None
        assert (change.remote_id, change.status.value) == ("5", "canceled")
        read = mapping.map_request({"requestId": 6, "status": "declined", "totalDuration": "1.5"})
        assert read.status is not None
        assert (read.status.value, read.amount) == ("declined", 1.5)
