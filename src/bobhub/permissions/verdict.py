"""Small shared pieces of the verdicts: a check from a catalogue entry, and how to read a write probe."""

from __future__ import annotations

from bobhub.permissions.catalogue import PermissionSpec
from bobhub.permissions.probes import Outcome
from bobhub.permissions.report import Check, CheckStatus

GRANTED: CheckStatus = "granted"
MISSING: CheckStatus = "missing"
UNKNOWN: CheckStatus = "not_checkable"
Verdict = tuple[CheckStatus, str]


def make_check(spec: PermissionSpec, verdict: Verdict) -> Check:
    status, evidence = verdict
    return Check(
        key=spec.key,
        tab=spec.tab,
        group=spec.group,
        section=spec.section,
        permission=spec.wording,
        status=status,
        evidence=evidence,
        unlocks=list(spec.unlocks),
        fix=spec.ui_path if status == MISSING else None,
    )


def read_verdict(outcome: Outcome | None, what: str) -> Verdict:
    """A read that this permission alone gates: 2xx granted, 403 missing, anything else unknown."""
    if outcome is None:
        return UNKNOWN, "not probed"
    if outcome.ok:
        return GRANTED, f"{outcome.said()}: {what}"
    if outcome.refused:
        return MISSING, f"{outcome.said()}: HiBob refused the read"
    return UNKNOWN, f"{outcome.said()}: this answer does not tell"


def write_verdict(outcome: Outcome | None, *, not_found_passes: bool) -> Verdict:
    """A request that cannot succeed: 403 missing; 400 (or 404 on a record known to exist) granted.

    `not_found_passes` is False when a 404 may be about the record rather than the request (a
    placeholder employee id), so it cannot count as a passed permission check.
    """
    if outcome is None:
        return UNKNOWN, "not probed: no endpoint of its own to call once without changing data"
    said = outcome.said()
    if outcome.refused:
        return MISSING, f"{said}: refused before the invalid request was looked at"
    if outcome.status in (400, 409, 422) or (outcome.status == 404 and not_found_passes):
        return GRANTED, f"{said}: the permission check passed and HiBob rejected the invalid request"
    if outcome.ok or outcome.status == 304:
        return GRANTED, f"{said}: accepted, nothing to change"
    return UNKNOWN, f"{said}: this answer does not tell"
