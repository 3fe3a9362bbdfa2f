"""The Vault: Fernet encryption of HiBob tokens at rest, keyed by BOBHUB_SECRET_KEY or a local key file."""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from bobhub.errors import AppError
from bobhub.settings import Settings
from bobhub.store.db import sqlite_path

KEY_FILE_NAME = "bobhub.key"


class Vault:
    """Encrypts and decrypts secrets with one Fernet key (authenticated: a changed ciphertext fails)."""

    def __init__(self, key: bytes | str) -> None:
        try:
            self._fernet = Fernet(key)
        except (ValueError, TypeError) as exc:
            raise ValueError(
                "the secret key is not a Fernet key (32 url-safe base64-encoded bytes); make one with "
                '`python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`'
            ) from exc

    def __repr__(self) -> str:
        return "Vault(<key hidden>)"

    @classmethod
    def from_settings(cls, settings: Settings) -> Vault:
        """The key of BOBHUB_SECRET_KEY, or else of the key file next to the database (made once)."""
        if settings.secret_key is not None:
            try:
                return cls(settings.secret_key.get_secret_value().strip())
            except ValueError as exc:
                raise ValueError(f"BOBHUB_SECRET_KEY: {exc}") from None
        path = key_file_for(settings.database_url)
        try:
            return cls(load_or_create_key(path))
        except ValueError as exc:
            raise ValueError(f"key file {path}: {exc}") from None

    def encrypt(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode()).decode("ascii")

    def decrypt(self, ciphertext: str) -> str:
        try:
            return self._fernet.decrypt(ciphertext.encode("ascii")).decode()
        except InvalidToken as exc:
            raise AppError(
                "a stored token cannot be decrypted with this secret key (was BOBHUB_SECRET_KEY or the "
                "key file changed?); link the account again with its token"
            ) from exc


def key_file_for(database_url: str) -> Path:
    """`<database name>.key` beside a SQLite file; ./bobhub.key for other databases."""
    database = sqlite_path(database_url)
    if database is None:
        return Path(KEY_FILE_NAME)
    return database.with_name(database.stem + ".key")


def load_or_create_key(path: Path) -> bytes:
    """The key stored in `path`, generating it first (owner-only, mode 0600) when the file is missing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Fernet.generate_key()
    try:
        # O_EXCL: when two processes start together, one writes the key and the other reads it.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        stored = path.read_bytes().strip()
        if not stored:
            raise ValueError("it is empty; restore it, or remove it and link the accounts again") from None
        return stored
    with os.fdopen(fd, "wb") as handle:
        handle.write(key + b"\n")
    return key
