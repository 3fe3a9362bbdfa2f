"""Tokens at rest: after linking, no file of the SQLite database holds the token, and the key file is 0600."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

from bobhub.api.accounts import service
from bobhub.api.keys.service import operator_principal
from bobhub.sandbox.state import ServiceUser
from bobhub.settings import Settings
from bobhub.store import Database, Vault


async def test_database_file_never_contains_the_token(
    tmp_path: Path, user: Callable[[str], ServiceUser], base_url: str
) -> None:
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'hub.db'}", secret_key=None)
    db = Database(settings.database_url)
    await db.migrate()
    vault = Vault.from_settings(settings)
    su = user("full")
    async with db.session() as session:
        principal = await operator_principal(session, "default", create=True)
        account = await service.link_account(
            session, vault, principal, service_user_id=su.id, token=su.token, base_url=base_url
        )
        await session.commit()
    await db.dispose()

    key_file = tmp_path / "hub.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    stored = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p != key_file)
    assert account.id.encode() in stored  # the account is really in the file
    assert su.id.encode() in stored
    assert su.token.encode() not in stored
    assert su.token.encode() not in key_file.read_bytes()
