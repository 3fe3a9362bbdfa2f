"""List parameters every read route shares: the opaque cursor, page size, modified_after and the flags.

A cursor is urlsafe base64 of JSON naming the list it belongs to and the last key returned. Keys are
immutable (our record id; a run's start time and id), so a sync writing between two pages can neither
repeat nor skip a record that existed when paging began.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query, Request

from bobhub.errors import BadRequest

MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 50
RUN_COMMON = ("cursor", "page_size", "modified_after")
COMMON = (*RUN_COMMON, "include_remote_data", "include_deleted")


def encode_cursor(kind: str, key: list[str]) -> str:
    raw = json.dumps([kind, *key], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, kind: str, size: int = 1) -> list[str]:
    """The key in a cursor made by `encode_cursor(kind, …)`; BadRequest for anything else."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        decoded = json.loads(raw)
    except (binascii.Error, ValueError):
        raise BadRequest("cursor: not a cursor this API returned") from None
    if (
        not isinstance(decoded, list)
        or len(decoded) != size + 1
        or not all(isinstance(part, str) for part in decoded)
    ):
        raise BadRequest("cursor: not a cursor this API returned")
    if decoded[0] != kind:
        raise BadRequest(f"cursor: it belongs to another list ({decoded[0]}), not to {kind}")
    return decoded[1:]


def as_utc(moment: dt.datetime) -> dt.datetime:
    # A timestamp without an offset is read as UTC, the zone of every timestamp this API returns.
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def parse_moment(raw: str, name: str) -> dt.datetime:
    try:
        return as_utc(dt.datetime.fromisoformat(raw.strip().replace(" ", "+")))
    except (ValueError, OverflowError):  # a time outside what UTC can hold
        raise BadRequest(f"{name}: not an ISO 8601 date-time, e.g. 2024-05-01T00:00:00Z") from None


@dataclass(frozen=True, slots=True)
class PageParams:
    """A list request's common parameters, validated."""

    cursor: str | None
    page_size: int
    modified_after: dt.datetime | None
    include_remote_data: bool
    include_deleted: bool


Cursor = Annotated[str | None, Query(description="The `next` of the previous page; omit for the first page.")]
PageSize = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description=f"Results per page (1–{MAX_PAGE_SIZE}).")]
ModifiedAfter = Annotated[
    str | None,
    Query(
        description="Only objects whose copy changed at or after this ISO 8601 time (UTC when it has no "
        "offset); inclusive, so passing the last `modified_at` seen misses nothing.",
        examples=["2024-05-01T00:00:00Z"],
        json_schema_extra={"format": "date-time"},
    ),
]
IncludeRemoteData = Annotated[
    bool, Query(description="Add `remote_data`, the HiBob objects each one came from.")
]
IncludeDeleted = Annotated[
    bool,
    Query(
        description="Show objects HiBob no longer returns, flagged `remote_was_deleted` (false hides them)."
    ),
]


# The dependencies below do no I/O: `async def` keeps them on the event loop, where FastAPI would
# otherwise hand every `def` dependency of every request to a worker thread.
async def page_params(
    cursor: Cursor = None,
    page_size: PageSize = DEFAULT_PAGE_SIZE,
    modified_after: ModifiedAfter = None,
    include_remote_data: IncludeRemoteData = False,
    include_deleted: IncludeDeleted = True,
) -> PageParams:
    return PageParams(
        cursor=cursor,
        page_size=page_size,
        modified_after=parse_moment(modified_after, "modified_after") if modified_after else None,
        include_remote_data=include_remote_data,
        include_deleted=include_deleted,
    )


async def run_page_params(
    cursor: Cursor = None, page_size: PageSize = DEFAULT_PAGE_SIZE, modified_after: ModifiedAfter = None
) -> PageParams:
    """Sync runs are bobhub's own: no remote data, nothing HiBob deleted."""
    return await page_params(cursor, page_size, modified_after)


PageDep = Annotated[PageParams, Depends(page_params)]
RunPageDep = Annotated[PageParams, Depends(run_page_params)]


def only_parameters(*names: str, common: Iterable[str] = COMMON) -> Callable[[Request], Awaitable[None]]:
    """A dependency refusing query parameters other than these: a misspelt filter must not silently
    return everyone."""
    allowed = frozenset(common) | frozenset(names)
    listed = ", ".join(sorted(allowed))

    async def check(request: Request) -> None:
        unknown = [name for name in request.query_params if name not in allowed]
        if unknown:
            raise BadRequest(f"unknown parameter {unknown[0]!r}; this route takes {listed}")

    return check


def split_expand(raw: str | None, allowed: tuple[str, ...]) -> frozenset[str]:
    """`expand=a,b` as a set; BadRequest naming the allowed values for anything else."""
    if not raw:
        return frozenset()
    wanted = {part.strip() for part in raw.split(",") if part.strip()}
    unknown = sorted(wanted - set(allowed))
    if unknown:
        raise BadRequest(f"expand: unknown value {unknown[0]!r}; allowed values are {', '.join(allowed)}")
    return frozenset(wanted)
