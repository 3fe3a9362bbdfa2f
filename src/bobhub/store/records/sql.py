"""SQL helpers the repositories share: chunking for SQLite's parameter cap, matching many keys, and
keyset positions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar, TypeVarTuple

from sqlalchemy import (
    JSON,
    BindParameter,
    Cast,
    ColumnElement,
    Select,
    String,
    Text,
    and_,
    bindparam,
    cast,
    func,
    literal,
    or_,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

# SQLite caps bound parameters per statement (32,766); 500 rows of 13 columns stay far below it.
CHUNK = 500

T = TypeVar("T")
Ts = TypeVarTuple("Ts")


def chunked(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def past(
    moment_column: InstrumentedAttribute[dt.datetime],
    id_column: InstrumentedAttribute[str],
    position: tuple[dt.datetime, str],
    *,
    newest_first: bool = False,
) -> ColumnElement[bool]:
    """Rows beyond the keyset `position` in (moment, id) order: later ones, or earlier ones when the
    list runs `newest_first`; the id breaks ties between rows of the same moment."""
    moment, ident = position
    if newest_first:
        return or_(moment_column < moment, and_(moment_column == moment, id_column < ident))
    return or_(moment_column > moment, and_(moment_column == moment, id_column > ident))


def dialect_of(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


def where_in(
    query: Select[*Ts], column: InstrumentedAttribute[str], values: Sequence[str], dialect: str
) -> Select[*Ts]:
    """`query` limited to rows whose `column` is one of `values` (at most a chunk of them)."""
    if dialect == "postgresql":
        # psycopg prepares a statement once it has run five times; the generic plan of `IN ($1..$500)`
        # filters the whole resource (~150 ms a chunk at 10,000 rows), a join to one array keeps lookups.
        wanted = func.unnest(literal(list(values), ARRAY(String))).table_valued("key").render_derived()
        return query.join(wanted, column == wanted.c.key)
    return query.where(column.in_(values))


def json_text(name: str, dialect: str) -> BindParameter[str] | Cast[Any]:
    """A bound parameter carrying JSON already serialised, for a JSON column (no second serialisation)."""
    text = bindparam(name, type_=Text())
    # SQLite keeps JSON as text; PostgreSQL reads the text into its json type.
    return cast(text, JSON()) if dialect == "postgresql" else text
