"""Reading synced records for the API: pages, one record by either id, employee expansions and history.

Every function is scoped to one account (the caller's, chosen by the route's AccountDep) and answers
JSON bytes built by render.py; nothing here writes or commits.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bobhub.api.records import render
from bobhub.api.records.cache import RecordCache, key_of
from bobhub.api.records.effective import in_effect, row_order, started_by
from bobhub.api.records.pagination import PageParams, decode_cursor, encode_cursor, parse_moment
from bobhub.api.records.schemas import SyncRunPublic, SyncRunsPublic, SyncStreamPublic
from bobhub.errors import NotFound
from bobhub.store import reads
from bobhub.store.models import SyncRun
from bobhub.store.reads import DEPARTMENT_PREFIX, Match, StoredRow

EXPANDABLE = ("manager", "groups")
# History tables as the API names them → the store's resources.
HISTORY = {
    "work": "job_records",
    "employment": "employment_records",
    "lifecycle": "lifecycle_records",
    "compensation": "compensation_records",
    "variable_pay": "variable_pay_records",
    "equity": "equity_records",
    "training": "training_records",
}
# Tables holding one state at a time (a row is replaced by the next); the others accumulate rows.
STATEFUL = frozenset({"work", "employment", "lifecycle", "compensation"})
TABLE_OF = {resource: table for table, resource in HISTORY.items()}
SINGULAR = {"employees": "employee", "sync_runs": "sync run"}


async def page_of(
    session: AsyncSession, account_id: str, resource: str, params: PageParams, match: Match | None = None
) -> tuple[Sequence[StoredRow], str | None]:
    """The keys of one page of the resource and the cursor of the next (None on the last page)."""
    after = decode_cursor(params.cursor, resource)[0] if params.cursor else None
    keys = await reads.page(
        session,
        account_id,
        resource,
        after=after,
        # One more than asked tells whether another page follows, without a request for an empty one.
        limit=params.page_size + 1,
        modified_after=params.modified_after,
        include_deleted=params.include_deleted,
        match=match,
    )
    if len(keys) <= params.page_size:
        return keys, None
    shown = keys[: params.page_size]
    return shown, encode_cursor(resource, [shown[-1].id])


async def rendered(
    session: AsyncSession,
    account_id: str,
    keys: Sequence[StoredRow],
    cache: RecordCache,
    *,
    remote_data: bool,
) -> list[str]:
    """The JSON of the keyed records: from the cache, reading only the records it misses."""
    if remote_data:  # remote_data may change without the content hash: never cached
        found = await reads.rows(session, account_id, [key.id for key in keys], include_remote_data=True)
        return render.rows_json(found, remote_data=True)
    texts = [cache.get(key_of(key)) for key in keys]
    missing = [key.id for key, text in zip(keys, texts, strict=True) if text is None]
    fresh: dict[str, str] = {}
    for row in await reads.rows(session, account_id, missing):
        fresh[row.id] = render.record_json(row)
        cache.put(key_of(row), fresh[row.id])
    # A record read just now may be newer than its key (a sync wrote in between): its newer JSON is shown.
    return [text or fresh[key.id] for key, text in zip(keys, texts, strict=True) if text or key.id in fresh]


async def records_page(
    session: AsyncSession,
    account_id: str,
    resource: str,
    params: PageParams,
    cache: RecordCache,
    match: Match | None = None,
) -> bytes:
    keys, following = await page_of(session, account_id, resource, params, match)
    texts = await rendered(session, account_id, keys, cache, remote_data=params.include_remote_data)
    return render.page_json(texts, following)


async def employees_page(
    session: AsyncSession,
    account_id: str,
    params: PageParams,
    cache: RecordCache,
    match: Match,
    expand: frozenset[str],
) -> bytes:
    if not expand:
        return await records_page(session, account_id, "employees", params, cache, match)
    keys, following = await page_of(session, account_id, "employees", params, match)
    ids = [key.id for key in keys]
    found = await reads.rows(session, account_id, ids, include_remote_data=params.include_remote_data)
    extras = await expansions(session, account_id, found, expand)
    records = [
        render.record_json(row, remote_data=params.include_remote_data, extra=extra)
        for row, extra in zip(found, extras, strict=True)
    ]
    return render.page_json(records, following)


async def find(
    session: AsyncSession, account_id: str, resource: str, ident: str, *, include_remote_data: bool = False
) -> StoredRow:
    """The account's record by our id or HiBob's; NotFound for other accounts' records as for unknown ids."""
    row = await reads.find(session, account_id, resource, ident, include_remote_data=include_remote_data)
    if row is None:
        raise NotFound(f"no {SINGULAR.get(resource, resource)} {ident!r} in this account")
    return row


async def employee(
    session: AsyncSession, account_id: str, ident: str, *, include_remote_data: bool, expand: frozenset[str]
) -> bytes:
    row = await find(session, account_id, "employees", ident, include_remote_data=include_remote_data)
    extra = (await expansions(session, account_id, [row], expand))[0] if expand else None
    return render.record_json(row, remote_data=include_remote_data, extra=extra).encode()


