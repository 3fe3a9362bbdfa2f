"""Reports (list, download, async download with 204 polling), tasks and avatars over real HTTP."""

from __future__ import annotations

import csv
import io
import json

from bobhub.sandbox.state import Sandbox
from tests.hibob.conftest import MakeClient, calls


async def test_reports_list_and_downloads(bob: MakeClient, sandbox: Sandbox) -> None:
    reports = bob("full").reports
    listed = await reports.list()
    assert listed
    assert all(r.id and r.name for r in listed)
    report = listed[0]
    rows = list(csv.reader(io.StringIO((await reports.download(report.id)).decode())))
    assert len(rows) > 1
    as_json = json.loads(await reports.download(report.id, format="json"))
    assert as_json["employees"]
    before = calls(sandbox, "GET /company/reports/download/{report_name}")
    generated = await reports.download_async(report.id, poll_every=0.05)
    assert list(csv.reader(io.StringIO(generated.decode()))) == rows
    # HiBob answers 204 until the file is ready: at least one poll came back empty.
    assert calls(sandbox, "GET /company/reports/download/{report_name}") - before >= 2


async def test_tasks(bob: MakeClient) -> None:
    tasks = bob("full").tasks
    open_tasks = await tasks.list()
    assert open_tasks
    assert all(t.status == "open" for t in open_tasks)
    task = open_tasks[0]
    assert task.owner is not None
    assert task.owner.id
    mine = await tasks.list_for(task.owner.id, status="open")
    assert task.id in {t.id for t in mine}
    assert await tasks.complete(task.id) == 1
    assert await tasks.complete(task.id) == 0
    closed = await tasks.list_for(task.owner.id, status="closed")
    assert task.id in {t.id for t in closed}


async def test_avatars(bob: MakeClient) -> None:
    client = bob("full")
    someone = (await client.people.search(fields=["root.id", "root.email"]))[0]
    url = "https://images.example.com/avatar.png"
    await client.avatars.update(someone.id, url)
    assert await client.avatars.get(someone.id) == url
    assert await client.avatars.get_by_email(someone.get("root.email")) == url
