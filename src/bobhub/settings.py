"""bobhub's configuration: one pydantic-settings class read from `BOBHUB_*` environment variables."""

from __future__ import annotations

import os
from functools import lru_cache

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every knob bobhub reads from the environment; built once by `get_settings()` and passed down."""

    model_config = SettingsConfigDict(env_prefix="BOBHUB_", env_file=".env", extra="ignore")

    database_url: str = "sqlite+aiosqlite:///./bobhub.db"
    secret_key: SecretStr | None = None
    broker_url: str | None = None
    hibob_base_url: str = "https://api.hibob.com"
    log_level: str = "ERROR"
    # HiBob's reads show a write up to ~20 s later (hibob-api-notes.md): read-back keeps trying this long.
    writeback_verify_seconds: float = 25.0
    # Repeated record reads are answered from memory for at most this long; any write this process makes
    # ends that at once (bobhub.api.response_cache). 0 turns the cache off.
    api_cache_seconds: float = Field(default=1.0, ge=0)
    # Outgoing webhooks: the first retry waits this long, each next one twice as long, up to max attempts.
    webhook_retry_base_seconds: float = 2.0
    webhook_max_attempts: int = 8
    # Webhook URLs on private, loopback or link-local addresses are refused unless this is set
    # (bobhub.events.destinations says why).
    webhook_allow_private_urls: bool = False
    # Delivered and failed deliveries are kept in the delivery log this long, then removed.
    webhook_delivery_retention_days: float = Field(default=30.0, gt=0)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment on first use."""
    return Settings()


def environment_variable(name: str) -> str | None:
    """A variable the user named on the command line (`bobhub link --token-env VAR`)."""
    return os.environ.get(name)
