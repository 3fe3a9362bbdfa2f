"""The error tree: one root, grouped by what the caller should do, and one status → class mapping."""

from __future__ import annotations

import httpx
import pytest

from bobhub.hibob import errors


def test_tree() -> None:
    for cls in (errors.TransportError, errors.UnexpectedResponse, errors.InvalidWebhook, errors.APIError):
        assert issubclass(cls, errors.HiBobError)
    for cls in (
        errors.AuthenticationError,
        errors.PermissionDenied,
        errors.NotFound,
        errors.InvalidRequest,
        errors.RateLimited,
        errors.ServerError,
    ):
        assert issubclass(cls, errors.APIError)
    assert not issubclass(errors.TransportError, errors.APIError)


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, errors.InvalidRequest),
        (401, errors.AuthenticationError),
        (403, errors.PermissionDenied),
        (404, errors.NotFound),
        (409, errors.InvalidRequest),
        (422, errors.InvalidRequest),
        (429, errors.RateLimited),
        (500, errors.ServerError),
        (503, errors.ServerError),
    ],
)
def test_from_response_maps_each_status(status: int, cls: type[errors.APIError]) -> None:
    response = httpx.Response(status, json={"key": "some_key", "error": "Some error"})
    error = errors.from_response(response, endpoint="GET /people/{id}/work", permission="P", retry_after=3.0)
    assert type(error) is cls
    assert (error.status_code, error.key, error.error) == (status, "some_key", "Some error")
    assert "GET /people/{id}/work" in str(error)


def test_permission_denied_names_the_permission_and_rate_limited_its_wait() -> None:
    denied = errors.from_response(httpx.Response(403, text="nope"), endpoint="GET /x", permission="A > B > C")
    assert isinstance(denied, errors.PermissionDenied)
    assert denied.permission == "A > B > C"
    assert "A > B > C" in str(denied)
    assert denied.key is None  # a non-JSON body has no HiBob fields
    limited = errors.from_response(httpx.Response(429), endpoint="GET /x", retry_after=12.5)
    assert isinstance(limited, errors.RateLimited)
    assert limited.retry_after == 12.5
