"""Work orders: a production report can be reversed by a compensating report.

A reversal is a production report with the original's quantities negated and
`reverses_id` naming the original. The quantity checks now allow negative quantities for a
reversal only (and never a mix of signs), and a partial unique index lets a report be
reversed once at most.

Downgrade removes each reversed report together with its reversal (the two count nothing
together, so the dispatch and order sums still equal their reports), and the idempotency
keys that replayed either of them, before the old checks come back.

Revision ID: 0013_report_reversal
Revises: 0012_routing
Create Date: 2026-12-07 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_report_reversal"
down_revision: str | Sequence[str] | None = "0012_routing"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "production_report"
REVERSES_FK = "fk_production_report_reverses_id_production_report"
REVERSAL_INDEX = "uq_production_report_reverses_id"
QUANTITIES = "ck_production_report_quantities"
NOT_EMPTY = "ck_production_report_not_empty"

SIGNED_QUANTITIES = (
    "(reverses_id IS NULL AND good_qty >= 0 AND scrap_qty >= 0)"
    " OR (reverses_id IS NOT NULL AND good_qty <= 0 AND scrap_qty <= 0)"
)

# The reports that were reversed, kept aside while their reversals go first (these
# reference them).
KEEP_REVERSED = """
CREATE TEMPORARY TABLE reversed_report AS
SELECT reverses_id AS id FROM production_report WHERE reverses_id IS NOT NULL
"""
FORGET_KEYS = """
DELETE FROM idempotency_record
WHERE report_id IN (SELECT id FROM production_report WHERE reverses_id IS NOT NULL)
   OR report_id IN (SELECT id FROM reversed_report)
"""


def upgrade() -> None:
    op.add_column(TABLE, sa.Column("reverses_id", sa.Uuid(), nullable=True))
    op.create_foreign_key(REVERSES_FK, TABLE, TABLE, ["reverses_id"], ["id"], ondelete="RESTRICT")
    op.create_index(
        REVERSAL_INDEX,
        TABLE,
        ["reverses_id"],
        unique=True,
        postgresql_where=sa.text("reverses_id IS NOT NULL"),
    )
    op.drop_constraint(op.f(QUANTITIES), TABLE, type_="check")
    op.create_check_constraint(op.f(QUANTITIES), TABLE, SIGNED_QUANTITIES)
    op.drop_constraint(op.f(NOT_EMPTY), TABLE, type_="check")
    op.create_check_constraint(op.f(NOT_EMPTY), TABLE, "good_qty + scrap_qty <> 0")


def downgrade() -> None:
    op.execute(KEEP_REVERSED)
    op.execute(FORGET_KEYS)
    op.execute("DELETE FROM production_report WHERE reverses_id IS NOT NULL")
    op.execute("DELETE FROM production_report WHERE id IN (SELECT id FROM reversed_report)")
    op.execute("DROP TABLE reversed_report")
    op.drop_constraint(op.f(NOT_EMPTY), TABLE, type_="check")
    op.create_check_constraint(op.f(NOT_EMPTY), TABLE, "good_qty + scrap_qty > 0")
    op.drop_constraint(op.f(QUANTITIES), TABLE, type_="check")
    op.create_check_constraint(op.f(QUANTITIES), TABLE, "good_qty >= 0 AND scrap_qty >= 0")
    op.drop_index(REVERSAL_INDEX, table_name=TABLE)
    op.drop_constraint(REVERSES_FK, TABLE, type_="foreignkey")
    op.drop_column(TABLE, "reverses_id")
