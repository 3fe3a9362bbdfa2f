"""History tables (work, employment, lifecycle, salaries) of one planned person, in HiBob's table JSON.

The last row effective on or before today is the current one and always agrees with the person's
current field values; earlier rows tell a plausible story (promotions, transfers, raises, leaves).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from bobhub.sandbox.generation.dice import Weighted, between, one
from bobhub.sandbox.generation.lists import Lists
from bobhub.sandbox.generation.people import DAY, LEVEL_IC, Person
from bobhub.sandbox.generation.values import Salary, reports_to
from bobhub.sandbox.model import (
    EMPLOYED,
    GARDEN_LEAVE,
    HIRED,
    INACTIVE_STATUSES,
    LEAVE,
    PARENTAL_LEAVE,
    TERMINATED,
    Company,
)

# Lifecycle table rows show statuses by their display names; the field uses the lowercase machine value.
STATUS_LABEL = {
    HIRED: "Hired",
    EMPLOYED: "Employed",
    LEAVE: "Leave",
    PARENTAL_LEAVE: "Parental leave",
    GARDEN_LEAVE: "Garden leave",
    TERMINATED: "Terminated",
}

WORK_ROWS = Weighted((1, 2, 3, 4), (45, 30, 17, 8))
SALARY_ROWS = Weighted((1, 2, 3), (40, 35, 25))
CONTRACTS = Weighted(("Full-Time", "Part-Time", "Shifts"), (85, 10, 5))
EMPLOYMENT_TYPES = Weighted(("Permanent", "Temporary", "Contractor", "Apprentice"), (85, 5, 7, 3))


@dataclass(slots=True)
class TableMaker:
    """Builds the history tables; `admin` is who HiBob records as having made each change."""

    rnd: random.Random
    lists: Lists
    company: Company
    admin: Person

    def _rows(
        self, p: Person, entries: list[tuple[dt.date, dict[str, Any]]], reason: str
    ) -> list[dict[str, Any]]:
        """Adds the bookkeeping columns every historical table shares and marks the current row."""
        today = self.company.today
        # Assumption: before a future joiner's start date their first (future-dated) row counts as current,
        # so the current row always agrees with the fields, which already show the coming job.
        current = max((i for i, (eff, _) in enumerate(entries) if eff <= today), default=0)
        rows = []
        for i, (effective, columns) in enumerate(entries):
            # Assumption: endEffectiveDate is the last day the row was in force (the day before the next one).
            end = entries[i + 1][0] - DAY if i + 1 < len(entries) else None
            created = min(max(effective, p.created), today)
            change_reason = columns.pop("_reason", None) or columns.get("reason") or reason
            row = {
                "id": self.company.next_id(),
                "effectiveDate": effective.isoformat(),
                "endEffectiveDate": end.isoformat() if end else None,
                "activeEffectiveDate": effective.isoformat(),
                "isCurrent": i == current,
                "creationDate": created.isoformat(),
                "modificationDate": created.isoformat(),
                "canBeDeleted": i > 0,
                "change": {
                    "reason": change_reason,
                    "changedBy": self.admin.display_name,
                    "changedById": self.admin.id,
                },
                "customColumns": {},
                **columns,
            }
            rows.append(row)
        return rows

    def _cut_dates(self, p: Person, count: int) -> list[dt.date]:
        """`count` increasing effective dates from the start date to the last working day (or today)."""
        until = min(p.termination or self.company.today, self.company.today)
        span = (until - p.start).days
        if span < 60 or count <= 1:
            return [p.start]
        cuts = sorted(set(self.rnd.sample(range(30, span), min(count - 1, span - 30))))
        return [p.start, *(p.start + dt.timedelta(days=c) for c in cuts)]

    def work(self, p: Person) -> list[dict[str, Any]]:
        dates = self._cut_dates(p, WORK_ROWS.pick(self.rnd))
        site_id = int(self.lists.id("site", p.site.name))
        ic_titles = [self.lists.id("title", t) for t in p.family.titles] if p.family else [p.title]
        entries: list[tuple[dt.date, dict[str, Any]]] = []
        for i, effective in enumerate(dates):
            last = i == len(dates) - 1
            title = (
                p.title
                if last or p.level == LEVEL_IC and self.rnd.random() < 0.5
                else one(self.rnd, ic_titles)
            )
            change = "Promotion" if title != p.title or i == 0 else one(self.rnd, ("Transfer", "Role change"))
            entries.append(
                (
                    effective,
                    {
                        "title": title,
                        "department": p.department,
                        "site": p.site.name,
                        "siteId": site_id,
                        "reportsTo": reports_to(p.manager),
                        "workChangeType": self.lists.id("changeType", change) if i else None,
                        "reason": change if i else "New hire",
                    },
                )
            )
        return self._rows(p, entries, "New hire")

    def employment(self, p: Person) -> list[dict[str, Any]]:
        rnd, lid = self.rnd, self.lists.id
        contract = CONTRACTS.pick(rnd) if p.level == LEVEL_IC else "Full-Time"
        kind = EMPLOYMENT_TYPES.pick(rnd)
        kind = kind if p.level == LEVEL_IC else "Permanent"
        hourly = contract == "Shifts" or (p.level == LEVEL_IC and rnd.random() < 0.04)
        fte = 100 if contract != "Part-Time" else one(rnd, (50, 60, 80))
        columns = {
            "contract": lid("payrollEmploymentContract", contract),
            "type": lid("payrollEmploymentType", kind),
            "salaryPayType": lid("salaryPayType", "Hourly" if hourly else "Salaried"),
            "fte": fte,
            "weeklyHours": 40 * fte / 100,
            "flsaCode": lid("flsaCode", "Non-Exempt" if hourly else "Exempt")
            if p.site.country == "United States"
            else None,
        }
        dates = self._cut_dates(p, 2 if rnd.random() < 0.25 else 1)
        entries = [(dates[-1], dict(columns, reason="Contract change" if len(dates) > 1 else "New hire"))]
        if len(dates) > 1:
            earlier = dict(columns, reason="New hire", type=lid("payrollEmploymentType", "Temporary"))
            entries.insert(0, (dates[0], earlier))
        return self._rows(p, entries, "New hire")

    def salaries(self, p: Person, salary: Salary) -> list[dict[str, Any]]:
        dates = self._cut_dates(p, SALARY_ROWS.pick(self.rnd))
        frequency = (
            one(self.rnd, ("Monthly", "Bi-Weekly", "Semi Monthly")) if salary.currency == "USD" else "Monthly"
        )
        values = [salary.value]
        for _ in dates[1:]:
            values.insert(0, int(values[0] / self.rnd.uniform(1.03, 1.12)))
        entries = [
            (
                effective,
                {
                    "base": {"value": value, "currency": salary.currency},
                    "payPeriod": salary.period,
                    "payFrequency": frequency,
                    "reason": "New hire" if i == 0 else "Annual review",
                    "workChangeType": None,
                },
            )
            for i, (effective, value) in enumerate(zip(dates, values, strict=True))
        ]
        return self._rows(p, entries, "Salary change")

    def lifecycle(self, p: Person) -> list[dict[str, Any]]:
        steps = self._lifecycle_steps(p)
        entries = [
            (
                effective,
                {
                    "status": STATUS_LABEL[status],
                    "employeeStatus": "Inactive" if status in INACTIVE_STATUSES else "Active",
                    "reasonType": self.lists.id("lifecycleReasonType", reason),
                    "leaveReason": reason if status in (LEAVE, PARENTAL_LEAVE) else None,
                    "workChangeType": None,
                    "_reason": reason,
                },
            )
            for effective, status, reason in steps
        ]
        rows = self._rows(p, entries, "New hire")
        p.status_start = next(dt.date.fromisoformat(r["effectiveDate"]) for r in rows if r["isCurrent"])
        return rows

    def _lifecycle_steps(self, p: Person) -> list[tuple[dt.date, str, str]]:
        """(effective date, status, lifecycleReasonType value) in time order, ending at the current status."""
        steps: list[tuple[dt.date, str, str]] = []
        if p.created < p.start:
            steps.append((p.created, HIRED, "New hire"))
        if p.status == HIRED:
            return steps or [(p.created, HIRED, "New hire")]
        steps.append((p.start, EMPLOYED, "New hire"))
        settled = self.company.today if p.status == EMPLOYED else min(p.status_start, self.company.today)
        leave_window_end = settled - 60 * DAY
        if (leave_window_end - p.start).days > 180 and self.rnd.random() < 0.15:
            begin = p.start + dt.timedelta(days=between(self.rnd, 60, (leave_window_end - p.start).days))
            kind, reason = one(
                self.rnd, ((LEAVE, "Sick leave"), (LEAVE, "Sabbatical"), (PARENTAL_LEAVE, "Parental leave"))
            )
            steps.append((begin, kind, reason))
            steps.append(
                (begin + dt.timedelta(days=between(self.rnd, 14, 55)), EMPLOYED, "Return from leave")
            )
        if p.status in (LEAVE, PARENTAL_LEAVE):
            reason = (
                "Parental leave"
                if p.status == PARENTAL_LEAVE
                else one(self.rnd, ("Sick leave", "Sabbatical"))
            )
            steps.append((p.status_start, p.status, reason))
        elif p.status in (GARDEN_LEAVE, TERMINATED) and p.termination is not None:
            ending = one(self.rnd, ("Resignation", "Dismissal", "Redundancy", "End of contract"))
            if p.status == GARDEN_LEAVE:
                steps.append((p.status_start, GARDEN_LEAVE, "Notice period"))
            steps.append((p.termination, TERMINATED, ending))
        return steps
