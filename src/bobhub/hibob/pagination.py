"""Cursor pagination of HiBob's bulk endpoints as async iterators; the cursor never leaves this module.

HiBob pages with `?limit=&cursor=` (limit ≤ 200) and answers `response_metadata.next_cursor`, `null` on
the last page (hibob-api-notes.md §4); the OpenAPI spec names it `response_metadata.cursor` in places,
so both are read. Bulk reads list employees the service user may not access under `errors`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any, Generic, TypeVar

from bobhub.hibob.errors import UnexpectedResponse

T = TypeVar("T")
MAX_PAGE_SIZE = 200

Fetch = Callable[[Mapping[str, Any]], Awaitable[Any]]


class CursorPages(Generic[T]):
    """Yields the items of every page; `errors` collects each page's `errors[]` as pages are read.

    `fetch` gets the paging query parameters to merge into the request and returns the decoded page.
    """

    def __init__(
        self,
        fetch: Fetch,
        *,
        items: str,
        parse: Callable[[Any], T],
        page_size: int = MAX_PAGE_SIZE,
        parse_error: Callable[[Any], Any] = lambda raw: raw,
    ) -> None:
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"HiBob pages hold 1 to {MAX_PAGE_SIZE} items")
        self._fetch = fetch
        self._items = items
        self._parse = parse
        self._page_size = page_size
        self._parse_error = parse_error
        self.errors: list[Any] = []
        self.pages = 0

    def __aiter__(self) -> AsyncIterator[T]:
        return self._iterate()

    async def _iterate(self) -> AsyncIterator[T]:
        cursor: str | None = None
        seen: set[str] = set()
        while True:
            params: dict[str, Any] = {"limit": self._page_size}
            if cursor is not None:
                params["cursor"] = cursor
            page = await self._fetch(params)
            self.pages += 1
            if not isinstance(page, Mapping):
                raise UnexpectedResponse("a HiBob page is not a JSON object", status_code=200)
            self.errors.extend(self._parse_error(e) for e in page.get("errors") or [])
            for raw in page.get(self._items) or []:
                yield self._parse(raw)
            cursor = _next_cursor(page)
            if cursor is None:
                return
            if cursor in seen:
                raise UnexpectedResponse("HiBob returned the same page cursor twice", status_code=200)
            seen.add(cursor)


def _next_cursor(page: Mapping[str, Any]) -> str | None:
    meta = page.get("response_metadata") or {}
    cursor = meta.get("next_cursor", meta.get("cursor")) if isinstance(meta, Mapping) else None
    return str(cursor) if cursor else None
