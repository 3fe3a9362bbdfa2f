"""The org chart of an account: who reports to whom, today or on a past day, as nested JSON or CSV rows.

Managers come from each employee's `manager_remote_id`, or with `as_of` from the work-history row in
effect that day. A manager who is not in the chart (not visible to the service user, deleted,
terminated) leaves the person at the top; so does a loop of managers, which HiBob data can hold
mid-reorganisation: the loop is cut at one of its members, so building the chart always ends.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bobhub.api.orgchart.schemas import CSV_COLUMNS
from bobhub.api.records.effective import in_effect, row_order
from bobhub.errors import NotFound
from bobhub.store import reads
from bobhub.store.reads import DEPARTMENT_PREFIX, StoredRow

TITLE_PREFIX = "title:"


@dataclass(slots=True)
class Person:
    id: str
    remote_id: str
    display_name: str | None
    job_title: str | None
    department: str | None
    work_email: str | None
    manager_remote_id: str | None


@dataclass(frozen=True, slots=True)
class Placed:
    """A person's place in the chart: depth, visible manager and the node it hangs under (if any)."""

    person: Person
    level: int
    manager: Person | None
    parent: Person | None


@dataclass
class Chart:
    as_of: dt.date | None
    root: Person | None
    placed: list[Placed] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        nodes: dict[str, dict[str, Any]] = {}
        tops: list[dict[str, Any]] = []
        for place in self.placed:
            person = place.person
            node: dict[str, Any] = {
                "id": person.id,
                "remote_id": person.remote_id,
                "display_name": person.display_name,
                "job_title": person.job_title,
                "department": person.department,
                "work_email": person.work_email,
                "manager_id": place.manager.id if place.manager else None,
                "reports": [],
            }
            nodes[person.remote_id] = node
            (nodes[place.parent.remote_id]["reports"] if place.parent else tops).append(node)
        return {
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "root": self.root.id if self.root else None,
            "nodes": tops,
        }

    def as_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for place in self.placed:
            p = place.person
            manager = place.manager.id if place.manager else None
            row = (p.id, p.remote_id, p.display_name, p.job_title, p.department, p.work_email, manager)
            writer.writerow([*row, p.manager_remote_id, place.level])
        return out.getvalue()


async def org_chart(
    session: AsyncSession, account_id: str, *, root: str | None = None, as_of: dt.date | None = None
) -> Chart:
    """The chart of the people employed today (or on `as_of`), whole or from `root` (either id) down."""
    if as_of is None:
        people = await current_people(session, account_id)
    else:
        people = await people_on(session, account_id, as_of)
    top = None
    if root is not None:
        top = next((p for p in people if root in (p.id, p.remote_id)), None)
        if top is None:
            raise NotFound(f"no employee {root!r} in this account's org chart")
    return Chart(as_of=as_of, root=top, placed=place(people, top))


def person_of(row: StoredRow) -> Person:
    return Person(
        id=row.id,
        remote_id=row.remote_id,
        display_name=row.display_name,
        job_title=row.job_title,
        department=row.department,
        work_email=row.work_email,
        manager_remote_id=row.manager_remote_id,
    )


async def current_people(session: AsyncSession, account_id: str) -> list[Person]:
    rows = await reads.chart_people(session, account_id)
    return [person_of(row) for row in rows if row.employment_status != "terminated"]


async def people_on(session: AsyncSession, account_id: str, as_of: dt.date) -> list[Person]:
    """People employed on the day, with the manager, title and department of their work row then."""
    day = as_of.isoformat()
    rows = [row for row in await reads.chart_people(session, account_id) if employed_on(row, day)]
    work: dict[str, list[StoredRow]] = defaultdict(list)
    for work_row in await reads.chart_work_rows(session, account_id):
        work[work_row.employee_remote_id].append(work_row)
    names = await reads.group_names(session, account_id, ("department", "title"))
    people = []
    for row in rows:
        person = person_of(row)
        entry = in_effect(sorted(work[row.remote_id], key=row_order), day)
        person.manager_remote_id = entry.manager_remote_id if entry is not None else None
        if entry is not None:
            person.job_title = names.get(f"{TITLE_PREFIX}{entry.job_title_remote_id}", person.job_title)
            person.department = names.get(
                f"{DEPARTMENT_PREFIX}{entry.department_remote_id}", person.department
            )
        people.append(person)
    return people


def employed_on(row: StoredRow, day: str) -> bool:
    started = not row.start_date or row.start_date[:10] <= day
    return started and (not row.termination_date or row.termination_date[:10] >= day)


def place(people: Sequence[Person], root: Person | None) -> list[Placed]:
    """Everyone in depth-first order under their tops (or only `root`'s tree), each exactly once."""
    by_remote = {p.remote_id: p for p in people}

    def manager_of(person: Person) -> Person | None:
        found = by_remote.get(person.manager_remote_id or "")
        return found if found is not person else None

    reports: dict[str, list[Person]] = defaultdict(list)
    for person in people:
        manager = manager_of(person)
        if manager is not None:
            reports[manager.remote_id].append(person)
    placed: list[Placed] = []
    seen: set[str] = set()

    def walk(top: Person) -> None:
        stack: list[tuple[Person, int, Person | None]] = [(top, 0, None)]
        while stack:
            person, level, parent = stack.pop()
            if person.remote_id in seen:
                continue
            seen.add(person.remote_id)
            placed.append(Placed(person, level, manager_of(person), parent))
            stack.extend((p, level + 1, person) for p in reversed(ordered(reports[person.remote_id])))

    if root is not None:
        walk(root)
        return placed
    for top in ordered(p for p in people if manager_of(p) is None):
        walk(top)
    while len(seen) < len(people):  # whoever is left sits in, or under, a loop of managers
        left = min((p for p in people if p.remote_id not in seen), key=lambda p: p.remote_id)
        walk(in_loop(left, manager_of))
    return placed


def in_loop(start: Person, manager_of: Callable[[Person], Person | None]) -> Person:
    """A member of the managers' loop above `start` (following managers must come back round)."""
    visited: set[str] = set()
    person = start
    while person.remote_id not in visited:
        visited.add(person.remote_id)
        above = manager_of(person)
        if above is None:  # not a loop after all: the chain ends, and its end is a top
            return person
        person = above
    return person


def ordered(people: Iterable[Person]) -> list[Person]:
    return sorted(people, key=lambda p: (p.display_name or "", p.remote_id))


def json_bytes(chart: Chart) -> bytes:
    return json.dumps(chart.as_json(), separators=(",", ":")).encode()
