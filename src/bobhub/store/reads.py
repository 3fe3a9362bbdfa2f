"""Every query of the unified read API: pages of records, records by id, history rows, org chart rows, runs.

Records come back as rows whose `data`, `hidden_fields` and `remote_data` are the stored JSON text, not
parsed: the API splices that text into its responses, so a page of large employee objects is never
decoded and encoded again. Functions take an AsyncSession and never commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, Text, and_, cast, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bobhub.store.models import Record, SyncRun, SyncStreamRun
from bobhub.store.records.sql import past

# A department group's remote id is "department:<item id>"; employees hold the bare item id.
DEPARTMENT_PREFIX = "department:"
KEYS = (Record.id, Record.content_hash, Record.modified_at, Record.remote_was_deleted)
ENVELOPE = (
    Record.id,
    Record.remote_id,
    Record.created_at,
    Record.modified_at,
    Record.remote_was_deleted,
    Record.content_hash,
    cast(Record.hidden_fields, Text).label("hidden_fields"),
)
DATA = cast(Record.data, Text).label("data")
REMOTE_DATA = cast(Record.remote_data, Text).label("remote_data")
NO_REMOTE_DATA = literal(None, Text).label("remote_data")

StoredRow = Row[*tuple[Any, ...]]


@dataclass(frozen=True, slots=True)
class Match:
    """Filters of a page; None means "any". Ids may be ours (rec_…) or HiBob's remote ids."""

    employment_status: str | None = None
    group: str | None = None
    location: str | None = None
    email: str | None = None
    employee: str | None = None
    status: str | None = None
    type: str | None = None


def _field(*path: str) -> ColumnElement[str]:
    found: ColumnElement[str] = Record.data[path if len(path) > 1 else path[0]].as_string()
    return found


def _fields(*names: str) -> list[ColumnElement[str]]:
    """Top-level fields of the stored JSON, each as a column of its own name."""
    return [_field(name).label(name) for name in names]


def _live(account_id: str, resource: str) -> ColumnElement[bool]:
    """The account's records of `resource` that HiBob still returns."""
    return and_(
        Record.account_id == account_id, Record.resource == resource, Record.remote_was_deleted.is_(False)
    )


def _remote_ids_of(account_id: str, resource: str, record_id: str) -> Select[str]:
    """The remote id of the account's record `record_id` of `resource` (none when there is no such record)."""
    return select(Record.remote_id).where(
        Record.account_id == account_id, Record.resource == resource, Record.id == record_id
    )


def _refers_to(column: ColumnElement[str], account_id: str, resource: str, ident: str) -> ColumnElement[bool]:
    """`column` holds the remote id `ident`, or the remote id of our record `ident`."""
    return or_(column == ident, column.in_(_remote_ids_of(account_id, resource, ident)))


def _conditions(account_id: str, match: Match) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if match.employment_status is not None:
        found.append(_field("employment_status", "value") == match.employment_status)
    if match.type is not None:
        found.append(_field("type") == match.type)
    if match.status is not None:
        found.append(_field("status", "value") == match.status)
    if match.email is not None:
        wanted = match.email.lower()
        found.append(
            or_(func.lower(_field("work_email")) == wanted, func.lower(_field("personal_email")) == wanted)
        )
    if match.location is not None:
        found.append(_refers_to(_field("location_remote_id"), account_id, "locations", match.location))
    if match.employee is not None:
        found.append(_refers_to(_field("employee_remote_id"), account_id, "employees", match.employee))
    if match.group is not None:
        department = literal(DEPARTMENT_PREFIX) + _field("department_remote_id")
        found.append(_refers_to(department, account_id, "groups", match.group))
    return found


async def page(
    session: AsyncSession,
    account_id: str,
    resource: str,
    *,
    after: str | None,
    limit: int,
    modified_after: dt.datetime | None = None,
    include_deleted: bool = True,
    match: Match | None = None,
) -> Sequence[StoredRow]:
    """The keys of up to `limit` records in id order after the id `after` (keyset pagination on the
    immutable id): id, content_hash, modified_at and remote_was_deleted, which together fix a record's JSON.

    The ids are chosen first from the cursor index, then only those rows are read, so the database never
    sorts the large JSON columns of a whole resource.
    """
    keys = select(Record.id).where(Record.account_id == account_id, Record.resource == resource)
    if after is not None:
        keys = keys.where(Record.id > after)
    if modified_after is not None:
        keys = keys.where(Record.modified_at >= modified_after)
    if not include_deleted:
        keys = keys.where(Record.remote_was_deleted.is_(False))
    if match is not None:
        keys = keys.where(*_conditions(account_id, match))
    keys = keys.order_by(Record.id).limit(limit)
    query = select(*KEYS).where(Record.id.in_(keys)).order_by(Record.id)
    return (await session.execute(query)).all()


async def rows(
    session: AsyncSession, account_id: str, ids: Collection[str], *, include_remote_data: bool = False
) -> Sequence[StoredRow]:
    """The account's records with these ids, in id order, with their stored JSON text."""
    if not ids:
        return []
    columns = (*ENVELOPE, DATA, REMOTE_DATA if include_remote_data else NO_REMOTE_DATA)
    query = select(*columns).where(Record.account_id == account_id, Record.id.in_(sorted(ids)))
    return (await session.execute(query.order_by(Record.id))).all()


