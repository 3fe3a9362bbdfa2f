"""Document folders and documents, onboarding/offboarding tasks, and saved reports of a generated company."""

from __future__ import annotations

import datetime as dt
import random

from bobhub.sandbox.generation.dice import Weighted, between
from bobhub.sandbox.generation.people import DAY, Person
from bobhub.sandbox.model import HIRED, TERMINATED, Company, Document, Folder, Report, Task

# Folder ids are numeric in HiBob (the upload response's folderId is a number), built-in folders too.
SHARED, CONFIDENTIAL = "1720508400001", "1720508400002"
VISA_FOLDER = "1720508412001"
DOCUMENTS = (
    (SHARED, "Employee handbook acknowledgement.pdf"),
    (SHARED, "Code of conduct.pdf"),
    (SHARED, "Benefits overview.pdf"),
    (CONFIDENTIAL, "Employment contract.pdf"),
    (CONFIDENTIAL, "Offer letter.pdf"),
    (CONFIDENTIAL, "Salary review.pdf"),
    (VISA_FOLDER, "Work permit.pdf"),
    (VISA_FOLDER, "Passport copy.jpg"),
)
ONBOARDING = ("Sign employment contract", "Set up laptop", "Complete security training", "Meet your buddy")
OFFBOARDING = ("Return laptop", "Revoke system access", "Exit interview", "Final payslip")
DOC_COUNT = Weighted((0, 1, 2, 3), (35, 30, 20, 15))
REPORTS = (
    ("Headcount", "Everyone by department and site",
     ["root.id", "root.fullName", "work.department", "work.site", "work.title", "internal.lifecycleStatus"]),
    ("Salaries", "Current base salary by employee",
     ["root.id", "root.fullName", "payroll.salary.payment", "payroll.employment.type"]),
    ("Terminations", "Leavers with reasons",
     ["root.id", "root.fullName", "internal.terminationDate", "internal.terminationReason"]),
    ("New starters", "People who joined recently",
     ["root.id", "root.fullName", "work.startDate", "work.manager"]),
    ("Personal details", "Contact and personal data",
     ["root.id", "root.email", "personal.birthDate", "home.privateEmail", "address.city"]),
)  # fmt: skip


def add_folders(company: Company) -> None:
    for folder in (
        Folder(SHARED, "Shared Docs", "shared"),
        Folder(CONFIDENTIAL, "Confidential Docs", "confidential"),
        Folder(VISA_FOLDER, "Visa & Immigration", "custom"),
    ):
        company.folders[folder.id] = folder


def add_documents(rnd: random.Random, company: Company, people: list[Person]) -> None:
    """0-3 documents each for about two thirds of the people, uploaded after they were created."""
    uploader = people[0].id
    for p in people:
        count = DOC_COUNT.pick(rnd)
        for folder_id, name in rnd.sample(DOCUMENTS, count):
            doc_id = company.next_id()
            created = dt.datetime.combine(
                p.created + dt.timedelta(days=between(rnd, 0, 20)), dt.time(9 + between(rnd, 0, 8))
            )
            company.documents[doc_id] = Document(
                id=doc_id,
                employee_id=p.id,
                folder_id=folder_id,
                name=name,
                url=f"https://files.sandbox.hibob.local/docs/{doc_id}",
                created=min(created, dt.datetime.combine(company.today, dt.time(8))),
                uploaded_by=uploader,
                tags=["contract"] if "contract" in name else [],
                mime_type="image/jpeg" if name.endswith(".jpg") else "application/pdf",
            )


def add_tasks(rnd: random.Random, company: Company, people: list[Person]) -> None:
    """Onboarding to-dos for hired and recent starters, offboarding ones for recent leavers."""
    today = company.today
    for p in people:
        recent_start = p.status == HIRED or (today - p.start).days < 60
        recent_leave = p.status == TERMINATED and p.termination and (today - p.termination).days < 90
        if not (recent_start or recent_leave) and rnd.random() > 0.2:
            continue
        onboarding = not recent_leave
        anchor = p.start if onboarding else (p.termination or today)
        titles = ONBOARDING if onboarding else OFFBOARDING
        owner = p.manager or p
        for title in rnd.sample(titles, between(rnd, 1, 2)):
            task_id = company.next_id()
            due = anchor + dt.timedelta(days=between(rnd, -5, 14))
            closed = due < today and rnd.random() < 0.8
            company.tasks[task_id] = Task(
                id=task_id,
                title=title,
                owner_id=owner.id,
                requested_for_id=p.id,
                due=due,
                status="closed" if closed else "open",
                description=f"{title} for {p.display_name}",
                completion_date=min(due + dt.timedelta(days=between(rnd, -3, 3)), today - DAY)
                if closed
                else None,
                workflow="Onboarding" if onboarding else "Offboarding",
                set="Onboarding" if onboarding else "Offboarding",
            )


def add_reports(company: Company, creator: Person) -> None:
    for name, description, fields in REPORTS:
        report_id = company.next_id()
        company.reports[report_id] = Report(
            id=report_id,
            name=name,
            fields=list(fields),
            description=description,
            created_by=creator.id,
            creation_date=company.today - dt.timedelta(days=90),
        )
