"""The outgoing event catalogue: which event types exist and which a subscription's list selects."""

from __future__ import annotations

from collections.abc import Iterable

from bobhub.errors import BadRequest

# Synced resources whose records become events, and the event name of one record of each.
RECORD_EVENTS = {"employees": "employee", "time_off_requests": "time_off_request"}
CHANGES = ("created", "updated", "deleted")


def record_types(resource: str) -> tuple[str, ...]:
    """The event types a record of `resource` can raise, e.g. employee.created/updated/deleted."""
    return tuple(f"{RECORD_EVENTS[resource]}.{change}" for change in CHANGES)


RECORD_TYPES = tuple(kind for resource in RECORD_EVENTS for kind in record_types(resource))
EVENT_TYPES = (*RECORD_TYPES, "sync_run.completed", "account.needs_attention")
ALL = "*"


def normalise(requested: Iterable[str]) -> list[str]:
    """A subscription's event list in catalogue order, or `["*"]`; BadRequest naming the valid types."""
    wanted = {name.strip() for name in requested}
    unknown = sorted(wanted - {*EVENT_TYPES, ALL})
    if unknown:
        choices = ", ".join(EVENT_TYPES)
        raise BadRequest(f"unknown event type {', '.join(unknown)}; choose from {choices} or {ALL!r} for all")
    if not wanted:
        raise BadRequest(f"give at least one event type of {', '.join(EVENT_TYPES)} or {ALL!r} for all")
    return [ALL] if ALL in wanted else [name for name in EVENT_TYPES if name in wanted]


def selects(subscribed: Iterable[str], event_type: str) -> bool:
    """Whether a subscription to `subscribed` receives events of `event_type`."""
    return any(name in (ALL, event_type) for name in subscribed)


def selects_any(subscribed: Iterable[str], event_types: Iterable[str]) -> bool:
    names = set(subscribed)
    return ALL in names or not names.isdisjoint(event_types)
