"""Who works at the generated company: names, lifecycle statuses, dates, departments and the manager tree.

A `Person` is the generator's plan for one employee; field values and history tables are derived from it.
Faker is slow per call, so names and streets come from small pools drawn once per company.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections import defaultdict
from dataclasses import dataclass, field

from faker import Faker

from bobhub.sandbox.generation.dice import Weighted, between, one
from bobhub.sandbox.generation.lists import CEO_TITLE, EXECUTIVE, FAMILIES, SITES, Family, Lists, Site
from bobhub.sandbox.model import (
    EMPLOYED,
    GARDEN_LEAVE,
    HIRED,
    LEAVE,
    PARENTAL_LEAVE,
    TERMINATED,
)

# Roughly what a mid-size HiBob tenant looks like once a few years of leavers have piled up.
STATUS_WEIGHTS = {EMPLOYED: 78, LEAVE: 3, PARENTAL_LEAVE: 2, GARDEN_LEAVE: 1, HIRED: 4, TERMINATED: 12}
TEAM_FANOUT = 6  # direct reports per team lead inside a department
LEVEL_CEO, LEVEL_HEAD, LEVEL_LEAD, LEVEL_IC = 0, 1, 2, 3
DAY = dt.timedelta(days=1)
GENDERS = Weighted((0, 1, 2), (49, 49, 2))


@dataclass(slots=True)
class Pools:
    """Names, streets and texts drawn once from a seeded Faker, then picked from with `random`."""

    female: list[str]
    male: list[str]
    surnames: list[str]
    streets: list[str]
    sentences: list[str]
    company_name: str

    @classmethod
    def draw(cls, seed: int, size: int) -> Pools:
        fake = Faker("en_US")
        fake.seed_instance(seed)
        return cls(
            female=[fake.first_name_female() for _ in range(size)],
            male=[fake.first_name_male() for _ in range(size)],
            surnames=[fake.last_name() for _ in range(size)],
            streets=[fake.street_name() for _ in range(size // 4 + 1)],
            sentences=[fake.paragraph(nb_sentences=2) for _ in range(50)],
            company_name=str(fake.company()),
        )


@dataclass(slots=True, eq=False)
class Person:
    """The plan of one employee; `status_start` is when the current lifecycle status began."""

    index: int
    id: str
    status: str
    gender: int  # 0 female, 1 male, 2 non-binary
    first: str
    last: str
    site: Site
    start: dt.date
    status_start: dt.date
    created: dt.date
    termination: dt.date | None = None
    email: str = ""
    family: Family | None = None
    department: str = ""  # department list item id
    title: str = ""  # title list item id
    level: int = LEVEL_IC
    manager: Person | None = None
    reports: list[Person] = field(default_factory=list)

    @property
    def display_name(self) -> str:
        return f"{self.first} {self.last}"


@dataclass(slots=True)
class Timeline:
    """The company's key dates: founded, when it started using HiBob, and today."""

    founded: dt.date
    adopted: dt.date
    today: dt.date

    def days_between(self, rnd: random.Random, low: dt.date, high: dt.date) -> dt.date:
        span = (high - low).days
        return low + dt.timedelta(days=between(rnd, 0, max(span, 0)))


def plan_people(rnd: random.Random, pools: Pools, count: int, timeline: Timeline) -> list[Person]:
    """Everyone's identity and lifecycle; the CEO is first and always employed."""
    status_dice = Weighted.of(STATUS_WEIGHTS)
    site_dice = Weighted(SITES, [s.weight for s in SITES])
    used_ids: set[str] = set()
    people = []
    for index in range(count):
        status = EMPLOYED if index == 0 else status_dice.pick(rnd)
        gender = GENDERS.pick(rnd)
        first = one(rnd, pools.male if gender == 1 else pools.female)
        person_id = _hibob_id(rnd, used_ids)
        site = site_dice.pick(rnd)
        person = Person(index, person_id, status, gender, first, one(rnd, pools.surnames), site,
                        timeline.today, timeline.today, timeline.today)  # fmt: skip
        _plan_dates(rnd, person, timeline, ceo=index == 0)
        people.append(person)
    return people


def _hibob_id(rnd: random.Random, used: set[str]) -> str:
    # HiBob employee ids are 19-digit numbers serialised as strings ("3332883884017714448").
    while (candidate := str(10**18 + rnd.getrandbits(64) % (9 * 10**18))) in used:
        pass
    used.add(candidate)
    return candidate


def _plan_dates(rnd: random.Random, p: Person, t: Timeline, *, ceo: bool) -> None:
    today = t.today
    history = (today - t.founded).days
    if ceo:
        p.start = t.founded
    elif p.status == HIRED:
        p.start = today + dt.timedelta(days=between(rnd, 1, 75))
    else:
        # Companies grow: most people joined recently, so the draw leans towards today.
        back = int(history * rnd.random() ** (0.9 if p.status == TERMINATED else 1.7))
        p.start = min(today - dt.timedelta(days=max(back, 35)), today - 35 * DAY)
    p.status_start = p.start
    if p.status == TERMINATED:
        p.termination = t.days_between(rnd, max(p.start + 30 * DAY, today - 3 * 365 * DAY), today - DAY)
        p.status_start = p.termination
    elif p.status == GARDEN_LEAVE:
        p.status_start = t.days_between(rnd, max(p.start, today - 40 * DAY), today)
        p.termination = today + dt.timedelta(days=between(rnd, 1, 60))
    elif p.status in (LEAVE, PARENTAL_LEAVE):
        longest = 300 if p.status == PARENTAL_LEAVE else 120
        p.status_start = t.days_between(rnd, max(p.start + DAY, today - longest * DAY), today)
    p.created = _creation_date(rnd, p, t)


