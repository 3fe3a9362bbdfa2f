"""The doctor changes no data, calls each endpoint at most once, and reads categories from the account."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import httpx

from bobhub.sandbox.model import Company
from tests.permissions.conftest import Doctor

COUNTED = ("requests", "changes", "adjustments", "documents", "employees")


def snapshot(bob: httpx.Client, company: Company) -> dict[str, Any]:
    """Everything the doctor's probes could touch, read back over HTTP, plus the company's own counters."""
    fields = [f["id"] for f in bob.get("/company/people/fields").json()]
    people = bob.post("/people/search", json={"fields": fields, "showInactive": True}).json()
    ids = sorted(e["id"] for e in people["employees"])
    documents = {i: bob.get(f"/docs/people/{i}").json() for i in ids}
    today = dt.date.today()
    window = {"from": str(today - dt.timedelta(days=400)), "to": str(today + dt.timedelta(days=400))}
    flags = {"includePending": "true", "includePrivate": "true", "includeHourly": "true"}
    policy_types = bob.get("/timeoff/policy-types").json()["policyTypes"]
    return {
        "people": people,
        "documents": documents,
        "outs": bob.get("/timeoff/whosout", params={**window, **flags}).json(),
        "policy_types": policy_types,
        "reason_codes": {p: bob.get(f"/timeoff/policy-types/{p}/reason-codes").json() for p in policy_types},
        "folders": bob.get("/docs/folders/metadata").json(),
        "versions": {e.id: e.version for e in company.employees.values()},
        "counts": [len(getattr(company, name)) for name in COUNTED],
    }


async def test_the_doctor_changes_no_data(
    doctor: Doctor, hibob: Callable[[str], httpx.Client], company: Company
) -> None:
    bob = hibob("full")
    before = snapshot(bob, company)
    run = await doctor("full")  # full passes every permission check, so its probes reach validation
    assert run.report.credentials == "valid"
    written = [k for k in run.calls if not k.startswith(("GET", "POST /v1/people/search"))]
    assert len(written) >= 10  # the write probes did run
    assert snapshot(bob, company) == before


async def test_each_endpoint_is_called_at_most_once(doctor: Doctor) -> None:
    for preset in ("full", "activtrak", "partial", "empty"):
        run = await doctor(preset)
        assert max(run.calls.values()) == 1, (preset, run.calls.most_common(2))
        assert "POST /v1/people/search" in run.calls or preset == "empty"


async def test_custom_category_is_a_section_of_its_own(doctor: Doctor) -> None:
    full, activtrak = (await doctor("full")).report, (await doctor("activtrak")).report
    equipment = full.check("view:Equipment")
    assert equipment is not None
    assert (equipment.tab, equipment.group, equipment.section) == ("People's data", "People", "Equipment")
    assert equipment.status == "granted"
    assert equipment.unlocks == ["custom_fields.laptop_model", "custom_fields.laptop_serial"]
    fields = {f.field: f for f in full.fields if f.category == "Equipment"}
    assert {f.unified for f in fields.values()} == set(equipment.unlocks)
    assert all(f.status == "visible" for f in fields.values())
    missing = activtrak.check("view:Equipment")
    assert missing is not None
    assert missing.status == "missing"
    assert missing.fix is not None
    assert missing.fix.endswith(
        "People's data > Equipment > tick 'View selected employees' Equipment sections'"
    )
    assert all(f.status == "hidden" for f in activtrak.fields if f.category == "Equipment")


async def test_fields_follow_their_metadata_category_not_their_id(doctor: Doctor) -> None:
    report = (await doctor("activtrak")).report
    email = next(f for f in report.fields if f.field == "root.email")
    assert (email.category, email.status, email.unified) == ("Work contact details", "visible", "work_email")
    contact, basic = report.check("view:Work contact details"), report.check("view:Basic info")
    assert contact is not None
    assert basic is not None
    assert "work_email" in contact.unlocks
    assert "work_email" not in basic.unlocks
    # Personal is hidden from ActivTrak's group: its fields are reported hidden, never empty.
    assert {f.status for f in report.fields if f.category == "Personal"} == {"hidden"}
