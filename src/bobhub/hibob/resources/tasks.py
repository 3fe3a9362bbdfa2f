"""Tasks: open to-dos of onboarding and offboarding workflows, per employee, and completing them."""

from __future__ import annotations

import builtins
from typing import Any, Literal

from bobhub.hibob.models import Task
from bobhub.hibob.resources._base import Resource

Status = Literal["open", "closed"]


class TasksResource(Resource):
    """`client.tasks`: `list` / `list_for` / `complete`."""

    async def list(self) -> builtins.list[Task]:
        """Every open task of the company."""
        return _tasks(await self._json("GET", "/tasks"))

    async def list_for(self, employee_id: str, *, status: Status | None = None) -> builtins.list[Task]:
        """The tasks of one employee, open or closed."""
        params = {"task_status": status} if status else None
        return _tasks(await self._json("GET", "/tasks/people/{id}", path={"id": employee_id}, params=params))

    async def complete(self, task_id: int) -> int:
        """Mark a task complete; returns how many to-dos HiBob updated (0 when it already was)."""
        data = await self._json("POST", "/tasks/{taskId}/complete", path={"taskId": task_id})
        return int(data.get("toDosUpdated", 0)) if isinstance(data, dict) else 0


def _tasks(data: Any) -> list[Task]:
    return [Task.model_validate(t) for t in (data or {}).get("tasks", [])]