async def find(
    session: AsyncSession, account_id: str, resource: str, ident: str, *, include_remote_data: bool = False
) -> StoredRow | None:
    """The account's record of `resource` whose id or remote id is `ident`."""
    columns = (*ENVELOPE, DATA, REMOTE_DATA if include_remote_data else NO_REMOTE_DATA)
    query = select(*columns).where(
        Record.account_id == account_id,
        Record.resource == resource,
        or_(Record.id == ident, Record.remote_id == ident),
    )
    # An id of ours wins over a remote id that happens to look the same.
    query = query.order_by((Record.id == ident).desc()).limit(1)
    return (await session.execute(query)).first()


async def by_remote_ids(
    session: AsyncSession, account_id: str, resource: str, remote_ids: Collection[str]
) -> Sequence[StoredRow]:
    """The account's records of `resource` with these remote ids (without remote_data)."""
    if not remote_ids:
        return []
    query = select(*ENVELOPE, DATA, NO_REMOTE_DATA).where(
        Record.account_id == account_id,
        Record.resource == resource,
        Record.remote_id.in_(sorted(remote_ids)),
    )
    return (await session.execute(query.order_by(Record.id))).all()


async def history(
    session: AsyncSession,
    account_id: str,
    resources: Collection[str],
    employee_remote_id: str,
    *,
    include_deleted: bool = True,
    include_remote_data: bool = False,
) -> Sequence[StoredRow]:
    """An employee's rows of the history resources, with `resource`, `effective_date` and `end_date`."""
    columns = (
        *ENVELOPE,
        DATA,
        REMOTE_DATA if include_remote_data else NO_REMOTE_DATA,
        Record.resource,
        _field("effective_date").label("effective_date"),
        _field("end_date").label("end_date"),
    )
    query = select(*columns).where(
        Record.account_id == account_id,
        Record.resource.in_(sorted(resources)),
        _field("employee_remote_id") == employee_remote_id,
    )
    if not include_deleted:
        query = query.where(Record.remote_was_deleted.is_(False))
    return (await session.execute(query.order_by(Record.id))).all()


async def chart_people(session: AsyncSession, account_id: str) -> Sequence[StoredRow]:
    """What the org chart shows of each employee still in HiBob, read from the JSON without loading it."""
    query = select(
        Record.id,
        Record.remote_id,
        *_fields("display_name", "job_title", "department", "work_email", "manager_remote_id"),
        _field("employment_status", "value").label("employment_status"),
        *_fields("start_date", "termination_date"),
    ).where(_live(account_id, "employees"))
    return (await session.execute(query.order_by(Record.remote_id))).all()


async def chart_work_rows(session: AsyncSession, account_id: str) -> Sequence[StoredRow]:
    """Every work-history row still in HiBob: employee, dates, manager, department and title ids."""
    query = select(
        Record.remote_id,
        *_fields("employee_remote_id", "effective_date", "end_date"),
        *_fields("manager_remote_id", "department_remote_id", "job_title_remote_id"),
    ).where(_live(account_id, "job_records"))
    return (await session.execute(query.order_by(Record.remote_id))).all()


async def group_names(session: AsyncSession, account_id: str, kinds: Collection[str]) -> dict[str, str]:
    """Remote id → name of the account's groups of these list names (e.g. department, title)."""
    query = select(Record.remote_id, _field("name")).where(
        Record.account_id == account_id,
        Record.resource == "groups",
        _field("type").in_(sorted(kinds)),
    )
    return {remote_id: name for remote_id, name in (await session.execute(query)) if name is not None}


async def sync_runs(
    session: AsyncSession,
    account_id: str,
    *,
    before: tuple[dt.datetime, str] | None,
    limit: int,
    changed_after: dt.datetime | None = None,
) -> Sequence[SyncRun]:
    """The account's runs newest first, after the keyset (started_at, id) `before`."""
    query = select(SyncRun).where(SyncRun.account_id == account_id)
    if before is not None:
        query = query.where(past(SyncRun.started_at, SyncRun.id, before, newest_first=True))
    if changed_after is not None:
        query = query.where(or_(SyncRun.started_at >= changed_after, SyncRun.finished_at >= changed_after))
    query = query.order_by(SyncRun.started_at.desc(), SyncRun.id.desc()).limit(limit)
    return (await session.scalars(query)).all()


async def sync_run(session: AsyncSession, account_id: str, run_id: str) -> SyncRun | None:
    query = select(SyncRun).where(SyncRun.account_id == account_id, SyncRun.id == run_id)
    return await session.scalar(query)


async def stream_runs(session: AsyncSession, run_ids: Collection[str]) -> Sequence[SyncStreamRun]:
    """The stream runs of these runs, in the order they finished."""
    if not run_ids:
        return []
    query = select(SyncStreamRun).where(SyncStreamRun.run_id.in_(sorted(run_ids)))
    query = query.order_by(SyncStreamRun.finished_at, SyncStreamRun.stream)
    return (await session.scalars(query)).all()
