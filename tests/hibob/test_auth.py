"""Authentication: a wrong token fails fast with one request, and the client refuses bad settings."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bobhub.hibob import AuthenticationError, HiBobClient, PermissionDenied
from bobhub.sandbox.state import Sandbox, ServiceUser
from tests.hibob.conftest import MakeClient, calls


async def test_wrong_token_raises_after_exactly_one_request(
    base_url: str, sandbox: Sandbox, user: Callable[[str], ServiceUser]
) -> None:
    su = user("full")
    before = calls(sandbox)
    async with HiBobClient(su.id, su.token + "x", base_url=base_url) as client:
        with pytest.raises(AuthenticationError) as failed:
            await client.people.search()
    assert calls(sandbox) - before == 1
    assert failed.value.status_code == 401
    assert failed.value.key


async def test_service_user_without_a_group(bob: MakeClient, sandbox: Sandbox) -> None:
    client = bob("empty")
    assert await client.people.search() == []  # HiBob shows nobody rather than failing
    before = calls(sandbox)
    with pytest.raises(PermissionDenied):
        await client.tasks.list()
    assert calls(sandbox) - before == 1


def test_settings_are_checked() -> None:
    with pytest.raises(ValueError, match="without /v1"):
        HiBobClient("id", "token", base_url="https://api.hibob.com/v1")
    with pytest.raises(ValueError, match="id and a token"):
        HiBobClient("id", "")
    assert "token" not in repr(HiBobClient("SERVICE-1", "token-value"))
