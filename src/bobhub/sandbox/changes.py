"""Deterministic HR changes for the admin API: hires, field updates, terminations and time-off requests.

The random generator is seeded from the company's seed and its current state (head count, change-log
length, edits so far), so the same company in the same state always gets the same changes, while
repeated calls keep producing new ones. Every change fires the webhook HiBob would send.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field
from typing import Any

from bobhub.sandbox.errors import HiBobHTTPError
from bobhub.sandbox.fields import LAPTOP_BUDGET, LAPTOP_MODEL
from bobhub.sandbox.generation.lists import FAMILIES, SITES, Lists, Site
from bobhub.sandbox.generation.people import Person, Pools
from bobhub.sandbox.generation.tables import STATUS_LABEL, TableMaker
from bobhub.sandbox.generation.values import LAPTOPS, ValueMaker, current_salary, tenure
from bobhub.sandbox.history import settle
from bobhub.sandbox.model import EMPLOYED, HIRED, TERMINATED, Company, Employee, TimeOffRequest
from bobhub.sandbox.state import Sandbox
from bobhub.sandbox.timeoff import event_data, submit_request

DAY = dt.timedelta(days=1)
UPDATE_KINDS = ("title", "home", "custom", "address")
ENDINGS = ("Resignation", "Dismissal", "Redundancy", "End of contract")


def apply_changes(
    sandbox: Sandbox,
    company: Company,
    *,
    hire: int,
    update: int,
    terminate: int,
    time_off: int,
    now: dt.datetime,
    base_url: str = "",
) -> dict[str, Any]:
    """Apply that many changes of each kind; returns the affected employee and request ids.

    `base_url` is the sandbox's own URL, used in the `getApi` link of time-off webhooks.
    """
    run = Run(sandbox, company, seeded_random(company), company.today, now, base_url)
    hired = [run.hire() for _ in range(hire)]
    untouchable = {*hired, *run.first_employee()}
    updated = [run.update(e) for e in run.pick(run.active(), update, untouchable)]
    untouchable.update(updated)
    leavers = [
        e for e in run.active() if e.lifecycle_status == EMPLOYED and not e.values.get("work.isManager")
    ]
    terminated = [run.terminate(e) for e in run.pick(leavers, terminate, untouchable)]
    bookable = [e for e in run.active() if e.lifecycle_status == EMPLOYED and e.policies]
    requests = [run.book(e) for e in run.pick(bookable, time_off, set(terminated))]
    return {
        "hired": hired,
        "updated": updated,
        "terminated": terminated,
        "time_off": [r.id for r in requests if r is not None],
    }


def seeded_random(company: Company) -> random.Random:
    edits = sum(e.version for e in company.employees.values())
    return random.Random(f"changes:{company.seed}:{len(company.employees)}:{len(company.changes)}:{edits}")


def person_from(employee: Employee, site: Site) -> Person:
    """The generator's plan of an existing employee, enough to reference them (as a manager or admin)."""
    values = employee.values
    start = dt.date.fromisoformat(str(values.get("work.startDate") or "2000-01-01"))
    name = (str(values.get("root.firstName") or ""), str(values.get("root.surname") or ""))
    index = int(values.get("work.employeeIdInCompany") or 1) - 1
    person = Person(index, employee.id, employee.lifecycle_status, 0, *name, site, start, start, start)
    person.email = employee.email
    return person


def site_named(name: Any) -> Site:
    return next((s for s in SITES if s.name == name), SITES[0])


