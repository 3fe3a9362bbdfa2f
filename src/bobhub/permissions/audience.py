"""Whom the permission group can see: visible employees counted by lifecycle status, and the gaps.

HiBob leaves people outside the group's audience ("Whose data can members access?") out of every answer
without a word, so a lifecycle status nobody has and one the audience excludes look the same; the
warnings say so rather than guess.
"""

from __future__ import annotations

from collections import Counter

from bobhub.permissions.catalogue import UI_ROOT
from bobhub.permissions.probes import Observations
from bobhub.permissions.report import Audience

LIFECYCLE_FIELD = "internal.lifecycleStatus"
AUDIENCE_PATH = (
    f"{UI_ROOT} > People's data > Whose data can members access? > Select people by condition > "
    "Lifecycle status"
)
RECOMMENDED = ("Hired", "Employed", "Terminated", "Leave")
ORDER = ("hired", "employed", "leave", "parental leave", "garden leave", "terminated")
# The statuses whose absence loses data, and what is lost.
WATCHED = {
    "Hired": "future joiners appear only once they start",
    "Terminated": "leavers disappear from synced data",
    "Leave": "people on leave are missing",
}


def label(status: str) -> str:
    return status[:1].upper() + status[1:] if status else status


def present(watched: str, statuses: set[str]) -> bool:
    # "Leave (all types)": parental leave, garden leave and custom leave types count as Leave.
    if watched == "Leave":
        return any(s.endswith("leave") for s in statuses)
    return watched.lower() in statuses


def audience_of(seen: Observations) -> Audience:
    people = seen.employees
    if not people:
        return Audience(warnings=[nobody_warning()])
    raw = [e.get(LIFECYCLE_FIELD) for e in people if not e.is_hidden(LIFECYCLE_FIELD)]
    if not raw:
        section = next((c.section for c in seen.categories if LIFECYCLE_FIELD in c.field_ids), "Lifecycle")
        return Audience(visible_employees=len(people), warnings=[hidden_warning(section)])
    counts = Counter(str(status or "unknown").lower() for status in raw)
    ranked = sorted(counts, key=lambda s: (ORDER.index(s) if s in ORDER else len(ORDER), s))
    warnings = [
        absent_warning(watched, why) for watched, why in WATCHED.items() if not present(watched, set(counts))
    ]
    return Audience(
        visible_employees=len(people),
        visible_lifecycle_statuses=[label(s) for s in ranked],
        counts={label(s): counts[s] for s in ranked},
        warnings=warnings,
    )


def absent_warning(watched: str, why: str) -> str:
    return (
        f"No {watched} employees are visible: either the company has none, or {watched} is not in the "
        f"group's audience; the API cannot tell these apart. Without them {why}. "
        f"To include them: {AUDIENCE_PATH} > add {watched}."
    )


def nobody_warning() -> str:
    return (
        "No employee is visible at all: the group's audience holds nobody, or "
        "'View selected employees' Basic info sections' is missing (HiBob answers the same). "
        f"The audience should hold {', '.join(RECOMMENDED)}: {AUDIENCE_PATH}."
    )


def hidden_warning(section: str) -> str:
    return (
        f"Lifecycle statuses are hidden ('View selected employees' {section} sections' is missing), so the "
        f"audience cannot be checked; make sure it holds {', '.join(RECOMMENDED)}: {AUDIENCE_PATH}."
    )