def _creation_date(rnd: random.Random, p: Person, t: Timeline) -> dt.date:
    if p.status == HIRED:
        return t.today - dt.timedelta(days=between(rnd, 1, 30))
    # People who joined before the company adopted HiBob were all imported on the adoption day.
    return max(p.start - dt.timedelta(days=between(rnd, 5, 40)), t.adopted)


def assign_emails(people: list[Person], domain: str) -> None:
    used: set[str] = set()
    for p in people:
        base = re.sub(r"[^a-z0-9.]", "", f"{p.first}.{p.last}".lower())
        email, n = f"{base}@{domain}", 1
        while email in used:
            n += 1
            email = f"{base}{n}@{domain}"
        used.add(email)
        p.email = email


def build_org(rnd: random.Random, people: list[Person], lists: Lists) -> None:
    """Departments, titles and the manager tree: CEO → department heads → team trees of TEAM_FANOUT."""
    ceo, rest = people[0], people[1:]
    ceo.level, ceo.department, ceo.title = (
        LEVEL_CEO,
        lists.id("department", EXECUTIVE),
        lists.id("title", CEO_TITLE),
    )
    families = FAMILIES[: max(1, min(len(FAMILIES), len(rest) // 8))]
    heads = rest[: len(families)]
    for head, family in zip(heads, families, strict=False):
        _make_present(head, lists.company.today)
        head.level, head.family, head.manager = LEVEL_HEAD, family, ceo
        head.department, head.title = lists.id("department", family.name), lists.id("title", family.head)
    teams: dict[str, list[Person]] = defaultdict(list)
    leaves = {f.name: _leaf_departments(lists, f) for f in families}
    family_dice = Weighted(families, [f.weight for f in families])
    for p in rest[len(heads) :]:
        p.family = family_dice.pick(rnd)
        p.department = one(rnd, leaves[p.family.name])
        teams[p.department].append(p)
    head_of = {f.name: h for h, f in zip(heads, families, strict=False)}
    for members in teams.values():
        _build_team(rnd, members, head_of, lists)
    for p in people:
        if p.manager is not None:
            p.manager.reports.append(p)


def _leaf_departments(lists: Lists, family: Family) -> list[str]:
    """Ids of the family's departments that have no children (where the teams sit)."""
    named = lists.company.lists["department"]
    top = named.by_id[lists.id("department", family.name)]
    found: list[str] = []
    stack = list(top.children)
    while stack:
        item = stack.pop(0)
        if item.children:
            stack.extend(item.children)
        else:
            found.append(item.id)
    return found


_RANK = {EMPLOYED: 0, LEAVE: 1, PARENTAL_LEAVE: 1, GARDEN_LEAVE: 2, HIRED: 3, TERMINATED: 3}


def _build_team(rnd: random.Random, members: list[Person], head_of: dict[str, Person], lists: Lists) -> None:
    # Present people come first so that team leads (the tree's inner nodes) are people who are at work.
    members.sort(key=lambda p: (_RANK[p.status], p.index))
    family = members[0].family
    assert family is not None
    lead_title = lists.id("title", family.lead)
    ic_titles = [lists.id("title", t) for t in family.titles]
    for k, p in enumerate(members):
        p.manager = head_of[family.name] if k == 0 else members[(k - 1) // TEAM_FANOUT]
        is_lead = k * TEAM_FANOUT + 1 < len(members)
        if is_lead and p.status in (HIRED, TERMINATED, GARDEN_LEAVE):
            _make_present(p, lists.company.today)
        p.level = LEVEL_LEAD if is_lead else LEVEL_IC
        p.title = lead_title if is_lead else one(rnd, ic_titles)


def ensure_every_status(rnd: random.Random, people: list[Person], timeline: Timeline) -> None:
    """Small companies still show every lifecycle status: a missing one goes to someone without reports."""
    present = {p.status for p in people}
    spare = [p for p in people if p.status == EMPLOYED and not p.reports and p.level == LEVEL_IC]
    for status in STATUS_WEIGHTS:
        if status not in present and spare:
            person = spare.pop()
            person.status = status
            _plan_dates(rnd, person, timeline, ceo=False)


def _make_present(p: Person, today: dt.date) -> None:
    """Turn a drawn leaver or future joiner into an employed person (managers are at work)."""
    p.status, p.termination = EMPLOYED, None
    p.start = min(p.start, today - 60 * DAY)
    p.status_start = p.start
    p.created = min(p.created, p.start)
