"""An index for the unified API's pages: a resource's records in id order, read a page at a time.

Without it a page sorts every record of the resource (O(company) per request); with it a page reads
only its own rows, whatever the company's size.

Revision ID: 0004_record_pages
Revises: 0003_api
"""

from __future__ import annotations

from alembic import op

revision = "0004_record_pages"
down_revision: str | None = "0003_api"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_index("ix_records_page", "records", ["account_id", "resource", "id"])


def downgrade() -> None:
    op.drop_index("ix_records_page", table_name="records")
