"""The ORM models bobhub stores: tenants, API keys, linked HiBob accounts, and the data synced from them."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any, Literal

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, Text, TypeDecorator, UniqueConstraint
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

AccountStatus = Literal["linked", "needs_attention", "invalid_credentials"]
ACCOUNT_STATUSES: tuple[AccountStatus, ...] = ("linked", "needs_attention", "invalid_credentials")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_id(prefix: str) -> str:
    """A random public id such as `acc_3f9c…`; random rather than sequential, so ids reveal nothing."""
    return f"{prefix}_{secrets.token_hex(12)}"


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware UTC timestamp on every backend (SQLite keeps no offset, so one is put back)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, _dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, _dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    """Declarative base of every bobhub table."""

    type_annotation_map = {dt.datetime: UTCDateTime, dict[str, Any]: JSON, list[str]: JSON}


class Tenant(Base):
    """A customer of this bobhub installation; every account and API key belongs to one."""

    __tablename__ = "tenants"

    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=lambda: new_id("ten"))
    name: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ApiKey(Base):
    """A tenant's key to the unified API, kept only as its SHA-256 and a short prefix to recognise it."""

    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=lambda: new_id("key"))
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    prefix: Mapped[str] = mapped_column(String(16))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[list[str]]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Account(Base):
    """A linked HiBob service user: its token encrypted by the Vault, and the last doctor report."""

    __tablename__ = "accounts"
    # One account per service user and tenant: a second link would sync the same company twice.
    __table_args__ = (
        UniqueConstraint("tenant_id", "base_url", "service_user_id", name="uq_accounts_service_user"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=lambda: new_id("acc"))
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    service_user_id: Mapped[str] = mapped_column(String(200))
    base_url: Mapped[str] = mapped_column(String(300))
    token_ciphertext: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(32))
    report: Mapped[dict[str, Any] | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    checked_at: Mapped[dt.datetime | None]
    webhook_secret_ciphertext: Mapped[str | None] = mapped_column(Text)
    sync_status_note: Mapped[str | None] = mapped_column(Text)

    def __repr__(self) -> str:  # the ciphertext stays out of logs too
        return f"Account(id={self.id!r}, tenant_id={self.tenant_id!r}, status={self.status!r})"


class Record(Base):
    """One synced unified object (an employee, a work row, a time-off request…) of one account.

    `modified_at` is when *our* copy changed, so a re-read of identical data leaves it alone; rows
    missing from HiBob are flagged `remote_was_deleted`, never removed.
    """

    __tablename__ = "records"
    __table_args__ = (
        UniqueConstraint("account_id", "resource", "remote_id", name="uq_records_remote"),
        Index("ix_records_cursor", "account_id", "resource", "modified_at", "id"),
        Index("ix_records_page", "account_id", "resource", "id"),  # the API's keyset pages
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=lambda: new_id("rec"))
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    resource: Mapped[str] = mapped_column(String(40))
    remote_id: Mapped[str] = mapped_column(String(300))
    data: Mapped[dict[str, Any]]
    hidden_fields: Mapped[list[str]]
    remote_data: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    content_hash: Mapped[str] = mapped_column(String(64))
    # Lets an unchanged re-read skip rewriting remote_data, the largest column.
    remote_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    modified_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    remote_was_deleted: Mapped[bool] = mapped_column(default=False)
    seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"Record(id={self.id!r}, resource={self.resource!r}, remote_id={self.remote_id!r})"


class SyncRun(Base):
    """One sync of an account (full, incremental or webhook-triggered) and how it ended."""

    __tablename__ = "sync_runs"
    __table_args__ = (Index("ix_sync_runs_account", "account_id", "started_at"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=lambda: new_id("run"))
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[dt.datetime | None]
    error: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))


class SyncStreamRun(Base):
    """What one stream did within a sync run: counts, calls, 429s, duration and any error."""

    __tablename__ = "sync_stream_runs"

    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=lambda: new_id("srn"))
    run_id: Mapped[str] = mapped_column(ForeignKey("sync_runs.id", ondelete="CASCADE"), index=True)
    stream: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    records: Mapped[int] = mapped_column(default=0)
    created: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    deleted: Mapped[int] = mapped_column(default=0)
    calls: Mapped[int] = mapped_column(default=0)
    rate_limited: Mapped[int] = mapped_column(default=0)
    duration_ms: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(Text)
    finished_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class SyncState(Base):
    """A stream's bookmark for one account; it advances only after the rows it covers commit."""

    __tablename__ = "sync_state"

    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    stream: Mapped[str] = mapped_column(String(64), primary_key=True)
    cursor: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class TimeOffChange(Base):
    """One item of HiBob's time-off change feed, archived forever (HiBob forgets after six months)."""

    __tablename__ = "time_off_changes"
    __table_args__ = (
        UniqueConstraint("account_id", "change_key", name="uq_time_off_changes_key"),
        Index("ix_time_off_changes_time", "account_id", "changed_at"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=lambda: new_id("chg"))
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    change_key: Mapped[str] = mapped_column(String(200))
    request_remote_id: Mapped[str | None] = mapped_column(String(64))
    change_type: Mapped[str | None] = mapped_column(String(32))
    changed_at: Mapped[dt.datetime | None]
    data: Mapped[dict[str, Any]]
    archived_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AuditEntry(Base):
    """One write or passthrough call made through the API: who asked, what was sent, how it ended.

    `request` holds the HiBob request(s) as sent (method, path, body), never credentials.
    """

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_tenant", "tenant_id", "created_at", "id"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=lambda: new_id("aud"))
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    api_key_id: Mapped[str | None] = mapped_column(String(40))
    account_id: Mapped[str | None] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str | None] = mapped_column(String(300))
    request: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    result: Mapped[str] = mapped_column(String(32))
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class WebhookSubscription(Base):
    """A tenant's endpoint for outgoing events; its signing secret is kept encrypted by the Vault."""

    __tablename__ = "webhook_subscriptions"

    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=lambda: new_id("whs"))
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    account_id: Mapped[str | None] = mapped_column(String(40))  # None: every account of the tenant
    url: Mapped[str] = mapped_column(String(2000))
    events: Mapped[list[str]]
    secret_ciphertext: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class WebhookDelivery(Base):
    """An event owed to one subscription (an outbox row), retried with backoff until delivered or dropped."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=lambda: new_id("whd"))
    subscription_id: Mapped[str] = mapped_column(
        ForeignKey("webhook_subscriptions.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[str] = mapped_column(String(40))
    event_type: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | delivered | failed
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_status_code: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[dt.datetime | None]
