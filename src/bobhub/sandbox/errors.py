"""Errors the simulated HiBob answers with, in HiBob's `{"key", "error"}` body shape."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse


class HiBobHTTPError(Exception):
    """Raised by sandbox routes; rendered as HiBob's error body with the given status."""

    def __init__(self, status_code: int, key: str, error: str, headers: dict[str, str] | None = None):
        super().__init__(error)
        self.status_code = status_code
        self.key = key
        self.error = error
        self.headers = headers or {}


def bad_request(error: str, key: str = "invalid_request") -> HiBobHTTPError:
    return HiBobHTTPError(400, key, error)


def not_found(error: str = "Resource not found", key: str = "not_found") -> HiBobHTTPError:
    return HiBobHTTPError(404, key, error)


def forbidden(needed: str) -> HiBobHTTPError:
    """403 as HiBob words it; `needed` names the missing permission (the sandbox is explicit on purpose)."""
    return HiBobHTTPError(
        403,
        "forbidden",
        f"The service user does not have permissions to access this resource ({needed})",
    )


def conflict(error: str) -> HiBobHTTPError:
    return HiBobHTTPError(409, "conflict", error)


def render(exc: HiBobHTTPError) -> JSONResponse:
    body: dict[str, Any] = {"key": exc.key, "error": exc.error}
    return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)


async def handle_hibob_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HiBobHTTPError)
    return render(exc)
