"""Time off of a generated company: policy types, policies, and two years of requests with their change log.

Costs come from `bobhub.sandbox.timeoff.measure`, the same function the routes use, and approved costs
stay within each calendar year's prorated allowance, so the balances the sandbox serves stay plausible.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from bobhub.sandbox.generation.dice import Weighted, between, one
from bobhub.sandbox.generation.people import DAY, Person
from bobhub.sandbox.model import (
    GARDEN_LEAVE,
    HIRED,
    LEAVE,
    PARENTAL_LEAVE,
    Company,
    Employee,
    Policy,
    PolicyType,
    TimeOffChange,
    TimeOffRequest,
)
from bobhub.sandbox.timeoff import granted_allowance, measure

HOLIDAY, SICK, PERSONAL, MEDICAL = "Holiday", "Sick", "Personal hours", "Medical appointment"
SICK_REASONS = ("Illness", "Injury", "Medical procedure", "Family member illness")
# (policy name, policy type, yearly allowance, approval required)
POLICIES = (
    ("Holiday UK", HOLIDAY, 25.0, True),
    ("Holiday US", HOLIDAY, 20.0, True),
    ("Holiday EU", HOLIDAY, 26.0, True),
    ("Holiday IL", HOLIDAY, 18.0, True),
    (SICK, SICK, 10.0, False),
    (PERSONAL, PERSONAL, 16.0, True),
    (MEDICAL, MEDICAL, 12.0, True),
)
KINDS = Weighted((HOLIDAY, SICK, PERSONAL, MEDICAL), (52, 16, 20, 12))
SICK_DAYS = Weighted((1, 2, 3, 5), (50, 25, 15, 10))
HOLIDAY_DAYS = Weighted((1, 2, 3, 5, 10), (25, 20, 20, 25, 10))
# (policy type, calendar year) → days or hours
MINUTE = dt.timedelta(minutes=1)
MONDAY = dt.date(2024, 1, 1)
Ledger = dict[tuple[str, int], float]
HISTORY_DAYS, FUTURE_DAYS, MEAN_GAP_DAYS = 730, 60, 28


def add_policies(company: Company) -> None:
    company.policy_types = {
        HOLIDAY: PolicyType(HOLIDAY, "days"),
        SICK: PolicyType(
            SICK,
            "days",
            reason_codes=[{"id": company.next_id(), "displayName": name} for name in SICK_REASONS],
        ),
        PERSONAL: PolicyType(PERSONAL, "hours"),
        # Private: only visible with "See who's out because of private policy".
        MEDICAL: PolicyType(MEDICAL, "hours", private=True),
    }
    for name, kind, allowance, approval in POLICIES:
        unit = company.policy_types[kind].unit
        description = f"{allowance:g} {unit} a year"
        company.policies[name] = Policy(name, kind, allowance, unit, description, approval_required=approval)


def add_time_off(rnd: random.Random, company: Company, people: list[Person]) -> None:
    """Policies for everyone, then each person's requests; the change log ends up sorted by time."""
    add_policies(company)
    booker = Booker(rnd, company)
    for p in people:
        employee = company.employees[p.id]
        employee.policies = {HOLIDAY: p.site.holiday_policy, SICK: SICK, PERSONAL: PERSONAL, MEDICAL: MEDICAL}
        booker.book(p, employee)
    company.changes.sort(key=lambda change: change.at)


