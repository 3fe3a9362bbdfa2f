"""The Vault: tokens encrypted with BOBHUB_SECRET_KEY or a 0600 key file made once beside the database."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from pydantic import SecretStr

from bobhub.errors import AppError
from bobhub.settings import Settings
from bobhub.store.crypto import Vault, key_file_for


def settings(tmp_path: Path, secret_key: str | None = None) -> Settings:
    return Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'data' / 'hub.db'}",
        secret_key=SecretStr(secret_key) if secret_key is not None else None,
    )


class TestEncryptDecrypt:
    def test_round_trip_and_no_plaintext(self, vault: Vault) -> None:
        ciphertext = vault.encrypt("s3cret-token")
        assert "s3cret" not in ciphertext
        assert vault.encrypt("s3cret-token") != ciphertext  # a fresh IV each time
        assert vault.decrypt(ciphertext) == "s3cret-token"

    def test_another_key_cannot_decrypt(self, vault: Vault) -> None:
        ciphertext = vault.encrypt("token")
        with pytest.raises(AppError, match="cannot be decrypted"):
            Vault(Fernet.generate_key()).decrypt(ciphertext)

    def test_repr_hides_the_key(self) -> None:
        key = Fernet.generate_key()
        assert key.decode() not in repr(Vault(key))


class TestFromSettings:
    def test_secret_key_is_used(self, tmp_path: Path) -> None:
        key = Fernet.generate_key().decode()
        ciphertext = Vault.from_settings(settings(tmp_path, key)).encrypt("token")
        assert Fernet(key).decrypt(ciphertext.encode()) == b"token"
        assert not (tmp_path / "data").exists()

    def test_malformed_secret_key_is_a_clear_error(self, tmp_path: Path) -> None:
        with pytest.raises(ValueError, match="BOBHUB_SECRET_KEY: the secret key is not a Fernet key"):
            Vault.from_settings(settings(tmp_path, "change-me"))

    def test_key_file_is_made_once_with_mode_0600(self, tmp_path: Path) -> None:
        first = Vault.from_settings(settings(tmp_path))
        key_file = tmp_path / "data" / "hub.key"
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
        ciphertext = first.encrypt("token")
        assert Vault.from_settings(settings(tmp_path)).decrypt(ciphertext) == "token"

    def test_damaged_key_file_is_a_clear_error(self, tmp_path: Path) -> None:
        (tmp_path / "data").mkdir()
        (tmp_path / "data" / "hub.key").write_text("not a key\n")
        with pytest.raises(ValueError, match="key file .*hub.key: the secret key is not a Fernet key"):
            Vault.from_settings(settings(tmp_path))

    def test_key_file_place(self, tmp_path: Path) -> None:
        assert key_file_for(f"sqlite+aiosqlite:///{tmp_path}/x/bobhub.db") == tmp_path / "x" / "bobhub.key"
        assert key_file_for("postgresql+psycopg://u@localhost/db") == Path("bobhub.key")
        assert key_file_for("sqlite+aiosqlite://") == Path("bobhub.key")