async def expansions(
    session: AsyncSession, account_id: str, rows: Sequence[StoredRow], expand: frozenset[str]
) -> list[dict[str, str]]:
    """For each employee row, the JSON of the members `expand` asks for (manager, groups)."""
    data = [json.loads(row.data) for row in rows]
    extras: list[dict[str, str]] = [{} for _ in rows]
    if "manager" in expand:
        wanted = {d["manager_remote_id"] for d in data if d.get("manager_remote_id")}
        managers = {
            r.remote_id: r for r in await reads.by_remote_ids(session, account_id, "employees", wanted)
        }
        for extra, d in zip(extras, data, strict=True):
            found = managers.get(d.get("manager_remote_id") or "")
            extra["manager"] = json.dumps(employee_ref(found)) if found is not None else "null"
    if "groups" in expand:
        departments = {
            DEPARTMENT_PREFIX + d["department_remote_id"] for d in data if d.get("department_remote_id")
        }
        groups = {
            r.remote_id: r for r in await reads.by_remote_ids(session, account_id, "groups", departments)
        }
        for extra, d in zip(extras, data, strict=True):
            group = groups.get(DEPARTMENT_PREFIX + str(d.get("department_remote_id")))
            extra["groups"] = render.array([render.record_json(group)] if group is not None else [])
    return extras


async def by_remote_id(
    session: AsyncSession, account_id: str, resource: str, remote_ids: Sequence[str | None]
) -> dict[str, StoredRow]:
    wanted = {remote_id for remote_id in remote_ids if remote_id}
    return {row.remote_id: row for row in await reads.by_remote_ids(session, account_id, resource, wanted)}


def department_group(data: dict[str, Any]) -> str | None:
    """The remote id of the employee's department group."""
    department = data.get("department_remote_id")
    return DEPARTMENT_PREFIX + str(department) if department else None


def employee_ref(row: StoredRow) -> dict[str, Any]:
    data = json.loads(row.data)
    return {
        "id": row.id,
        "remote_id": row.remote_id,
        "display_name": data.get("display_name"),
        "work_email": data.get("work_email"),
        "job_title": data.get("job_title"),
        "remote_was_deleted": bool(row.remote_was_deleted),
    }


async def history(
    session: AsyncSession,
    account_id: str,
    ident: str,
    *,
    as_of: dt.date | None,
    include_remote_data: bool,
    include_deleted: bool,
) -> bytes:
    """The employee's rows by table, ordered by effective date; with `as_of`, those in effect that day."""
    person = await find(session, account_id, "employees", ident)
    rows = await reads.history(
        session,
        account_id,
        HISTORY.values(),
        person.remote_id,
        # A row HiBob deleted was never in effect: a day's view leaves those out whatever the flag says.
        include_deleted=include_deleted and as_of is None,
        include_remote_data=include_remote_data,
    )
    tables: dict[str, list[StoredRow]] = {table: [] for table in HISTORY}
    for row in rows:
        tables[TABLE_OF[row.resource]].append(row)
    body = [f'"employee_id":"{person.id}"', f'"as_of":{json.dumps(as_of.isoformat() if as_of else None)}']
    for table, found in tables.items():
        ordered = sorted(found, key=row_order)
        shown = ordered if as_of is None else shown_on(table, ordered, as_of.isoformat())
        body.append(f'"{table}":' + render.array(render.rows_json(shown, remote_data=include_remote_data)))
    return ("{" + ",".join(body) + "}").encode()


def shown_on(table: str, ordered: Sequence[StoredRow], day: str) -> list[StoredRow]:
    """One table's rows for `as_of`: the row in effect for tables holding one state at a time, every row
    started by then for the others."""
    if table not in STATEFUL:
        return started_by(ordered, day)
    current = in_effect(ordered, day)
    return [current] if current is not None else []


async def sync_runs_page(session: AsyncSession, account_id: str, params: PageParams) -> SyncRunsPublic:
    """The account's sync runs, newest first; `modified_after` keeps runs started or finished since then."""
    before = None
    if params.cursor:
        started, run_id = decode_cursor(params.cursor, "sync_runs", size=2)
        before = (parse_moment(started, "cursor"), run_id)
    runs = await reads.sync_runs(
        session, account_id, before=before, limit=params.page_size + 1, changed_after=params.modified_after
    )
    shown = runs[: params.page_size]
    following = None
    if len(runs) > params.page_size:
        following = encode_cursor("sync_runs", [shown[-1].started_at.isoformat(), shown[-1].id])
    return SyncRunsPublic(next=following, results=await runs_public(session, shown))


async def sync_run(session: AsyncSession, account_id: str, run_id: str) -> SyncRunPublic:
    run = await reads.sync_run(session, account_id, run_id)
    if run is None:
        raise NotFound(f"no sync run {run_id!r} in this account")
    return (await runs_public(session, [run]))[0]


async def runs_public(session: AsyncSession, runs: Sequence[SyncRun]) -> list[SyncRunPublic]:
    streams: dict[str, list[SyncStreamPublic]] = {run.id: [] for run in runs}
    for stream in await reads.stream_runs(session, list(streams)):
        streams[stream.run_id].append(
            SyncStreamPublic(
                name=stream.stream,
                status=stream.status,
                records=stream.records,
                created=stream.created,
                updated=stream.updated,
                deleted=stream.deleted,
                calls=stream.calls,
                rate_limited=stream.rate_limited,
                duration_ms=stream.duration_ms,
                error=stream.error,
            )
        )
    return [
        SyncRunPublic(
            id=run.id,
            account_id=run.account_id,
            kind=run.kind,
            status=run.status,
            started_at=run.started_at,
            finished_at=run.finished_at,
            error=run.error,
            streams=streams[run.id],
        )
        for run in runs
    ]
