"""Small readers of HiBob values that never raise: text, numbers, flags, money, masks, plain objects."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel


def plain(obj: Any) -> dict[str, Any]:
    """A HiBob object as a dict with HiBob's key names, whether parsed by the client or raw JSON."""
    if isinstance(obj, BaseModel):
        raw = getattr(obj, "raw", None)
        return dict(raw()) if callable(raw) else obj.model_dump(by_alias=True, exclude_unset=True)
    return dict(obj) if isinstance(obj, Mapping) else {}


def text(value: Any) -> str | None:
    return None if value is None else str(value)


def number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        found = None if value is None or value == "" else float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return found if found is None or math.isfinite(found) else None


def flag(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def money(value: Any) -> tuple[float | None, str | None]:
    """HiBob money columns are {"value", "currency"}; a bare number has no currency."""
    if isinstance(value, Mapping):
        return number(value.get("value")), text(value.get("currency"))
    return number(value), None


def mask(value: Any) -> str | None:
    """Bank numbers: the last four characters only; a value HiBob already masked stays as it is."""
    if value is None:
        return None
    shown = str(value)
    if "*" in shown:
        return shown
    return "*" * max(len(shown) - 4, 4) + shown[-4:] if len(shown) > 4 else "*" * len(shown)
