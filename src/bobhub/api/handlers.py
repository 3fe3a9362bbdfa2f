"""The API's one error shape: every failure answers `{"error": ClassName, "detail": message}`.

`AppError` subclasses carry their own status code and are rendered by `handle_app_error`; FastAPI's
request validation becomes a `BadRequest` naming the field, and the framework's own 400/404/405 (a body
it cannot read, unknown path, wrong method) are rendered in the same shape, so clients parse one kind of
error body.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel

from bobhub import errors
from bobhub.api.deps import bearer, principal
from bobhub.api.keys.service import authenticate


class ErrorPublic(BaseModel):
    """The body of every error response."""

    error: str
    detail: str


def error_body(
    error: str, detail: str, status_code: int, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    sent = {**(headers or {}), **({"WWW-Authenticate": "Bearer"} if status_code == 401 else {})}
    return JSONResponse(
        ErrorPublic(error=error, detail=detail).model_dump(), status_code=status_code, headers=sent or None
    )


async def handle_app_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, errors.AppError)
    return error_body(type(exc).__name__, exc.message, exc.status_code)


def describe_validation(exc: RequestValidationError) -> str:
    """One line naming the first offending field, e.g. `token: Field required`."""
    problems: Sequence[Any] = exc.errors()
    if not problems:
        return "invalid request"
    if is_json_invalid(exc):
        return "the request body is not valid JSON"
    first = problems[0]
    # Drop the "body"/"query"/"path" prefix: the field name is what the caller recognises.
    location = [str(part) for part in first.get("loc", ())][1:]
    where = ".".join(location) or "body"
    return f"{where}: {first.get('msg', 'invalid value')}"


async def handle_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    if is_json_invalid(exc) and takes_a_key(request.scope.get("route")):
        # FastAPI parses a JSON body before it resolves dependencies, so the API key has not been
        # checked yet: a caller without a valid key gets the 401 it gets for any other body.
        refusal = await key_refusal(request)
        if refusal is not None:
            return error_body(type(refusal).__name__, refusal.message, refusal.status_code)
    return error_body(errors.BadRequest.__name__, describe_validation(exc), 400)


def is_json_invalid(exc: RequestValidationError) -> bool:
    problems: Sequence[Any] = exc.errors()
    return bool(problems) and problems[0].get("type") == "json_invalid"


def takes_a_key(route: object) -> bool:
    """Whether the matched route authenticates an API key (the `principal` dependency, at any depth)."""
    pending: list[Dependant] = [route.dependant] if isinstance(route, APIRoute) else []
    while pending:
        dependant = pending.pop()
        if dependant.call is principal:
            return True
        pending.extend(dependant.dependencies)
    return False


async def key_refusal(request: Request) -> errors.Unauthorized | None:
    """The Unauthorized the `principal` dependency would raise for this request's key, if any."""
    credentials = await bearer(request)  # the dependency's own parsing of the Authorization header
    state = request.app.state.bobhub
    async with state.database.session() as session:
        try:
            await authenticate(session, credentials.credentials if credentials else None)
        except errors.Unauthorized as exc:
            return exc
    return None


# The framework's own errors: a body it cannot decode (invalid UTF-8), no such path, method not allowed,
# a body that grew past the limit while it was read (bobhub.api.body_limit).
FRAMEWORK_ERRORS = {
    400: errors.BadRequest.__name__,
    404: errors.NotFound.__name__,
    405: "MethodNotAllowed",
    413: errors.PayloadTooLarge.__name__,
}


async def handle_framework_status(_: Request, exc: Exception) -> JSONResponse:
    """Starlette's and FastAPI's own errors, in the API's shape (keeping headers such as `Allow`)."""
    status_code = int(getattr(exc, "status_code", 404))
    detail = str(getattr(exc, "detail", "Not Found"))
    return error_body(FRAMEWORK_ERRORS[status_code], detail, status_code, getattr(exc, "headers", None))


async def handle_unexpected(_: Request, __: Exception) -> JSONResponse:
    """A bug: the same shape without internals (the traceback goes to the server log, never the client)."""
    return error_body("InternalError", "an unexpected error occurred; see the bobhub server log", 500)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(errors.AppError, handle_app_error)
    app.add_exception_handler(Exception, handle_unexpected)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
    for status_code in FRAMEWORK_ERRORS:
        app.add_exception_handler(status_code, handle_framework_status)


_WHEN: dict[type[errors.AppError], str] = {
    errors.BadRequest: "Malformed request, or a base URL that is not HiBob",
    errors.Unauthorized: "No API key, or an unknown one",
    errors.Forbidden: "The API key lacks the scope this route needs",
    errors.NotFound: "No such account or object for this tenant",
    errors.Conflict: "The request conflicts with stored data",
    errors.InvalidCredentials: "HiBob refused the service user ID or token; nothing was stored",
    errors.UpstreamError: "HiBob failed in a way retries did not cure",
}


def error_responses(*raised: type[errors.AppError]) -> dict[int | str, dict[str, Any]]:
    """The `responses=` of a route: each error it can answer, documented with the one error body.

    Every route authenticates, so 401 is always listed; 400 too, since any parameter may be malformed.
    """
    documented: dict[type[errors.AppError], None] = dict.fromkeys(
        (errors.BadRequest, errors.Unauthorized, *raised)
    )
    responses: dict[int | str, dict[str, Any]] = {
        cls.status_code: {"model": ErrorPublic, "description": f"`{cls.__name__}`: {_WHEN[cls]}"}
        for cls in documented
    }
    responses[errors.Unauthorized.status_code]["headers"] = challenge()
    return responses


def challenge() -> dict[str, Any]:
    """The header RFC 9110 requires with every 401, which `error_body` always sends."""
    return {
        "WWW-Authenticate": {
            "description": "Always `Bearer`.",
            "required": True,
            "schema": {"type": "string", "const": "Bearer"},
        }
    }


def drop_default_validation_responses(schema: dict[str, Any]) -> dict[str, Any]:
    """Remove FastAPI's automatic 422 "HTTPValidationError": validation errors here are 400s.

    A route that really answers 422 (`InvalidCredentials`) declares it itself with `ErrorPublic`.
    """
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            responses = operation.get("responses", {})
            content = responses.get("422", {}).get("content", {}).get("application/json", {})
            if content.get("schema", {}).get("$ref", "").endswith("/HTTPValidationError"):
                del responses["422"]
    components = schema.get("components", {}).get("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    return schema
