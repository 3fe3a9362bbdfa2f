"""Every stream bobhub syncs from HiBob, in one place: what each reads, its key, its cursor, where it writes.

Adding a stream is adding a class here and to `STREAMS`; the engine needs no change.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator

from bobhub.sync import changelog, company, documents, people, timeoff
from bobhub.sync.context import SyncContext
from bobhub.sync.stream import Batch, Stream


class CustomFields(Stream):
    name, resource, endpoint = "custom_fields", "custom_fields", "GET /company/people/fields"
    deletes = True

    def read(self, ctx: SyncContext) -> AsyncGenerator[Batch, None]:
        return company.read_custom_fields(self, ctx)


class Groups(Stream):
    name, resource, endpoint = "groups", "groups", "GET /company/named-lists"
    deletes = True

    def read(self, ctx: SyncContext) -> AsyncGenerator[Batch, None]:
        return company.read_groups(self, ctx)


class Locations(Stream):
    name, resource, endpoint = "locations", "locations", "GET /company/named-lists"
    deletes = True

    def read(self, ctx: SyncContext) -> AsyncGenerator[Batch, None]:
        return company.read_locations(self, ctx)


class People(Stream):
    name, resource, endpoint = "people", "employees", "POST /people/search"
    cursor_field = "visible categories"  # the guard compares each read with the last one
    deletes = True
    provides = ("employees",)

    def read(self, ctx: SyncContext) -> AsyncGenerator[Batch, None]:
        return people.read_people(self, ctx)


class WorkHistory(Stream):
    name, resource, endpoint = "work_history", "job_records", "GET /bulk/people/work"
    deletes = True

    def read(self, ctx: SyncContext) -> AsyncGenerator[Batch, None]:
        return company.read_history(self, ctx, "work")


class EmploymentHistory(Stream):
    name, resource, endpoint = "employment_history", "employment_records", "GET /bulk/people/employment"
    deletes = True

    def read(self, ctx: SyncContext) -> AsyncGenerator[Batch, None]:
        return company.read_history(self, ctx, "employment")


class LifecycleHistory(Stream):
    name, resource, endpoint = "lifecycle_history", "lifecycle_records", "GET /bulk/people/lifecycle"
    deletes = True

    def read(self, ctx: SyncContext) -> AsyncGenerator[Batch, None]:
        return company.read_history(self, ctx, "lifecycle")


class SalaryHistory(Stream):
    name, resource, endpoint = "salary_history", "compensation_records", "GET /bulk/people/salaries"
    deletes = True

    def read(self, ctx: SyncContext) -> AsyncGenerator[Batch, None]:
        return company.read_history(self, ctx, "salaries")


class TimeOffPolicies(Stream):
    name, resource, endpoint = "time_off_policies", "time_off_policies", "GET /timeoff/policies"
    deletes = True

    def read(self, ctx: SyncContext) -> AsyncGenerator[Batch, None]:
        return company.read_policies(self, ctx)


class TimeOffChanges(Stream):
    name, resource, endpoint = "time_off_changes", "time_off_requests", "GET /timeoff/requests/changes"
    cursor_field = "end of the last read"
    provides = ("changed_balances",)

    def read(self, ctx: SyncContext) -> AsyncGenerator[Batch, None]:
        return changelog.read_changes(self, ctx)


class TimeOffBalances(Stream):
    name, resource, endpoint = "time_off_balances", "time_off_balances", "GET /timeoff/employees/{id}/balance"

    def read(self, ctx: SyncContext) -> AsyncGenerator[Batch, None]:
        return timeoff.read_balances(self, ctx)


class Documents(Stream):
    name, resource, endpoint = "documents", "documents", "GET /docs/people/{id}"
    deletes = True

    def read(self, ctx: SyncContext) -> AsyncGenerator[Batch, None]:
        return documents.read_documents(self, ctx)


STREAMS: tuple[type[Stream], ...] = (
    CustomFields,
    Groups,
    Locations,
    People,
    WorkHistory,
    EmploymentHistory,
    LifecycleHistory,
    SalaryHistory,
    TimeOffPolicies,
    TimeOffChanges,
    TimeOffBalances,
    Documents,
)
