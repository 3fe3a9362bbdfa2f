"""Write permissions probed with requests that cannot succeed, so no data ever changes.

Each body is refused by HiBob's validation (an empty body, an empty name, an invalid date, document id 0
which never exists), and HiBob checks permissions first: 403 means missing, 400/404/304 means the
permission check passed. The keys are catalogue keys ("edit" is "Edit on some section").
"""

from __future__ import annotations

from functools import partial

from bobhub.hibob.models import Folder
from bobhub.permissions.probes import Observations, Prober

INVALID_DATE = "not-a-date"
NO_DOCUMENT = 0


async def probe_people_writes(prober: Prober, seen: Observations) -> None:
    client, employee = prober.client, seen.probe_employee
    seen.writes["edit"] = await prober.run(
        "PUT /people/{identifier}",
        lambda: client.people.update(employee, {}),
        sent="an empty body",
        status=lambda changed: 200 if changed else 304,
    )
    seen.writes["edit_email"] = await prober.run(
        "PUT /people/{id}/email", lambda: client.people.change_email(employee, ""), sent="an empty address"
    )
    seen.writes["add_people"] = await prober.run(
        "POST /people", lambda: client.people.create({}), sent="an empty body"
    )


async def probe_time_off_writes(prober: Prober, seen: Observations) -> None:
    client, employee = prober.client, seen.probe_employee
    policy_type = seen.policy_type
    seen.writes["time_off_settings_manage"] = await prober.run(
        "POST /timeoff/policy-types/{policyType}/reason-codes",
        lambda: client.time_off.create_reason_codes(policy_type or "bobhub-permission-probe", []),
        sent="no reason codes",
    )
    seen.writes["requests_manage"] = await prober.run(
        "POST /timeoff/employees/{id}/requests",
        lambda: client.time_off.create_request(employee, {}),
        sent="an empty body",
    )
    seen.writes["balance_adjust"] = await prober.run(
        "POST /timeoff/employees/{id}/adjustments",
        lambda: client.time_off.adjust_balance(
            employee, policy_type or "", 0, effective_date=INVALID_DATE, reason=""
        ),
        sent="an invalid date",
    )


def probed_folders(folders: list[Folder]) -> dict[str, Folder]:
    """Folders whose write rights can be probed: shared, confidential and one custom folder, since
    HiBob has one upload and one delete endpoint per kind and each endpoint is called once."""
    chosen: dict[str, Folder] = {}
    for folder in folders:
        kind = folder.folder_type if folder.folder_type in ("shared", "confidential") else "custom"
        chosen.setdefault(kind, folder)
    return chosen


async def probe_document_writes(prober: Prober, seen: Observations) -> None:
    client, employee = prober.client, seen.probe_employee
    for kind, folder in probed_folders(seen.folders).items():
        target = kind if kind != "custom" else folder.id
        upload = "/custom/{folderId}" if kind == "custom" else f"/{kind}"
        seen.writes[f"docs_upload:{folder.name}"] = await prober.run(
            f"POST /docs/people/{{id}}{upload}",
            partial(client.documents.upload_url, employee, "", "", folder=target),
            sent="an empty name and URL",
        )
        remove = "/folders/{folderId}/{docId}" if kind == "custom" else f"/{kind}/{{docId}}"
        seen.writes[f"docs_delete:{folder.name}"] = await prober.run(
            f"DELETE /docs/people/{{id}}{remove}",
            partial(client.documents.delete, employee, NO_DOCUMENT, folder=target),
            sent=f"document id {NO_DOCUMENT}",
        )
