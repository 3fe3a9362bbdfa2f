"""A per-process cache of rendered records, so a page read again costs one small query and a join.

An entry is keyed by everything its JSON depends on: the record id (which fixes the remote id and
created_at), the content hash of data and hidden fields, modified_at and the deleted flag. A record
that changes gets a new key, so an entry is never stale; old entries simply age out of the LRU.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from typing import Annotated

from fastapi import Depends, Request

from bobhub.store.reads import StoredRow

CacheKey = tuple[str, str, dt.datetime, bool]
# About 13,000 employees of ~5 kB each; a page of 100 is ~0.5 MB.
MAX_CHARACTERS = 64_000_000


def key_of(row: StoredRow) -> CacheKey:
    return (row.id, row.content_hash, row.modified_at, bool(row.remote_was_deleted))


class RecordCache:
    """Least recently used rendered records, up to `max_characters` of JSON in total."""

    def __init__(self, max_characters: int = MAX_CHARACTERS) -> None:
        self.max_characters = max_characters
        self._entries: OrderedDict[CacheKey, str] = OrderedDict()
        self._size = 0

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: CacheKey) -> str | None:
        found = self._entries.get(key)
        if found is not None:
            self._entries.move_to_end(key)
        return found

    def put(self, key: CacheKey, rendered: str) -> None:
        if len(rendered) > self.max_characters or key in self._entries:
            return
        self._entries[key] = rendered
        self._size += len(rendered)
        while self._size > self.max_characters:
            _, dropped = self._entries.popitem(last=False)
            self._size -= len(dropped)


async def record_cache(request: Request) -> RecordCache:
    """The process's cache, made on first use and kept on the app (one per running API)."""
    cache: RecordCache | None = getattr(request.app.state, "record_cache", None)
    if cache is None:
        cache = request.app.state.record_cache = RecordCache()
    return cache


RecordCacheDep = Annotated[RecordCache, Depends(record_cache)]
