"""Work orders: an idempotency key keeps the report it made, not an HTTP answer.

A keyed report used to store its whole answer (status and body). The record now keeps the
report's id and the totals the report left on its dispatch and order (status, planned and
reported quantities, version): a retry reads the report again and is answered from the two,
with the same status and body as the first answer.

Upgrade moves the stored answers into the new columns; downgrade builds them again from the
report row and the totals, so no key loses its replay either way.

Revision ID: 0010_idempotency_report_outcome
Revises: 0009_work_order_status_queue
Create Date: 2026-12-07 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0010_idempotency_report_outcome"
down_revision: str | Sequence[str] | None = "0009_work_order_status_queue"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "idempotency_record"
REPORT_FK = "fk_idempotency_record_report_id_production_report"

# The totals keep no ids: the report holds its dispatch's and its order's.
TO_OUTCOME = """
UPDATE idempotency_record
SET report_id = (response_body -> 'report' ->> 'id')::uuid,
    totals = jsonb_build_object(
        'dispatch', (response_body -> 'dispatch') - 'id',
        'work_order', (response_body -> 'work_order') - 'id' - 'ready_to_close'
    )
WHERE response_body IS NOT NULL
"""

TO_ANSWER = """
UPDATE idempotency_record AS record
SET response_status = 201,
    response_body = jsonb_build_object(
        'report', to_jsonb(report),
        'dispatch', jsonb_build_object('id', report.dispatch_id) || (record.totals -> 'dispatch'),
        'work_order', jsonb_build_object('id', report.work_order_id)
            || (record.totals -> 'work_order')
            || jsonb_build_object(
                'ready_to_close',
                (record.totals -> 'work_order' ->> 'produced_qty')::int
                + (record.totals -> 'work_order' ->> 'scrap_qty')::int
                >= (record.totals -> 'work_order' ->> 'quantity')::int
            )
    )
FROM production_report AS report
WHERE report.id = record.report_id AND record.totals IS NOT NULL
"""


def upgrade() -> None:
    op.add_column(TABLE, sa.Column("report_id", sa.Uuid(), nullable=True))
    op.add_column(
        TABLE, sa.Column("totals", postgresql.JSONB(astext_type=sa.Text()), nullable=True)
    )
    op.create_foreign_key(
        REPORT_FK, TABLE, "production_report", ["report_id"], ["id"], ondelete="RESTRICT"
    )
    op.execute(TO_OUTCOME)
    op.drop_column(TABLE, "response_body")
    op.drop_column(TABLE, "response_status")


def downgrade() -> None:
    op.add_column(TABLE, sa.Column("response_status", sa.SmallInteger(), nullable=True))
    op.add_column(
        TABLE,
        sa.Column("response_body", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    )
    op.execute(TO_ANSWER)
    op.drop_constraint(REPORT_FK, TABLE, type_="foreignkey")
    op.drop_column(TABLE, "totals")
    op.drop_column(TABLE, "report_id")
