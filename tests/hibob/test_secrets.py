"""The token never shows: not in reprs, in log lines (ours, httpx's, stamina's) or in errors."""

from __future__ import annotations

import base64
import logging
import pickle
import traceback
from collections.abc import Callable

import pytest
import structlog

from bobhub.hibob import HiBobError
from bobhub.hibob.auth import ServiceUserAuth
from bobhub.sandbox.state import Sandbox, ServiceUser
from tests.hibob.conftest import MakeClient

READ = "/v1/company/people/fields"


def _secrets(*users: ServiceUser) -> list[str]:
    found = []
    for su in users:
        found += [su.token, base64.b64encode(f"{su.id}:{su.token}".encode()).decode()]
    return found


def _error_text(exc: BaseException) -> str:
    parts = ["".join(traceback.format_exception(exc)), repr(exc)]
    while exc is not None:
        parts.append(repr(vars(exc)))
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    return "\n".join(parts)


async def test_a_failing_run_never_shows_the_token(
    bob: MakeClient, sandbox: Sandbox, user: Callable[[str], ServiceUser], caplog: pytest.LogCaptureFixture
) -> None:
    full, activtrak = user("full"), user("activtrak")
    caplog.set_level(logging.DEBUG)
    texts: list[str] = []
    with structlog.testing.capture_logs() as events:
        client = bob("full", timeout=0.2)
        texts += [repr(client), str(client), repr(client._transport), repr(client.budget)]
        failures = [
            ("http_503", {}),
            ("reset", {}),
            ("html_login", {}),
            ("rate_limit", {}),
            ("timeout", {"seconds": 0.4}),
        ]
        for kind, options in failures:
            sandbox.faults.clear()
            sandbox.faults.add(kind, user=full.id, path=READ, **options)
            with pytest.raises(HiBobError) as failed:
                await client.metadata.fields.list()
            texts.append(_error_text(failed.value))
        sandbox.faults.clear()
        with pytest.raises(HiBobError) as denied:
            await bob("activtrak").documents.list("1")
        texts.append(_error_text(denied.value))
    texts += [record.getMessage() + repr(vars(record)) for record in caplog.records]
    texts += [repr(event) for event in events]
    assert any("stamina.retry_scheduled" in t or "hibob.retry" in t for t in texts)  # retries were logged
    for secret in _secrets(full, activtrak):
        assert not [t for t in texts if secret in t]


def test_credentials_object_hides_the_token() -> None:
    auth = ServiceUserAuth("SERVICE-1", "s3cr3t-token-value")
    assert "s3cr3t" not in repr(auth)
    assert "s3cr3t" not in str(auth)
    with pytest.raises(TypeError):
        pickle.dumps(auth)