@dataclass(slots=True)
class Run:
    """One admin call's worth of changes over one company."""

    sandbox: Sandbox
    company: Company
    rnd: random.Random
    today: dt.date
    now: dt.datetime
    base_url: str
    lists: Lists = field(init=False)
    _pools: Pools | None = None
    _next_index: int = 0
    _booked: dict[str, list[TimeOffRequest]] | None = None
    _peers: list[Employee] | None = None

    def __post_init__(self) -> None:
        self.lists = Lists(self.company)

    def emit(self, event_type: str, data: dict[str, Any]) -> None:
        self.sandbox.webhooks.emit(self.company, event_type, data)

    def first_employee(self) -> list[str]:
        """The CEO (the generator's first employee) is never changed."""
        return [next(iter(self.company.employees))] if self.company.employees else []

    def active(self) -> list[Employee]:
        return [e for e in self.company.employees.values() if e.active]

    def pick(self, candidates: list[Employee], count: int, exclude: set[str]) -> list[Employee]:
        pool = [e for e in candidates if e.id not in exclude]
        return self.rnd.sample(pool, min(count, len(pool)))

    def admin(self) -> Person:
        """Who HiBob records as having made the change: the generated HR admin, else the CEO."""
        ceo = self.company.employees[self.first_employee()[0]]
        rows = ceo.tables.get("work") or [{}]
        admin_id = rows[0].get("change", {}).get("changedById", ceo.id)
        admin = self.company.employees.get(admin_id, ceo)
        return person_from(admin, site_named(admin.values.get("work.site")))

    def pools(self) -> Pools:
        if self._pools is None:
            self._pools = Pools.draw(self.company.seed + len(self.company.employees), 100)
            self._next_index = max(
                (int(e.values.get("work.employeeIdInCompany") or 0) for e in self.company.employees.values()),
                default=0,
            )
        return self._pools

    def hire(self) -> str:
        """A new employee planned like the generator's: all fields, history tables and policies."""
        person, peer = self.plan_hire()
        tables = TableMaker(self.rnd, self.lists, self.company, self.admin())
        values = ValueMaker(self.rnd, self.lists, self.pools(), self.company.id, self.today)
        employment = tables.employment(person)
        current = next(r for r in employment if r["isCurrent"])
        hourly = self.company.list_label("salaryPayType", current["salaryPayType"]) == "Hourly"
        salary = current_salary(self.rnd, person, hourly)
        history = {
            "lifecycle": tables.lifecycle(person),
            "work": tables.work(person),
            "employment": employment,
            "salaries": tables.salaries(person, salary),
        }
        employee = Employee(person.id, values.values(person, current, salary), history)
        employee.values["work.activeEffectiveDate"] = next(r for r in history["work"] if r["isCurrent"])[
            "effectiveDate"
        ]
        employee.avatar_url = employee.values.get("root.avatarUrl")
        employee.policies = dict(peer.policies)
        self.company.add_employee(employee)
        self.emit("employee.created", {"employeeId": employee.id})
        return employee.id

    def plan_hire(self) -> tuple[Person, Employee]:
        """A joiner in a colleague's team: same department, manager, site and time-off policies."""
        pools, rnd = self.pools(), self.rnd
        peer = rnd.choice(self.peers())
        site = site_named(peer.values.get("work.site"))
        gender = rnd.choices((0, 1, 2), (49, 49, 2))[0]
        status = rnd.choice((HIRED, EMPLOYED))
        start = self.today + (rnd.randint(1, 45) * DAY if status == HIRED else dt.timedelta())
        first = rnd.choice(pools.male if gender == 1 else pools.female)
        self._next_index += 1
        since = start if status == EMPLOYED else self.today
        last = rnd.choice(pools.surnames)
        index = self._next_index - 1
        person = Person(index, self.new_id(), status, gender, first, last, site, start, since, self.today)
        person.email = self.new_email(person, peer.email.partition("@")[2] or "example.com")
        person.department = str(peer.values.get("work.department") or "")
        person.title = self.hire_title(person.department, str(peer.values.get("work.title") or ""))
        manager = self.manager_of(peer)
        if manager is not None:
            person.manager = person_from(manager, site_named(manager.values.get("work.site")))
            second = self.manager_of(manager)
            if second is not None:
                person.manager.manager = person_from(second, site_named(second.values.get("work.site")))
        return person, peer

    def peers(self) -> list[Employee]:
        """Who a joiner can be placed next to: employed people with an active manager (anyone active else)."""
        if self._peers is None:
            active = self.active()
            self._peers = [
                e for e in active if e.lifecycle_status == EMPLOYED and self.manager_of(e)
            ] or active
        return self._peers

    def manager_of(self, employee: Employee) -> Employee | None:
        manager = self.company.employees.get(str(employee.values.get("work.manager") or ""))
        return manager if manager is not None and manager.active else None

    def new_id(self) -> str:
        # HiBob employee ids are 19-digit numbers serialised as strings.
        while (candidate := str(self.rnd.randrange(10**18, 10**19))) in self.company.employees:
            pass
        return candidate

    def new_email(self, person: Person, domain: str) -> str:
        base = re.sub(r"[^a-z0-9.]", "", f"{person.first}.{person.last}".lower())
        email, n = f"{base}@{domain}", 1
        while email.lower() in self.company.by_email:
            n += 1
            email = f"{base}{n}@{domain}"
        return email

    def hire_title(self, department_id: str, fallback: str) -> str:
        """An individual-contributor title of the department's family (the peer's title otherwise)."""
        named = self.company.lists.get("department")
        item = named.by_id.get(department_id) if named else None
        while item is not None and item.parent_id and named is not None:
            item = named.by_id.get(item.parent_id)
        family = next((f for f in FAMILIES if item is not None and f.name == item.value), None)
        if family is None:
            return fallback
        title = self.company.lists["title"].find_value(self.rnd.choice(family.titles))
        return title.id if title is not None else fallback

    def update(self, employee: Employee) -> str:
        """One edit HR might make: a new job title, a home or address detail, or custom fields."""
        kind = self.rnd.choice(UPDATE_KINDS)
        values, rnd = employee.values, self.rnd
        if kind == "title":
            changed = [self.retitle(employee)]
        elif kind == "home":
            choices = [i for i in self.lists.ids("familyStatus") if i != values.get("home.familyStatus")]
            values["home.familyStatus"] = rnd.choice(choices)
            changed = ["home.familyStatus"]
        elif kind == "custom":
            values[LAPTOP_BUDGET] = rnd.choice(
                [b for b in (1500, 2000, 2500, 3000) if b != values.get(LAPTOP_BUDGET)]
            )
            values[LAPTOP_MODEL] = rnd.choice([m for m in LAPTOPS if m != values.get(LAPTOP_MODEL)])
            changed = [LAPTOP_BUDGET, LAPTOP_MODEL]
        else:
            values["address.line1"] = f"{rnd.randint(1, 250)} {rnd.choice(self.pools().streets)}"
            country = self.company.list_label("country", values.get("address.country"))
            parts = (values["address.line1"], values.get("address.line2"), values.get("address.city"),
                     values.get("address.postCode"), country)  # fmt: skip
            values["address.fullAddress"] = ", ".join(str(p) for p in parts if p)
            changed = ["address.line1"]
        employee.touch()
        self.emit("employee.updated", {"employeeId": employee.id, "fieldUpdates": changed})
        return employee.id

    def retitle(self, employee: Employee) -> str:
        """A promotion: a new work row effective today carrying the new title."""
        current_title = employee.values.get("work.title")
        title = self.rnd.choice([t for t in self.lists.ids("title") if t != current_title])
        rows = employee.tables.setdefault("work", [])
        current = next((r for r in rows if r.get("isCurrent")), rows[-1] if rows else {})
        columns = {k: v for k, v in current.items() if k not in BOOKKEEPING}
        columns.update(
            title=title, reason="Promotion", workChangeType=self.item_id("changeType", "Promotion")
        )
        self.add_row(employee, "work", columns, "Promotion")
        employee.values["work.title"] = title
        employee.values["work.activeEffectiveDate"] = self.today.isoformat()
        return "work.title"

    def item_id(self, list_name: str, value: str) -> str | None:
        """A live list item's id by value (None once an admin archived or renamed it)."""
        named = self.company.lists.get(list_name)
        found = named.find_value(value) if named else None
        return found.id if found else None

    def add_row(self, employee: Employee, table: str, columns: dict[str, Any], reason: str) -> None:
        """Add a history row effective today (replacing one already dated today) and settle the timeline."""
        rows = employee.tables.setdefault(table, [])
        today = self.today.isoformat()
        replaced = next((r for r in rows if r.get("effectiveDate") == today), None)
        admin = self.admin()
        row = {
            "id": replaced["id"] if replaced else self.company.next_id(),
            "effectiveDate": today,
            "endEffectiveDate": None,
            "activeEffectiveDate": today,
            "isCurrent": True,
            "creationDate": replaced["creationDate"] if replaced else today,
            "modificationDate": today,
            "canBeDeleted": True,
            "change": {"reason": reason, "changedBy": admin.display_name, "changedById": admin.id},
            "customColumns": {},
            **columns,
        }
        if replaced is not None:
            rows.remove(replaced)
        rows.append(row)
        settle(rows, self.today)
        event = "table.entry.updated" if replaced else "table.entry.created"
        self.emit(event, {"employeeId": employee.id, "tableId": table, "effectiveDate": today})

    def terminate(self, employee: Employee) -> str:
        """Terminate today: a Terminated lifecycle row and the internal.* fields HiBob fills."""
        rnd = self.rnd
        voluntary = rnd.random() < 0.7
        reasons = self.lists.ids("terminationReason")
        ending = "Resignation" if voluntary else rnd.choice(ENDINGS[1:])
        columns = {
            "status": STATUS_LABEL[TERMINATED],
            "employeeStatus": "Inactive",
            "reasonType": self.item_id("lifecycleReasonType", ending),
            "leaveReason": None,
            "workChangeType": None,
        }
        self.add_row(employee, "lifecycle", columns, ending)
        reason = rnd.choice(reasons[:3] if voluntary else reasons[3:] or reasons)
        kind = self.item_id("terminationType", "Voluntary" if voluntary else "Involuntary")
        start = dt.date.fromisoformat(str(employee.values.get("work.startDate") or self.today.isoformat()))
        employee.values.update(
            {
                "internal.lifecycleStatus": TERMINATED,
                "internal.status": "Inactive",
                "internal.terminationDate": self.today.isoformat(),
                "internal.currentActiveStatusStartDate": self.today.isoformat(),
                "internal.terminationReason": reason,
                "internal.terminationType": kind,
                "internal.notice": rnd.choice(("2 weeks", "1 month", "3 months")),
                "work.tenureDuration": tenure(start, self.today, self.today),
            }
        )
        employee.touch()
        self.emit("employee.left", {"employeeId": employee.id})
        return employee.id

    def booked(self) -> dict[str, list[TimeOffRequest]]:
        """Live requests by employee, so new requests never overlap old ones."""
        if self._booked is None:
            booked: dict[str, list[TimeOffRequest]] = {}
            for r in self.company.requests.values():
                if r.status in ("approved", "pending"):
                    # Not setdefault: an empty list per request would wake the garbage collector over
                    # the whole company.
                    bucket = booked.get(r.employee_id)
                    if bucket is None:
                        bucket = booked[r.employee_id] = []
                    bucket.append(r)
            self._booked = booked
        return self._booked

    def book(self, employee: Employee) -> TimeOffRequest | None:
        """An approved or pending request in the coming months, through the same code as the API's."""
        rnd = self.rnd
        for _ in range(5):
            policy_type = rnd.choice(sorted(employee.policies))
            kind = self.company.policy_types.get(policy_type)
            start = self.today + rnd.randint(1, 120) * DAY
            start += max(0, 7 - start.weekday()) * DAY if start.weekday() >= 5 else dt.timedelta()
            shape = self.shape(kind.unit if kind else "days", start)
            end = shape.pop("end")
            taken = self.booked().setdefault(employee.id, [])
            if any(r.start_date <= end and start <= r.end_date for r in taken):
                continue
            try:
                request = submit_request(
                    self.company, employee, policy_type, shape.pop("range_type"), start, end, now=self.now,
                    status=rnd.choice(("approved", "pending")), description="Booked in the sandbox",
                    approved_by=str(employee.values.get("work.manager") or "system"), **shape,
                )  # fmt: skip
            except HiBobHTTPError:
                continue
            taken.append(request)
            self.emit("timeoff.request.requested", event_data(request, self.base_url))
            return request
        return None

    def shape(self, unit: str, start: dt.date) -> dict[str, Any]:
        """The range type and its columns: hours for hour policies, whole or half days otherwise."""
        rnd = self.rnd
        if unit == "hours":
            return {
                "range_type": "hours",
                "end": start,
                "hours": rnd.randint(1, 8),
                "minutes": rnd.choice((0, 30)),
            }
        end = start + rnd.randint(0, 4) * DAY
        if rnd.random() < 0.2:
            return {
                "range_type": "portionOnRange",
                "end": end,
                "day_portion": rnd.choice(("morning", "afternoon")),
            }
        end_portion = rnd.choice(("all_day", "morning")) if end > start else "all_day"
        return {"range_type": "days", "end": end, "end_portion": end_portion}


# Columns every history row carries that a new row gets afresh.
BOOKKEEPING = frozenset(
    {"id", "effectiveDate", "endEffectiveDate", "activeEffectiveDate", "isCurrent", "creationDate",
     "modificationDate", "canBeDeleted", "change", "customColumns"}
)  # fmt: skip
