"""Response body of /v1/org-chart: people nested under their managers."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

CSV_COLUMNS = (
    "id",
    "remote_id",
    "display_name",
    "job_title",
    "department",
    "work_email",
    "manager_id",
    "manager_remote_id",
    "level",
)


class OrgNode(BaseModel):
    """A person and, nested, the people reporting to them."""

    id: str = Field(description="bobhub's id of the employee.")
    remote_id: str = Field(description="HiBob's id of the employee.")
    display_name: str | None
    job_title: str | None
    department: str | None
    work_email: str | None
    manager_id: str | None = Field(
        description="bobhub's id of the manager; null when the manager is not visible in this chart."
    )
    reports: list[OrgNode]


class OrgChartPublic(BaseModel):
    """The org chart: top-level nodes are people without a visible manager (or the root asked for)."""

    as_of: dt.date | None = Field(description="The day of the chart; null for today's managers.")
    root: str | None = Field(description="bobhub's id of the root asked for, if any.")
    nodes: list[OrgNode]
