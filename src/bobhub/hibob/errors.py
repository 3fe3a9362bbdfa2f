"""Every error the HiBob client raises: one root, grouped by what the caller should do about it.

    HiBobError
    ├── TransportError           no usable answer (connection refused or reset, timeout): try again later
    ├── UnexpectedResponse       a 2xx whose body is not what HiBob promises (an HTML login page, cut JSON)
    ├── InvalidWebhook           an inbound webhook with a bad signature or body: refuse it
    └── APIError                 HiBob answered an error status; carries status_code, key, error, request_id
        ├── AuthenticationError  401: wrong service user id or token; fix the credentials, never retry
        ├── PermissionDenied     403: the permission group lacks `permission` (HiBob's wording); grant it
        ├── NotFound             404: no such record, or the HiBob module is not purchased
        ├── InvalidRequest       400, 409, 422 and other 4xx: HiBob's `key` and `error` say what to fix
        ├── RateLimited          429 still answered after the retries: `retry_after` seconds
        └── ServerError          5xx still answered after the retries

`from_response` is the only place that turns an HTTP status into one of these classes.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

# Keep error bodies short: they end up in logs and tracebacks.
_BODY_LIMIT = 500


class HiBobError(Exception):
    """Root of every error raised by `bobhub.hibob`."""


class TransportError(HiBobError):
    """The request got no usable answer: connection refused or reset, or a timeout.

    `sent` is False only when the request provably never reached HiBob (no connection was made).
    """

    def __init__(self, message: str, *, sent: bool = True) -> None:
        super().__init__(message)
        self.sent = sent


class UnexpectedResponse(HiBobError):
    """HiBob answered 2xx with a body the client cannot read (HiBob's HTML login page, truncated JSON)."""

    def __init__(self, message: str, *, status_code: int, body: str = "") -> None:
        super().__init__(message)
        self.status_code = status_code
        self.body = body[:_BODY_LIMIT]


class InvalidWebhook(HiBobError):
    """An inbound webhook whose `Bob-Signature` does not match its body, or that is not a v2 event."""


class APIError(HiBobError):
    """HiBob answered with an error status; `key` and `error` are HiBob's own error fields."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        key: str | None = None,
        error: str | None = None,
        body: str = "",
        request_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.key = key
        self.error = error
        self.body = body[:_BODY_LIMIT]
        self.request_id = request_id


class AuthenticationError(APIError):
    """401: HiBob does not know this service user id and token pair."""


class PermissionDenied(APIError):
    """403: the service user's permission group lacks `permission`, named in HiBob's wording."""

    def __init__(self, message: str, *, permission: str | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.permission = permission


class NotFound(APIError):
    """404: the record does not exist (or is outside the service user's audience), or the module is off."""


class InvalidRequest(APIError):
    """400, 409, 422 or another 4xx: the request itself is wrong; HiBob's `key`/`error` explain."""


class RateLimited(APIError):
    """429 answered again after the retries ran out; `retry_after` is HiBob's hint in seconds."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class ServerError(APIError):
    """5xx answered again after the retries ran out."""


def from_response(
    response: httpx.Response,
    *,
    endpoint: str,
    permission: str | None = None,
    retry_after: float | None = None,
) -> APIError:
    """The error for an error response; `endpoint` is "METHOD /template", never a URL with secrets."""
    status = response.status_code
    body = response.text
    key, error = _hibob_fields(body)
    common: dict[str, Any] = {
        "status_code": status,
        "key": key,
        "error": error,
        "body": body,
        "request_id": response.headers.get("x-request-id"),
    }
    message = f"HiBob answered {status} to {endpoint}" + (f": {error}" if error else "")
    if status == 401:
        return AuthenticationError(message + " (check the service user id and token)", **common)
    if status == 403:
        needs = f"; the service user needs {permission!r}" if permission else ""
        return PermissionDenied(message + needs, permission=permission, **common)
    if status == 404:
        return NotFound(message, **common)
    if status == 429:
        return RateLimited(message, retry_after=retry_after, **common)
    if status >= 500:
        return ServerError(message, **common)
    return InvalidRequest(message, **common)


def _hibob_fields(body: str) -> tuple[str | None, str | None]:
    """HiBob's `{key, error}` (some modules say `message`), when the body is JSON at all."""
    try:
        data = json.loads(body)
    except ValueError:
        return None, None
    if not isinstance(data, dict):
        return None, None
    key = data.get("key")
    error = data.get("error") or data.get("message")
    return (str(key) if key is not None else None, str(error) if error is not None else None)
