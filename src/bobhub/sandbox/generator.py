"""The seeded company generator: one call builds a whole simulated HiBob tenant in memory.

Everything random comes from one `random.Random(seed)` (Faker, seeded the same way, only fills small name
pools), so the same seed and `today` always give the same company, down to every id.
"""

from __future__ import annotations

import copy
import datetime as dt
import gc
import random
import re

from bobhub.sandbox.fields import CATEGORIES, FIELDS
from bobhub.sandbox.generation.dice import between
from bobhub.sandbox.generation.extras import add_documents, add_folders, add_reports, add_tasks
from bobhub.sandbox.generation.lists import Lists
from bobhub.sandbox.generation.optional_tables import OptionalTables
from bobhub.sandbox.generation.people import (
    Person,
    Pools,
    Timeline,
    assign_emails,
    build_org,
    ensure_every_status,
    plan_people,
)
from bobhub.sandbox.generation.tables import TableMaker
from bobhub.sandbox.generation.timeoff import add_time_off
from bobhub.sandbox.generation.values import ValueMaker, current_salary
from bobhub.sandbox.model import Company, Employee

# Beyond this many employees the name pools stop growing; repeats are fine (emails stay unique).
MAX_POOL = 2000


def generate_company(company_id: int, *, employees: int, seed: int, today: dt.date) -> Company:
    """A company of `employees` people (at least one) with lists, history, time off, documents and tasks."""
    # Millions of small objects that all stay alive: the cyclic collector would rescan them over and
    # over (a third of the run) without ever freeing one, so it pauses while the company is built.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _generate(company_id, employees, seed, today)
    finally:
        if collecting:
            gc.enable()


def _generate(company_id: int, employees: int, seed: int, today: dt.date) -> Company:
    rnd = random.Random(seed)
    pools = Pools.draw(seed, min(MAX_POOL, max(100, employees)))
    company = Company(id=company_id, name=pools.company_name, seed=seed, today=today)
    company.categories = {c.id: copy.copy(c) for c in CATEGORIES}
    company.fields = {f.id: copy.copy(f) for f in FIELDS}
    lists = Lists(company)
    lists.build()
    people = _plan(rnd, pools, lists, max(employees, 1), today)
    _add_employees(rnd, company, lists, pools, people)
    add_time_off(rnd, company, people)
    add_folders(company)
    add_documents(rnd, company, people)
    add_tasks(rnd, company, people)
    add_reports(company, people[0])
    return company


def _plan(rnd: random.Random, pools: Pools, lists: Lists, count: int, today: dt.date) -> list[Person]:
    founded = today - dt.timedelta(days=between(rnd, 8 * 365, 14 * 365))
    adopted = today - dt.timedelta(days=between(rnd, 4 * 365, 6 * 365))
    timeline = Timeline(founded, adopted, today)
    people = plan_people(rnd, pools, count, timeline)
    assign_emails(people, _domain(pools.company_name))
    build_org(rnd, people, lists)
    ensure_every_status(rnd, people, timeline)
    return people


def _domain(company_name: str) -> str:
    words = re.findall(r"[a-z]+", company_name.lower())
    core = "".join(w for w in words if w not in {"and", "inc", "llc", "ltd", "group", "plc", "sons"})
    return f"{core or 'company'}.com"


def _add_employees(
    rnd: random.Random, company: Company, lists: Lists, pools: Pools, people: list[Person]
) -> None:
    admin = next((p for p in people if p.family and p.family.name == "People"), people[0])
    tables = TableMaker(rnd, lists, company, admin)
    values = ValueMaker(rnd, lists, pools, company.id, company.today)
    optional = OptionalTables(rnd, company, lists, admin)
    for p in people:
        employment = tables.employment(p)
        current = next(r for r in employment if r["isCurrent"])
        hourly = company.lists["salaryPayType"].by_id[current["salaryPayType"]].value == "Hourly"
        salary = current_salary(rnd, p, hourly)
        history = {
            "lifecycle": tables.lifecycle(p),
            "work": tables.work(p),
            "employment": employment,
            "salaries": tables.salaries(p, salary),
        }
        employee = Employee(p.id, values.values(p, current, salary), history)
        employee.values["work.activeEffectiveDate"] = next(
            r["effectiveDate"] for r in history["work"] if r["isCurrent"]
        )
        employee.tables.update(optional.tables(p, employee.values, salary))
        employee.avatar_url = employee.values.get("root.avatarUrl")
        company.add_employee(employee)
