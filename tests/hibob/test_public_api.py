"""The client's public names, and the layering rules the package keeps (STYLE habits 1, 3, 4, 6, 7)."""

from __future__ import annotations

import pathlib

import bobhub.hibob

PACKAGE = pathlib.Path(bobhub.hibob.__file__).parent


def test_exported_names() -> None:
    assert set(bobhub.hibob.__all__) == {
        "DEFAULT_BASE_URL",
        "SIGNATURE_HEADER",
        "APIError",
        "AuthenticationError",
        "Employee",
        "HiBobClient",
        "HiBobError",
        "InMemoryBudget",
        "InvalidRequest",
        "InvalidWebhook",
        "NotFound",
        "PermissionDenied",
        "RateBudget",
        "RateLimited",
        "RetryPolicy",
        "ServerError",
        "TransportError",
        "UnexpectedResponse",
        "WebhookEvent",
        "parse_employee",
        "parse_webhook",
        "sign",
        "verify_signature",
    }
    for name in bobhub.hibob.__all__:
        assert getattr(bobhub.hibob, name) is not None


def _sources(folder: pathlib.Path = PACKAGE) -> dict[str, str]:
    return {str(p.relative_to(PACKAGE)): p.read_text() for p in folder.rglob("*.py")}


def _files_containing(*needles: str) -> set[str]:
    return {name for name, text in _sources().items() if any(n in text for n in needles)}


def test_layering() -> None:
    resources = {name for name in _sources() if name.startswith("resources")}
    assert not resources & _files_containing("import httpx")
    assert not _files_containing("os.environ", "getenv", "bobhub.sandbox")
    assert _files_containing("status_code ==") <= {"errors.py", "transport.py"}
    assert _files_containing("stamina") == {"transport.py"}
    assert _files_containing("next_cursor", "response_metadata") == {"pagination.py"}
    assert all(len(_sources()[name].splitlines()) <= 300 for name in resources)
