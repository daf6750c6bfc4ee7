"""Items: the parts and products that work orders make, and the order's item.

An item is coded master data like a work center, with a unit of measure, a tracking mode
and an ideal cycle time. A work order may name one (`item_id`); orders made before keep
none, so the column stays nullable.

Revision ID: 0011_item
Revises: 0010_idempotency_report_outcome
Create Date: 2026-12-07 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_item"
down_revision: str | Sequence[str] | None = "0010_idempotency_report_outcome"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "item",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=32, collation="C"), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=True),
        sa.Column("uom", sa.String(length=16), server_default="pcs", nullable=False),
        sa.Column("tracking", sa.String(length=16), server_default="none", nullable=False),
        sa.Column("ideal_cycle_s", sa.Double(), nullable=True),
        sa.Column("default_routing_id", sa.Uuid(), nullable=True),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint("tracking IN ('none', 'lot', 'serial')", name=op.f("ck_item_tracking")),
        sa.CheckConstraint(
            "ideal_cycle_s > 0 AND ideal_cycle_s <= 604800", name=op.f("ck_item_ideal_cycle_s")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_item_organization_id_organization"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_item")),
        sa.UniqueConstraint("organization_id", "code", name=op.f("uq_item_organization_id_code")),
    )
    op.create_index(
        "ix_item_organization_id_active", "item", ["organization_id", "active"], unique=False
    )
    op.create_index(
        "ix_item_organization_id_name", "item", ["organization_id", "name"], unique=False
    )

    op.add_column("work_order", sa.Column("item_id", sa.Uuid(), nullable=True))
    op.create_foreign_key(
        op.f("fk_work_order_item_id_item"),
        "work_order",
        "item",
        ["item_id"],
        ["id"],
        ondelete="RESTRICT",
    )
    op.create_index(
        "ix_work_order_item",
        "work_order",
        ["organization_id", "item_id"],
        unique=False,
        postgresql_where=sa.text("deleted_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_work_order_item", table_name="work_order")
    op.drop_constraint(op.f("fk_work_order_item_id_item"), "work_order", type_="foreignkey")
    op.drop_column("work_order", "item_id")
    op.drop_index("ix_item_organization_id_name", table_name="item")
    op.drop_index("ix_item_organization_id_active", table_name="item")
    op.drop_table("item")
