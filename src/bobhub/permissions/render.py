"""Rich rendering of a doctor report and of a plan, grouped as HiBob's permission-group UI groups them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from itertools import groupby

from rich.console import Console
from rich.table import Table

from bobhub.permissions.audience import AUDIENCE_PATH
from bobhub.permissions.catalogue import PermissionSpec
from bobhub.permissions.planner import AUDIENCE
from bobhub.permissions.report import Check, DoctorReport

MARKS = {"granted": "[green]✓[/]", "missing": "[red]✗[/]", "not_checkable": "[yellow]?[/]"}


def render_report(report: DoctorReport, console: Console) -> None:
    """The checklist (✓ granted, ✗ missing, ? not checkable), fix steps, audience and field visibility."""
    if report.credentials == "invalid":
        console.print(f"[red]✗ Credentials invalid.[/] {report.summary}")
        return
    for (tab, group), checks in groupby(report.checks, key=lambda c: (c.tab, c.group)):
        console.print(checklist(f"{tab} > {group}", list(checks)))
    render_fixes(report, console)
    render_audience(report, console)
    render_fields(report, console)
    console.print(("[green]" if report.ok else "[yellow]") + report.summary + "[/]")


def checklist(title: str, checks: list[Check]) -> Table:
    table = Table(title=title, title_justify="left", show_lines=False, expand=True)
    table.add_column("", width=1, no_wrap=True)
    table.add_column("Section", style="bold", ratio=1)
    table.add_column("Permission", ratio=3)
    table.add_column("Evidence", style="dim", ratio=4, overflow="fold")
    previous = None
    for check in checks:
        shown = check.section if check.section != previous else ""
        previous = check.section
        table.add_row(MARKS[check.status], shown, check.permission, check.evidence)
    return table


def render_fixes(report: DoctorReport, console: Console) -> None:
    missing = [c for c in report.checks if c.status == "missing"]
    if not missing:
        console.print("[green]Nothing missing among the permissions the API can check.[/]")
        return
    console.print(f"[bold]To fix ({len(missing)} missing):[/]")
    for check in missing:
        console.print(f"[red]✗[/] {check.label}")
        console.print(f"    {check.fix}", highlight=False)
        if check.unlocks:
            console.print(f"    [dim]stays empty without it: {', '.join(check.unlocks)}[/]")


def render_audience(report: DoctorReport, console: Console) -> None:
    audience = report.audience
    table = Table(title=f"Visible employees: {audience.visible_employees}", title_justify="left")
    table.add_column("Lifecycle status")
    table.add_column("Employees", justify="right")
    for status, n in audience.counts.items():
        table.add_row(status, str(n))
    console.print(table)
    for warning in audience.warnings:
        console.print(f"[yellow]! {warning}[/]", highlight=False)


def render_fields(report: DoctorReport, console: Console) -> None:
    by_status = Counter(f.status for f in report.fields)
    console.print(
        f"Fields: {by_status['visible']} visible, {by_status['empty']} empty for everyone, "
        f"{by_status['hidden']} hidden."
    )
    hidden = Counter(f.category for f in report.fields if f.status == "hidden")
    if hidden:
        console.print("    hidden by category: " + ", ".join(f"{c} {n}" for c, n in hidden.items()))


def render_plan(perms: Iterable[PermissionSpec], console: Console) -> None:
    """The permissions to tick, grouped as in Bob, with their UI paths and the audience to choose."""
    specs = list(perms)
    for (tab, group), found in groupby(specs, key=lambda s: (s.tab, s.group)):
        table = Table(title=f"{tab} > {group}", title_justify="left", expand=True)
        table.add_column("Section", style="bold", ratio=1)
        table.add_column("Permission", ratio=3)
        table.add_column("Unlocks", style="dim", ratio=2, overflow="fold")
        previous = None
        for spec in found:
            table.add_row(
                spec.section if spec.section != previous else "", spec.wording, ", ".join(spec.unlocks)
            )
            previous = spec.section
        console.print(table)
    if any(s.key.startswith("docs_") for s in specs):
        console.print("Documents: tick the same rights on every custom folder the integration should use.")
    console.print(f"Audience: select people by condition with lifecycle statuses {', '.join(AUDIENCE)}")
    console.print(f"    {AUDIENCE_PATH}", highlight=False)
    for spec in specs:
        console.print(f"  {spec.ui_path}", highlight=False)
