"""bobhub's application errors: each carries the HTTP status it means, so one handler renders them all.

    AppError (500)
    ├── BadRequest (400)          malformed input, a base URL that is not HiBob
    ├── Unauthorized (401)        no or a wrong bobhub API key
    ├── Forbidden (403)           the API key lacks a scope
    ├── NotFound (404)            unknown id, or one of another tenant
    ├── Conflict (409)
    ├── InvalidCredentials (422)  HiBob refused the service user id / token
    └── UpstreamError (502)       HiBob failed in a way retries did not cure

Services raise these; API routes never build HTTP errors themselves, and the CLI prints `message` as
its one line.
"""

from __future__ import annotations


class AppError(Exception):
    """An expected failure with a message fit for the user and the HTTP status it maps to."""

    status_code = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadRequest(AppError):
    status_code = 400


class Unauthorized(AppError):
    status_code = 401


class Forbidden(AppError):
    status_code = 403


class NotFound(AppError):
    status_code = 404


class Conflict(AppError):
    status_code = 409


class PayloadTooLarge(AppError):
    """413: a request body, or a document in it, larger than accepted."""

    status_code = 413


class InvalidCredentials(AppError):
    """HiBob answered 401 to the service user: wrong id or token (never retried)."""

    status_code = 422


class UpstreamError(AppError):
    status_code = 502
