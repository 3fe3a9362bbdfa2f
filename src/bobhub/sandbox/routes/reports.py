"""HiBob's Reports API: the company's saved reports, their download, and the async 204-then-file download.

A report is a people view: one row per employee the service user can access, one column per field.
Assumptions where HiBob is silent: the list shows only reports whose every field is in a category the
service user can view ("Only viewable categories are returned"); a download still serves any report,
with the columns the service user may not see left empty (masked where people reads mask them); CSV
and XLSX carry display values like Bob's own export, JSON is the people API's payload with machine values
unless `humanReadable` asks otherwise (HiBob: "Only enforced when format is json"). `includeInfo` is
ignored.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Callable
from typing import Any, Literal
from urllib.parse import quote
from xml.sax.saxutils import escape

from fastapi import Request, Response

from bobhub.sandbox.app import Ctx, CtxDep, v1_router
from bobhub.sandbox.errors import forbidden, not_found
from bobhub.sandbox.model import Company, Employee, FieldDef, Report
from bobhub.sandbox.render import human_converter, human_mode, mask, people_state, readable_fields

router = v1_router()

Format = Literal["csv", "xlsx", "json"]
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# An async report is "not ready" until its first poll (HiBob generates it in the background).
NOT_READY = dt.datetime.max


def require_group(ctx: Ctx) -> None:
    # Assumption: HiBob's "Features > Reports > View reports according to people's data access rights" is
    # not in the presets, so any service user in a permission group may use reports.
    if not ctx.grants.in_group:
        raise forbidden("Reports > View reports according to people's data access rights")


def report_fields(company: Company, report: Report) -> list[FieldDef]:
    """The report's columns that still exist in the company's field metadata."""
    return [company.fields[fid] for fid in report.fields if fid in company.fields]


def is_listed(ctx: Ctx, report: Report) -> bool:
    visible = ctx.grants.visible_categories(ctx.company)
    return all(f.category_id in visible for f in report_fields(ctx.company, report))


def report_json(report: Report) -> dict[str, Any]:
    created = report.creation_date.isoformat()
    return {
        "id": report.id,
        "name": report.name,
        "description": report.description,
        "type": "people",
        "folderId": "company",
        "createdBy": report.created_by,
        "creationDate": created,
        "modificationDate": created,
        "isScheduled": False,
        "isComparable": False,
        "configuration": {
            "fields": list(report.fields),
            "instructions": [],
            "sortBy": False,
            "displayPreferences": {"includeHumanReadable": False, "includeFlatJson": False},
        },
    }


def find_report(ctx: Ctx, report_id: int) -> Report:
    report = ctx.company.reports.get(report_id)
    if report is None:
        raise not_found(f"Report {report_id} not found")
    return report


def visible_rows(ctx: Ctx) -> list[Employee]:
    return [e for e in ctx.company.employees.values() if ctx.grants.sees(e.lifecycle_status)]


def table(ctx: Ctx, report: Report) -> tuple[list[str], list[list[str]]]:
    """Header (field names) and display-value rows; columns the service user may not see stay empty."""
    fields = report_fields(ctx.company, report)
    readable = {fd.id: masked for fd, masked in readable_fields(ctx.company, ctx.grants, report.fields)}
    shown = [(fd, human_converter(fd, ctx.company)) for fd in fields]

    def cell(fd: FieldDef, human: Callable[[Any], Any], value: Any) -> str:
        if value is None or fd.id not in readable:
            return ""
        return mask(value) if readable[fd.id] else str(human(value))

    rows = [[cell(fd, human, emp.values.get(fd.id)) for fd, human in shown] for emp in visible_rows(ctx)]
    return [fd.name for fd in fields], rows


def to_csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
        'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
        'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        '<sheet name="Report" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}


def to_xlsx(header: list[str], rows: list[list[str]]) -> bytes:
    """A minimal single-sheet workbook with inline strings (enough for spreadsheet readers)."""
    lines = []
    for number, row in enumerate([header, *rows], 1):
        cells = "".join(f'<c t="inlineStr"><is><t>{escape(value)}</t></is></c>' for value in row)
        lines.append(f'<row r="{number}">{cells}</row>')
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><sheetData>{"".join(lines)}</sheetData></worksheet>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in XLSX_PARTS.items():
            archive.writestr(name, xml)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


def to_json(ctx: Ctx, report: Report, human_readable: str) -> bytes:
    """`{"employees": [...]}` in the people API's three-layer shape; hidden fields are omitted."""
    people = people_state(ctx.request.app.state)
    plan = people.plan(ctx.company, ctx.grants, list(report.fields), human_mode(human_readable))
    rows = (people.encode(plan, e.id, e.values, e.version) for e in visible_rows(ctx))
    return b'{"employees":[' + b",".join(rows) + b"]}"


def render(ctx: Ctx, report: Report, fmt: str, human_readable: str) -> Response:
    if fmt == "json":
        content = to_json(ctx, report, human_readable)
    else:
        writer: Callable[[list[str], list[list[str]]], bytes] = to_xlsx if fmt == "xlsx" else to_csv
        content = writer(*table(ctx, report))
    headers = {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(f'{report.name}.{fmt}')}"}
    return Response(content, media_type=MEDIA_TYPES[fmt], headers=headers)


@router.get("/company/reports")
async def list_reports(ctx: CtxDep) -> dict[str, Any]:
    require_group(ctx)
    return {"views": [report_json(r) for r in ctx.company.reports.values() if is_listed(ctx, r)]}


@router.get("/company/reports/download/{report_name}")
async def download_by_name(report_name: str, ctx: CtxDep) -> Response:
    require_group(ctx)
    pending = ctx.company.pending_reports.get(report_name)
    if pending is None:
        raise not_found(f"Report {report_name} not found")
    ready_at, report_id, fmt = pending
    now = dt.datetime.now()
    if now < ready_at:
        ctx.company.pending_reports[report_name] = (now, report_id, fmt)
        return Response(status_code=204)
    fmt_name, _, human_readable = fmt.partition("|")
    return render(ctx, find_report(ctx, report_id), fmt_name, human_readable)


@router.get("/company/reports/{report_id}/download")
async def download(report_id: int, ctx: CtxDep, format: Format = "csv", humanReadable: str = "") -> Response:
    require_group(ctx)
    return render(ctx, find_report(ctx, report_id), format, humanReadable)


@router.get("/company/reports/{report_id}/download-async")
async def download_async(
    report_id: int, request: Request, ctx: CtxDep, format: Format = "csv", humanReadable: str = ""
) -> Response:
    require_group(ctx)
    report = find_report(ctx, report_id)
    pending = ctx.company.pending_reports
    stamp = dt.datetime.now().isoformat().replace(":", "_")
    # HiBob's names look like "2022-06-17T11_22_14.798810-test.JsonFormat"; the counter keeps them unique.
    name = f"{stamp}-{report.id}-{len(pending) + 1}.{format.capitalize()}Format"
    pending[name] = (NOT_READY, report.id, f"{format}|{humanReadable}")
    location = f"{request.base_url}v1/company/reports/download/{name}"
    return Response(status_code=200, headers={"Location": location})