@dataclass(slots=True)
class Booker:
    """Walks each person's working time, placing requests that never overlap."""

    rnd: random.Random
    company: Company
    cutoff: dt.datetime = field(init=False)  # nothing in the generated past happens after this moment
    # measure() only depends on the start weekday and the span (no holiday calendars), so its results
    # are shared between requests of the same shape; this keeps 150,000 requests fast.
    measures: dict[tuple[Any, ...], tuple[float, float]] = field(default_factory=dict)
    # An empty snapshot renders from the request itself; the generated past never changes the columns a
    # change item shows, so that is what HiBob recorded at the time. One shared (read-only) empty dict
    # instead of one per change saves ~200 MB at 100,000 employees.
    no_snapshot: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.cutoff = dt.datetime.combine(self.company.today, dt.time()) - dt.timedelta(minutes=1)

    def book(self, p: Person, employee: Employee) -> None:
        today = self.company.today
        first = max(p.start + 7 * DAY, today - HISTORY_DAYS * DAY)
        last = today + FUTURE_DAYS * DAY
        if p.termination is not None:
            last = min(last, p.termination - DAY)
        if p.status in (LEAVE, PARENTAL_LEAVE, GARDEN_LEAVE):
            last = min(last, p.status_start - DAY)
        if p.status == HIRED or last <= first:
            return
        blocked = _leave_periods(employee)
        taken: dict[tuple[str, int], float] = defaultdict(float)
        budgets: dict[tuple[str, int], float] = {}
        cursor, rnd = first, self.rnd
        while True:
            cursor += DAY * (1 + int(-math.log(1.0 - rnd.random()) * MEAN_GAP_DAYS))
            weekday = cursor.weekday()
            if weekday >= 5:
                cursor += DAY * (7 - weekday)
            if cursor > last:
                return
            kind = KINDS.pick(rnd)
            request = self._draft(p, HOLIDAY if kind == SICK and cursor > today else kind, cursor)
            if request.end_date > last or blocked and _overlaps(blocked, cursor, request.end_date):
                continue
            self._decide(p, employee, request, (taken, budgets))
            cursor = request.end_date

    def _draft(self, p: Person, kind: str, start: dt.date) -> TimeOffRequest:
        rnd = self.rnd
        request = TimeOffRequest(0, p.id, kind, "days", start, start, "approved", self.cutoff)
        policy_type = self.company.policy_types[kind]
        request.unit, request.private = policy_type.unit, policy_type.private
        if kind in (PERSONAL, MEDICAL):
            request.range_type = "hours"
            request.hours, request.minutes = (
                between(rnd, 1, 4 if kind == PERSONAL else 3),
                one(rnd, (0, 0, 15, 30)),
            )
        elif kind == SICK:
            request.end_date = _add_workdays(start, SICK_DAYS.pick(rnd))
            request.reason_code = one(rnd, policy_type.reason_codes)["id"]
        elif rnd.random() < 0.12:
            request.range_type, request.day_portion = "portionOnRange", one(rnd, ("morning", "afternoon"))
            request.end_date = _add_workdays(start, one(rnd, (1, 1, 2)))
        else:
            request.end_date = _add_workdays(start, HOLIDAY_DAYS.pick(rnd))
            if rnd.random() < 0.1 and request.end_date > start:
                request.start_portion = "afternoon"
            elif rnd.random() < 0.1 and request.end_date > start:
                request.end_portion = "morning"
        request.duration, request.cost = self._measure(request)
        return request

    def _measure(self, r: TimeOffRequest) -> tuple[float, float]:
        weekday, span = r.start_date.weekday(), (r.end_date - r.start_date).days
        key = (r.unit, r.range_type, weekday, span, r.start_portion, r.end_portion, r.hours, r.minutes)
        if key not in self.measures:
            start = MONDAY + DAY * weekday
            self.measures[key] = measure(
                r.unit,
                r.range_type,
                start,
                start + DAY * span,
                start_portion=r.start_portion,
                end_portion=r.end_portion,
                hours=r.hours,
                minutes=r.minutes,
            )
        return self.measures[key]

    def _budget(self, employee: Employee, kind: str, year: int) -> float:
        policy = self.company.policies[employee.policies[kind]]
        return granted_allowance(policy, employee, dt.date(year, 12, 31))[0]

    def _decide(
        self, p: Person, employee: Employee, request: TimeOffRequest, ledger: tuple[Ledger, Ledger]
    ) -> None:
        """Pick the request's fate (approved, pending, declined, canceled or edited) and log its changes."""
        rnd, today = self.rnd, self.company.today
        key = (request.policy_type, request.start_date.year)
        future = request.start_date > today
        roll = rnd.random()
        taken, budgets = ledger
        approval = self.company.policies[employee.policies[request.policy_type]].approval_required
        if approval and (
            future and roll < 0.35 or not future and roll < 0.01 and (today - request.start_date).days < 14
        ):
            fate = "pending"
        elif approval and roll > 0.96:
            fate = "declined"
        elif roll > 0.93:
            fate = "canceled"
        elif roll > 0.9 and request.range_type == "days" and request.end_date > request.start_date:
            fate = "edited"
        else:
            fate = "approved"
        counts = fate in ("approved", "edited")
        if counts:
            if key not in budgets:
                budgets[key] = self._budget(employee, request.policy_type, key[1])
            if taken[key] + request.cost > budgets[key]:
                return
            taken[key] += request.cost
        self._store(p, request, fate, approval)

    def _times(self, request: TimeOffRequest) -> tuple[dt.datetime, dt.datetime]:
        """When the request was created and when someone acted on it (both before the cutoff)."""
        # Minutes since the start date's midnight; one datetime per moment keeps 150,000 requests fast.
        rnd = self.rnd
        days = between(rnd, 0, 2) if request.policy_type == SICK else -between(rnd, 2, 45)
        created = days * 1440 + between(rnd, 7 * 60, 19 * 60)
        created = min(created, self._minutes_to_cutoff(request.start_date) - between(rnd, 120, 4320))
        acted = min(created + between(rnd, 60, 2400), self._minutes_to_cutoff(request.start_date))
        midnight = dt.datetime(request.start_date.year, request.start_date.month, request.start_date.day)
        return midnight + created * MINUTE, midnight + acted * MINUTE

    def _minutes_to_cutoff(self, day: dt.date) -> int:
        return (self.company.today - day).days * 1440 - 1

    def _store(self, p: Person, request: TimeOffRequest, fate: str, approval: bool) -> None:
        company = self.company
        approver = p.manager.id if p.manager else p.id
        created, acted = self._times(request)
        request.id, request.created_on = company.next_id(), created
        company.requests[request.id] = request
        self._log(request, "Pending" if approval else "Created", created)
        if fate == "pending":
            request.status = "pending"
            return
        if fate == "declined":
            request.status, request.declined_by, request.declined_at = "declined", approver, acted
            request.decline_reason = "Team coverage is too low on these dates"
            return
        request.approved_by, request.approved_at = approver, acted
        if approval:
            self._log(request, "Created", acted)
        if fate == "canceled":
            request.status = "canceled"
            canceled_at = min(acted + between(self.rnd, 60, 12000) * MINUTE, self.cutoff)
            self._log(request, "Canceled", canceled_at)
        elif fate == "edited":
            self._replace(request, acted, approver)

    def _replace(self, original: TimeOffRequest, edited_at: dt.datetime, approver: str) -> None:
        """HiBob edits a request by canceling it and creating a linked copy with the new dates.

        The copy ends one working day earlier, so it stays inside the original's (already budgeted) span.
        """
        company = self.company
        end = original.end_date - DAY * (3 if original.end_date.weekday() == 0 else 1)
        copy = TimeOffRequest(company.next_id(), original.employee_id, original.policy_type, "days",
                              original.start_date, end, "approved", edited_at)  # fmt: skip
        copy.start_portion, copy.unit, copy.private = original.start_portion, original.unit, original.private
        copy.duration, copy.cost = self._measure(copy)
        copy.description = "Dates changed"
        copy.previous_request_id = original.id
        copy.original_request_id = original.original_request_id or original.id
        copy.approved_by, copy.approved_at = approver, edited_at
        original.status = "canceled"
        company.requests[copy.id] = copy
        self._log(original, "Canceled", edited_at, "Request edited")
        self._log(copy, "Created", edited_at)

    def _log(
        self, request: TimeOffRequest, change_type: str, at: dt.datetime, reason: str | None = None
    ) -> None:
        self.company.changes.append(TimeOffChange(at, change_type, request, self.no_snapshot, reason))


def _add_workdays(start: dt.date, count: int) -> dt.date:
    """The date of the `count`-th working day counting `start` (a weekday) as the first."""
    later = count - 1
    return start + DAY * (later + 2 * ((start.weekday() + later) // 5))


def _overlaps(periods: list[tuple[dt.date, dt.date]], start: dt.date, end: dt.date) -> bool:
    return any(a <= end and start <= b for a, b in periods)


def _leave_periods(employee: Employee) -> list[tuple[dt.date, dt.date]]:
    """Past leaves from the lifecycle table; nobody books time off while away."""
    periods = []
    for row in employee.tables.get("lifecycle", []):
        if row["status"] in ("Leave", "Parental leave"):
            end = row["endEffectiveDate"]
            periods.append((dt.date.fromisoformat(row["effectiveDate"]),
                            dt.date.fromisoformat(end) if end else dt.date.max))  # fmt: skip
    return periods
