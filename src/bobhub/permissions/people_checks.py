"""Verdicts on category permissions (View, section histories, Edit) and every field's visibility.

HiBob silently leaves out fields whose category the group cannot view (hibob-api-notes.md §6.3), so
View is read off one search for every field: granted when any field of the category comes back.
Assumption: HiBob offers "section histories" and "Edit" only on top of a section's View, and without
View nothing of the section can be read, so a missing View makes both count as missing too.
"""

from __future__ import annotations

from dataclasses import dataclass

from bobhub.permissions import unified
from bobhub.permissions.account import Category, category_specs
from bobhub.permissions.history_checks import history_verdict
from bobhub.permissions.probes import Observations
from bobhub.permissions.report import Check, FieldReport
from bobhub.permissions.verdict import GRANTED, MISSING, UNKNOWN, Verdict, make_check

BASIC_INFO_ID = "root"


@dataclass(slots=True)
class FieldSeen:
    """How one field came back across all visible employees."""

    returned: int = 0
    valued: int = 0
    masked: int = 0


def field_stats(seen: Observations) -> dict[str, FieldSeen]:
    stats = {f.id: FieldSeen() for f in seen.fields}
    for employee in seen.employees:
        for field_id, stat in stats.items():
            if employee.is_hidden(field_id):
                continue
            stat.returned += 1
            if not employee.is_empty(field_id):
                stat.valued += 1
                stat.masked += unified.is_masked(employee.get(field_id))
    return stats


def field_reports(seen: Observations, stats: dict[str, FieldSeen]) -> list[FieldReport]:
    reports = []
    for category in seen.categories:
        for f in category.fields:
            stat = stats[f.id]
            status = "visible" if stat.valued else "empty" if stat.returned else "hidden"
            reports.append(
                FieldReport(
                    field=f.id,
                    name=f.name,
                    category=category.section,
                    status=status,
                    unified=unified.unified_name(f.id, f.name),
                    masked=stat.masked > 0,
                )
            )
    return reports


def view_verdict(seen: Observations, category: Category, stats: dict[str, FieldSeen]) -> Verdict:
    search = seen.search.said() if seen.search else "POST /people/search (not answered)"
    total = len(category.fields)
    if not seen.anyone_visible:
        answered = seen.search is not None and (seen.search.ok or seen.search.refused)
        if category.id == BASIC_INFO_ID and answered:
            return MISSING, (
                f"{search} with showInactive gave no employee at all: HiBob surfaces nobody without "
                "this permission (an audience that holds nobody looks the same)"
            )
        return UNKNOWN, f"{search}: no employee is visible, so no field can show whether it is granted"
    came_back = [f.id for f in category.fields if stats[f.id].returned]
    people = len(seen.employees)
    if not came_back:
        names = ", ".join(category.field_ids[:4]) + (", ..." if total > 4 else "")
        return (
            MISSING,
            f"{search}: none of its {total} fields ({names}) came back for any of {people} employees",
        )
    hidden = [fid for fid in category.field_ids if not stats[fid].returned]
    extra = f"; never returned: {', '.join(hidden)}" if hidden else ""
    return (
        GRANTED,
        f"{search}: {len(came_back)} of its {total} fields came back for {people} employees{extra}",
    )


def sensitive_verdict(category: Category, stats: dict[str, FieldSeen]) -> Verdict | None:
    """Edit read off sensitive fields: full birth date and age come only with Edit, numbers unmasked."""
    only = "which HiBob allows only with Edit"
    for f in category.needs_edit:
        stat = stats[f.id]
        if f.id in unified.NEEDS_EDIT_TO_READ:
            if stat.returned:
                return GRANTED, f"{f.id} came back for {stat.returned} employees, {only}"
            return MISSING, f"{f.id} never came back although other fields of the section did; {only}"
        if stat.masked:
            return (
                MISSING,
                f"{f.id} came back masked (like *****1234) for {stat.masked} employees; unmasked {only}",
            )
        if stat.valued:
            return GRANTED, f"{f.id} came back unmasked for {stat.valued} employees, {only}"
    return None


def edit_verdict(
    seen: Observations, category: Category, stats: dict[str, FieldSeen], view: Verdict
) -> Verdict:
    if view[0] == MISSING:
        return MISSING, f"implied: '{category.section}' cannot be viewed, and Edit is granted on top of View"
    if view[0] == GRANTED and (found := sensitive_verdict(category, stats)) is not None:
        return found
    probe = seen.writes.get("edit")
    if probe is None:
        return UNKNOWN, "not probed"
    if probe.refused:
        return MISSING, f"{probe.said()}: the group may edit no section at all"
    if probe.status in (304, 400) or probe.ok:
        return UNKNOWN, (
            f"{probe.said()}: the group may edit some section; which sections cannot be "
            "told without changing data"
        )
    return UNKNOWN, f"{probe.said()}: this answer does not tell"


def category_checks(seen: Observations, category: Category, stats: dict[str, FieldSeen]) -> list[Check]:
    view = view_verdict(seen, category, stats)
    checks = []
    for spec in category_specs(category):
        verb = spec.key.split(":", 1)[0]
        if verb == "view":
            verdict = view
        elif verb == "history":
            verdict = history_verdict(seen, category, view)
        else:
            verdict = edit_verdict(seen, category, stats, view)
        checks.append(make_check(spec, verdict))
    return checks
