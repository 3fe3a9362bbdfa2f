"""The anomaly guard: a read that looks like lost permissions must not delete or null anything.

HiBob answers 200 when a permission is missing, leaving out the people outside the audience and the
fields of categories the group may not view (hibob-api-notes.md §5). So a sharp drop in head count, or a
category that was visible and now is hidden for everyone, is read as a permission change, not as HR news.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from bobhub.hibob import Employee
from bobhub.hibob.models import FieldMetadata

MIN_SHARE = 0.9  # a read under 90 % of the last count is suspicious
MIN_GROUP = 2  # a lifecycle status held by this many people does not empty in one sync by chance


def count_drop(stream: str, seen: int, stored: int) -> str | None:
    """Why `seen` records after `stored` last time looks like lost access, or None when it does not."""
    if stored and seen < MIN_SHARE * stored:
        return (
            f"{stream}: HiBob returned {seen} records where {stored} were stored; the service user "
            "probably lost access to some people (audience or permissions), so nothing was deleted"
        )
    return None


def visible_categories(employees: Sequence[Employee], fields: Iterable[FieldMetadata]) -> set[str]:
    """Categories of which HiBob returned at least one field for at least one employee."""
    returned: set[str] = set()
    for employee in employees:
        returned |= employee.returned
    return {f.category_id for f in fields if f.category_id and f.id in returned}


def vanished(before: str | None, key: str, now: Iterable[str]) -> list[str]:
    """Values of `key` in the last read's stored view (JSON) that this read shows nowhere any more.

    Lifecycle statuses are stored with their head count: one person moving on is news, a whole group
    of people vanishing at once is an audience change.
    """
    if not before:
        return []
    last = json.loads(before).get(key) or []
    counts = last if isinstance(last, dict) else dict.fromkeys(last, MIN_GROUP)
    return sorted(k for k, n in counts.items() if n >= MIN_GROUP and k not in set(now))


def vanished_note(categories: Sequence[str], statuses: Sequence[str]) -> str:
    lost = [f"the categories {', '.join(categories)}"] if categories else []
    lost += [f"every {', '.join(statuses)} employee"] if statuses else []
    return (
        f"people: {' and '.join(lost)} visible at the last sync are hidden now; the service user probably "
        "lost a View permission or part of its audience, so nothing was deleted or emptied "
        "(run `bobhub doctor` to see what the permission group lacks)"
    )
