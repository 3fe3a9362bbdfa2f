"""HiBob's Tasks API: all open tasks, one employee's tasks, and marking a task complete.

HiBob gates tasks behind "People's Data > Tasks and flow > People's tasks > View and mark selected
people's tasks as complete or incomplete"; the presets do not carry that permission, so the sandbox
assumes membership of a permission group is enough and hides tasks about people outside the audience.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Iterable
from typing import Any, Literal

from bobhub.sandbox.app import Ctx, CtxDep, v1_router
from bobhub.sandbox.errors import forbidden, not_found
from bobhub.sandbox.model import Company, Employee, Task

router = v1_router()


def person_json(company: Company, employee_id: str) -> dict[str, Any]:
    """HiBob's `TaskEmployee`: who owns a task or whom it is for."""
    employee: Employee | None = company.employees.get(employee_id)
    values = employee.values if employee else {}
    return {
        "id": employee_id,
        "firstName": values.get("root.firstName"),
        "surname": values.get("root.surname"),
        "email": values.get("root.email"),
        "displayName": values.get("root.displayName"),
    }


def ordinals(tasks: Iterable[Task]) -> dict[int, int]:
    """Each task's 1-based position among the tasks of the same workflow run (same person, same workflow)."""
    runs: dict[tuple[str, str], list[Task]] = defaultdict(list)
    for task in tasks:
        runs[(task.requested_for_id, task.workflow)].append(task)
    return {t.id: n for run in runs.values() for n, t in enumerate(sorted(run, key=lambda t: t.id), 1)}


def task_json(company: Company, task: Task, ordinal: int) -> dict[str, Any]:
    return {
        "id": task.id,
        "title": task.title,
        "description": task.description or "",
        "status": task.status,
        "due": task.due.isoformat(),
        "completionDate": task.completion_date.isoformat() if task.completion_date else None,
        "owner": person_json(company, task.owner_id),
        "requestedFor": person_json(company, task.requested_for_id),
        "set": task.set,
        "workflow": task.workflow,
        "ordinalInWorkflow": ordinal,
        "linkInBob": f"https://app.hibob.com/home/tasks/{task.id}",
        # A stable number per workflow run: HiBob groups the to-dos one trigger created under one id.
        "employeeGroupId": zlib.crc32(f"{task.requested_for_id}:{task.workflow}".encode()),
        "companyId": company.id,
    }


def require_group(ctx: Ctx) -> None:
    if not ctx.grants.in_group:
        raise forbidden("People's tasks > View and mark selected people's tasks as complete or incomplete")


def is_visible(ctx: Ctx, task: Task) -> bool:
    """Whether the task is about a person the service user can access."""
    employee = ctx.company.employees.get(task.requested_for_id)
    return employee is not None and ctx.grants.sees(employee.lifecycle_status)


def visible_tasks(ctx: Ctx) -> list[Task]:
    return [task for task in ctx.company.tasks.values() if is_visible(ctx, task)]


def render(ctx: Ctx, tasks: list[Task]) -> dict[str, Any]:
    numbers = ordinals(ctx.company.tasks.values())
    return {"tasks": [task_json(ctx.company, task, numbers[task.id]) for task in tasks]}


@router.get("/tasks")
async def open_tasks(ctx: CtxDep) -> dict[str, Any]:
    require_group(ctx)
    return render(ctx, [task for task in visible_tasks(ctx) if task.status == "open"])


@router.get("/tasks/people/{employee_id}")
async def employee_tasks(
    employee_id: str, ctx: CtxDep, task_status: Literal["open", "closed"] | None = None
) -> dict[str, Any]:
    require_group(ctx)
    employee = ctx.company.employees.get(employee_id)
    if employee is None or not ctx.grants.sees(employee.lifecycle_status):
        raise not_found(f"Employee {employee_id} not found")
    # "Tasks of an employee" are the to-dos assigned to them (HiBob's webhook docs read them by assignee).
    tasks = [
        task
        for task in visible_tasks(ctx)
        if task.owner_id == employee.id and (task_status is None or task.status == task_status)
    ]
    return render(ctx, tasks)


@router.post("/tasks/{task_id}/complete")
async def complete_task(task_id: str, ctx: CtxDep) -> dict[str, Any]:
    require_group(ctx)
    task = ctx.company.tasks.get(int(task_id)) if task_id.isdigit() else None
    if task is None or not is_visible(ctx, task):
        raise not_found(f"Task {task_id} not found")
    if task.status == "closed":
        return {"toDosUpdated": 0}
    task.status = "closed"
    task.completion_date = ctx.company.today
    return {"toDosUpdated": 1}
