"""Work orders: an index for one status in the default order.

Stations and dashboards list one status at a time (`status=pending`), most urgent first. The
open-queue index delivers open orders in that order but steps over the other open statuses
to find them; this one starts at the status and reads exactly the page. None of its columns
changes when a production report updates an order's sums, so reports keep their cheap
in-place (HOT) updates.

Built inside the migration's transaction, like every schema change here (`shopfloor db
check` applies pending migrations in a transaction it rolls back): writes to work_order wait
while it is built, which takes longer the more orders the table holds.

Revision ID: 0009_work_order_status_queue
Revises: 0008_work_order_insert_notify
Create Date: 2026-12-06 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_work_order_status_queue"
down_revision: str | Sequence[str] | None = "0008_work_order_insert_notify"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_work_order_status_queue"


def upgrade() -> None:
    op.create_index(
        INDEX,
        "work_order",
        ["organization_id", "status", sa.literal_column("priority DESC"), "due_date", "id"],
        unique=False,
        postgresql_where=sa.text("deleted_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index(INDEX, table_name="work_order")
