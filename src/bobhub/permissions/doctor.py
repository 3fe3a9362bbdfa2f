"""The permission doctor: probes one service user, changes no data, calls each HiBob endpoint at most once.

`diagnose(client)` reads field metadata, searches every field of every employee once, reads one page of
each history table, the time-off and document endpoints, and probes write permissions with requests
that cannot succeed; then it judges every permission of the catalogue from what came back. A 401 ends
it at once (credentials "invalid"); HiBob permission problems never raise.
"""

from __future__ import annotations

import datetime as dt

from bobhub.hibob import HiBobClient
from bobhub.permissions import catalogue
from bobhub.permissions.account import seed_sections_missing_from
from bobhub.permissions.audience import audience_of
from bobhub.permissions.other_checks import document_checks, feature_checks, special_checks, time_off_checks
from bobhub.permissions.people_checks import category_checks, field_reports, field_stats
from bobhub.permissions.probes import (
    CredentialsInvalid,
    Observations,
    Prober,
    read_documents,
    read_features_and_time_off,
    read_metadata,
    read_people,
    read_tables,
)
from bobhub.permissions.report import Check, DoctorReport
from bobhub.permissions.verdict import MISSING, UNKNOWN, make_check
from bobhub.permissions.write_probes import probe_document_writes, probe_people_writes, probe_time_off_writes


async def diagnose(client: HiBobClient, *, today: dt.date | None = None) -> DoctorReport:
    """What the client's service user can and cannot do, permission by permission, in HiBob's wording."""
    prober = Prober(client)
    try:
        seen = await read_metadata(prober, today or dt.date.today())
        await read_people(prober, seen)
        await read_tables(prober, seen)
        await read_features_and_time_off(prober, seen)
        await read_documents(prober, seen)
        await probe_people_writes(prober, seen)
        await probe_time_off_writes(prober, seen)
        await probe_document_writes(prober, seen)
    except CredentialsInvalid:
        return DoctorReport(credentials="invalid", calls=prober.calls)
    seen.calls = prober.calls
    return build_report(seen)


def build_report(seen: Observations) -> DoctorReport:
    stats = field_stats(seen)
    checks = [
        *feature_checks(seen),
        *(check for category in seen.categories for check in category_checks(seen, category, stats)),
        *special_checks(seen),
        *document_checks(seen),
        *time_off_checks(seen),
    ]
    if refused_everything(seen):
        checks = [nothing_granted(check, seen) for check in checks]
    # Sections the account does not have stay "not checkable": there is nothing in them to grant.
    checks += absent_section_checks(seen)
    return DoctorReport(
        credentials="valid",
        checks=catalogue.ordered(checks),
        audience=audience_of(seen),
        fields=field_reports(seen, stats),
        calls=seen.calls,
    )


def absent_section_checks(seen: Observations) -> list[Check]:
    """Seed-guide sections this account has no category for: nothing of theirs can be read or checked."""
    metadata = seen.metadata
    evidence = (
        "this account's field metadata has no category by this name, so no field depends on it"
        if metadata is not None and metadata.ok
        else f"the account's categories are unknown ({metadata.said() if metadata else 'metadata not read'})"
    )
    return [
        make_check(spec, (UNKNOWN, evidence))
        for section in seed_sections_missing_from(seen.categories)
        for spec in catalogue.seed_section_specs(section)
    ]


def refused_everything(seen: Observations) -> bool:
    """Nobody visible and every permission probe refused: a service user in no permission group."""
    outcomes = seen.outcomes()
    return not seen.anyone_visible and bool(outcomes) and all(o.refused for o in outcomes)


def nothing_granted(check: Check, seen: Observations) -> Check:
    if check.status == MISSING:
        return check
    refused = len(seen.outcomes())
    evidence = (
        f"all {refused} permission probes were refused (403) and no employee is visible: the service user "
        f"is in no permission group, or its group grants nothing ({check.evidence})"
    )
    return make_check(spec_of(check), (MISSING, evidence))


def spec_of(check: Check) -> catalogue.PermissionSpec:
    return catalogue.PermissionSpec(
        key=check.key,
        tab=check.tab,
        group=check.group,
        section=check.section,
        wording=check.permission,
        gates="",
        probe="",
        unlocks=tuple(check.unlocks),
    )
