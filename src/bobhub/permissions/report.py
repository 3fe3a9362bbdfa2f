"""The doctor's report: credentials, one check per permission, the audience and every field's visibility.

`DoctorReport.model_dump(mode="json")` is the JSON of DESIGN.md ("Doctor report"); `missing` and
`summary` are derived from the checks, so a stored report read back with `model_validate` stays
consistent.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, computed_field

CheckStatus = Literal["granted", "missing", "not_checkable"]
FieldVisibility = Literal["visible", "hidden", "empty"]


class Check(BaseModel):
    """One permission and what the doctor found: `permission` is HiBob's exact wording."""

    key: str
    tab: str
    group: str
    section: str
    permission: str
    status: CheckStatus
    evidence: str
    unlocks: list[str] = Field(default_factory=list)
    fix: str | None = None  # where to tick it in Bob, for missing permissions

    @property
    def label(self) -> str:
        """The wording, prefixed by the folder for document rights (their wording repeats per folder)."""
        return f"{self.section} > {self.permission}" if self.key.startswith("docs_") else self.permission


class FieldReport(BaseModel):
    """One field: visible (a value for someone), empty (null for everyone) or hidden (never sent)."""

    field: str
    name: str
    category: str
    status: FieldVisibility
    unified: str | None = None
    masked: bool = False


class Audience(BaseModel):
    """Whom the group can see, by lifecycle status, and what looks absent."""

    visible_employees: int = 0
    visible_lifecycle_statuses: list[str] = Field(default_factory=list)
    counts: dict[str, int] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)


class DoctorReport(BaseModel):
    """What one service user can and cannot do in HiBob, permission by permission."""

    credentials: Literal["valid", "invalid"]
    checks: list[Check] = Field(default_factory=list)
    audience: Audience = Field(default_factory=Audience)
    fields: list[FieldReport] = Field(default_factory=list)
    calls: int = 0  # HiBob requests the doctor made

    @computed_field  # type: ignore[prop-decorator]
    @property
    def missing(self) -> list[str]:
        """The missing permissions in HiBob's wording (document rights prefixed by their folder)."""
        return [check.label for check in self.checks if check.status == "missing"]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def summary(self) -> str:
        if self.credentials == "invalid":
            return "HiBob refused the service user id and token (401): check both and try again."
        counts = {s: sum(c.status == s for c in self.checks) for s in ("granted", "missing", "not_checkable")}
        text = (
            f"{counts['granted']} permissions granted, {counts['missing']} missing, "
            f"{counts['not_checkable']} not checkable from the API; "
            f"{self.audience.visible_employees} employees visible"
        )
        if self.audience.warnings:
            text += f"; {len(self.audience.warnings)} audience warning(s)"
        return text + "."

    @property
    def ok(self) -> bool:
        """Valid credentials, nothing missing and no audience warning."""
        return self.credentials == "valid" and not self.missing and not self.audience.warnings

    def check(self, key: str) -> Check | None:
        """The check of one catalogue key ("view:Personal", "whos_out", ...)."""
        return next((c for c in self.checks if c.key == key), None)
