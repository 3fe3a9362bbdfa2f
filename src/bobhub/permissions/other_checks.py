"""Verdicts on the fixed permissions: Features, email and profile history, time off, document folders."""

from __future__ import annotations

from bobhub.hibob.models import Document, Folder, Out
from bobhub.permissions import catalogue as cat
from bobhub.permissions.probes import PLACEHOLDER_ID, WHOS_OUT_DAYS, Observations, Outcome
from bobhub.permissions.report import Check
from bobhub.permissions.verdict import (
    GRANTED,
    UNKNOWN,
    Verdict,
    make_check,
    read_verdict,
    write_verdict,
)
from bobhub.permissions.write_probes import probed_folders

NO_ENDPOINT = "HiBob's public API has no endpoint this permission gates alone; check it in Bob"


def count(outcome: Outcome | None) -> int:
    return len(outcome.data or []) if outcome is not None and outcome.ok else 0


def feature_checks(seen: Observations) -> list[Check]:
    reads, writes = seen.reads, seen.writes
    verdicts: dict[str, Verdict] = {
        "directory": read_verdict(reads.get("profiles"), f"{count(reads.get('profiles'))} profiles"),
        "add_people": write_verdict(writes.get("add_people"), not_found_passes=False),
        "org_chart_export": (UNKNOWN, NO_ENDPOINT),
        "org_chart_view": (UNKNOWN, NO_ENDPOINT),
        "time_off_settings": read_verdict(
            reads.get("policy_types"), f"{count(reads.get('policy_types'))} policy types"
        ),
        "time_off_settings_manage": settings_manage_verdict(seen),
    }
    return [make_check(spec, verdicts[spec.key]) for spec in cat.FEATURE_SPECS]


def special_checks(seen: Observations) -> list[Check]:
    visible = seen.probe_employee != PLACEHOLDER_ID
    return [
        make_check(cat.EDIT_EMAIL, write_verdict(seen.writes.get("edit_email"), not_found_passes=visible)),
        make_check(cat.PROFILE_HISTORY, (UNKNOWN, NO_ENDPOINT)),
    ]


def outs_with(outcome: Outcome | None, key: str, value: str) -> list[Out]:
    outs: list[Out] = list(outcome.data or []) if outcome is not None and outcome.ok else []
    return [o for o in outs if str(o.raw().get(key) or "").lower() == value]


def revealed_verdict(outcome: Outcome | None, key: str, value: str, what: str, also: str = "") -> Verdict:
    """Pending or private requests: seen means granted; unseen cannot be told from "none exist"."""
    if outcome is None or not outcome.ok:
        said = outcome.said() if outcome else "GET /timeoff/whosout (not called)"
        return UNKNOWN, f"{said}: who's out cannot be read, so {what} requests cannot be observed"
    found = outs_with(outcome, key, value)
    window = f"±{WHOS_OUT_DAYS} days"
    if found:
        return GRANTED, f"{outcome.said()} over {window}: {len(found)} {what} requests came back{also}"
    return UNKNOWN, (
        f"{outcome.said()} over {window}: no {what} request came back; none existing and the permission "
        "missing look the same from the API"
    )


def settings_manage_verdict(seen: Observations) -> Verdict:
    # A 404 passes only for a policy type the account has: for a made-up one it may mean just that.
    probe = seen.writes.get("time_off_settings_manage")
    return write_verdict(probe, not_found_passes=seen.policy_type is not None)


def requests_manage_verdict(seen: Observations) -> Verdict:
    probe = seen.writes.get("requests_manage")
    settings = settings_manage_verdict(seen)
    if probe is not None and probe.refused and settings[0] != GRANTED:
        return UNKNOWN, (
            f"{probe.said()}: HiBob also needs 'Manage company's time off settings' for this call, which "
            "is not granted, so the 403 does not tell"
        )
    return write_verdict(probe, not_found_passes=seen.probe_employee != PLACEHOLDER_ID)


def balance_verdict(seen: Observations) -> Verdict:
    outcome = seen.reads.get("balance")
    known = seen.probe_employee != PLACEHOLDER_ID and seen.policy_type is not None
    if outcome is not None and outcome.status in (400, 404) and known:
        return (
            GRANTED,
            f"{outcome.said()}: the permission check passed (HiBob refused the policy type or date)",
        )
    return read_verdict(outcome, f"the balance of employee {seen.probe_employee}")


def time_off_checks(seen: Observations) -> list[Check]:
    whos_out = seen.reads.get("whos_out")
    visible = seen.probe_employee != PLACEHOLDER_ID
    verdicts: dict[str, Verdict] = {
        "balance": balance_verdict(seen),
        "balance_adjust": write_verdict(seen.writes.get("balance_adjust"), not_found_passes=visible),
        "bank_overtime": (UNKNOWN, NO_ENDPOINT),
        "requests_view": revealed_verdict(
            whos_out, "status", "pending", "pending", " (the other Requests permission would show them too)"
        ),
        "requests_manage": requests_manage_verdict(seen),
        "whos_out": read_verdict(whos_out, f"{count(whos_out)} requests"),
        "whos_out_private": revealed_verdict(whos_out, "visibility", "private", "private-policy"),
    }
    return [make_check(spec, verdicts[spec.key]) for spec in cat.TIME_OFF_SPECS]


def folder_of(document: Document, folders: list[Folder]) -> Folder | None:
    """The folder a listed document sits in, when HiBob says (newer answers carry folder fields)."""
    for folder in folders:
        if str(document.folder_id or "") == folder.id or (document.folder_name or "") == folder.name:
            return folder
    return None


def docs_view_verdict(seen: Observations, folder: Folder) -> Verdict:
    outcome = seen.reads.get("documents")
    if outcome is None or not outcome.ok:
        return read_verdict(outcome, "")
    docs: list[Document] = list(outcome.data or [])
    mine = [d for d in docs if (found := folder_of(d, seen.folders)) is not None and found.id == folder.id]
    if mine:
        return (
            GRANTED,
            f"{outcome.said()}: {len(mine)} of employee {seen.probe_employee}'s documents are in it",
        )
    return UNKNOWN, (
        f"{outcome.said()}: {len(docs)} documents came back, none known to be in this folder; an empty "
        "folder and a missing permission look the same"
    )


def document_checks(seen: Observations) -> list[Check]:
    probed = {f.id for f in probed_folders(seen.folders).values()}
    visible = seen.probe_employee != PLACEHOLDER_ID
    checks = []
    for folder in seen.folders:
        view, upload, delete = cat.folder_specs(folder.name)
        shared_endpoint = (UNKNOWN, "probed through another custom folder: each endpoint is called once")
        checks += [
            make_check(view, docs_view_verdict(seen, folder)),
            make_check(
                upload,
                write_verdict(seen.writes.get(upload.key), not_found_passes=visible)
                if folder.id in probed
                else shared_endpoint,
            ),
            make_check(
                delete,
                write_verdict(seen.writes.get(delete.key), not_found_passes=visible)
                if folder.id in probed
                else shared_endpoint,
            ),
        ]
    if seen.reads.get("folders") is not None and not seen.reads["folders"].ok:
        note = f" (folder list refused: {seen.reads['folders'].said()}; HiBob's standard folders assumed)"
        checks = [c.model_copy(update={"evidence": c.evidence + note}) for c in checks]
    return checks
