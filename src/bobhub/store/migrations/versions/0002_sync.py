"""Synced data: unified records, sync runs and their streams, bookmarks, and the time-off change archive.

Revision ID: 0002_sync
Revises: 0001_accounts
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_sync"
down_revision: str | None = "0001_accounts"
branch_labels: str | None = None
depends_on: str | None = None


def _when(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _account_fk(*, primary_key: bool = False) -> sa.Column[object]:
    target = sa.ForeignKey("accounts.id", ondelete="CASCADE")
    return sa.Column("account_id", sa.String(40), target, nullable=False, primary_key=primary_key)


def upgrade() -> None:
    op.add_column("accounts", sa.Column("webhook_secret_ciphertext", sa.Text(), nullable=True))
    op.add_column("accounts", sa.Column("sync_status_note", sa.Text(), nullable=True))
    op.create_table(
        "records",
        sa.Column("id", sa.String(40), primary_key=True),
        _account_fk(),
        sa.Column("resource", sa.String(40), nullable=False),
        sa.Column("remote_id", sa.String(300), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("hidden_fields", sa.JSON(), nullable=False),
        sa.Column("remote_data", sa.JSON(), nullable=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("remote_hash", sa.String(64), nullable=True),
        _when("created_at"),
        _when("modified_at"),
        sa.Column("remote_was_deleted", sa.Boolean(), nullable=False),
        _when("seen_at"),
        sa.UniqueConstraint("account_id", "resource", "remote_id", name="uq_records_remote"),
    )
    op.create_index("ix_records_cursor", "records", ["account_id", "resource", "modified_at", "id"])
    op.create_table(
        "sync_runs",
        sa.Column("id", sa.String(40), primary_key=True),
        _account_fk(),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        _when("started_at"),
        _when("finished_at", nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("summary", sa.JSON(), nullable=True),
    )
    op.create_index("ix_sync_runs_account", "sync_runs", ["account_id", "started_at"])
    _create_stream_runs()
    op.create_table(
        "sync_state",
        _account_fk(primary_key=True),
        sa.Column("stream", sa.String(64), primary_key=True),
        sa.Column("cursor", sa.Text(), nullable=True),
        _when("updated_at"),
    )
    _create_time_off_changes()


def _create_stream_runs() -> None:
    counts = ("records", "created", "updated", "deleted", "calls", "rate_limited", "duration_ms")
    op.create_table(
        "sync_stream_runs",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("run_id", sa.String(40), sa.ForeignKey("sync_runs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("stream", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in counts),
        sa.Column("error", sa.Text(), nullable=True),
        _when("finished_at"),
    )
    op.create_index("ix_sync_stream_runs_run_id", "sync_stream_runs", ["run_id"])


def _create_time_off_changes() -> None:
    op.create_table(
        "time_off_changes",
        sa.Column("id", sa.String(40), primary_key=True),
        _account_fk(),
        sa.Column("change_key", sa.String(200), nullable=False),
        sa.Column("request_remote_id", sa.String(64), nullable=True),
        sa.Column("change_type", sa.String(32), nullable=True),
        _when("changed_at", nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        _when("archived_at"),
        sa.UniqueConstraint("account_id", "change_key", name="uq_time_off_changes_key"),
    )
    op.create_index("ix_time_off_changes_time", "time_off_changes", ["account_id", "changed_at"])


def downgrade() -> None:
    op.drop_index("ix_time_off_changes_time", table_name="time_off_changes")
    op.drop_table("time_off_changes")
    op.drop_table("sync_state")
    op.drop_index("ix_sync_stream_runs_run_id", table_name="sync_stream_runs")
    op.drop_table("sync_stream_runs")
    op.drop_index("ix_sync_runs_account", table_name="sync_runs")
    op.drop_table("sync_runs")
    op.drop_index("ix_records_cursor", table_name="records")
    op.drop_table("records")
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("sync_status_note")
        batch.drop_column("webhook_secret_ciphertext")
