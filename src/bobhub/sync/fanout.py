"""Per-employee reads in concurrent chunks: the rate budget decides the pace, chunks bound the memory."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

CHUNK = 50  # one of HiBob's windows of reads: more in flight would only queue in the budget


async def gather_chunks(
    items: Sequence[T], read: Callable[[T], Awaitable[R]], size: int = CHUNK
) -> AsyncIterator[tuple[Sequence[T], list[R]]]:
    """`read` every item, `size` at a time, yielding each chunk and its results in order."""
    for start in range(0, len(items), size):
        chunk = items[start : start + size]
        yield chunk, list(await asyncio.gather(*(read(i) for i in chunk)))
