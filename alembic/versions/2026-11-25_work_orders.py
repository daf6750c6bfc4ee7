"""Work orders: orders, dispatches, production reports and idempotency keys.

Revision ID: 0005_work_orders
Revises: 0004_work_centers_customers
Create Date: 2026-11-25 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005_work_orders"
down_revision: str | Sequence[str] | None = "0004_work_centers_customers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NOT_DELETED = sa.text("deleted_at IS NULL")


def _timestamps() -> list[sa.Column[object]]:
    return [
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
    ]


def _user_fk(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        ["user_account.id"],
        name=op.f(f"fk_{table}_{column}_user_account"),
        ondelete="RESTRICT",
    )


def _organization_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["organization_id"],
        ["organization.id"],
        name=op.f(f"fk_{table}_organization_id_organization"),
        ondelete="RESTRICT",
    )


def upgrade() -> None:
    op.create_table(
        "work_order",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("order_number", sa.String(length=64, collation="C"), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("product_model", sa.String(length=100), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("produced_qty", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("scrap_qty", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="pending", nullable=False),
        sa.Column("priority", sa.SmallInteger(), server_default=sa.text("5"), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("planned_start_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("planned_end_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("hold_reason", sa.String(length=500), nullable=True),
        sa.Column("cancel_reason", sa.String(length=500), nullable=True),
        sa.Column("close_reason", sa.String(length=500), nullable=True),
        sa.Column("note", sa.String(length=2000), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        *_timestamps(),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "quantity BETWEEN 1 AND 1000000000", name=op.f("ck_work_order_quantity")
        ),
        sa.CheckConstraint(
            "produced_qty >= 0 AND scrap_qty >= 0", name=op.f("ck_work_order_reported_qty")
        ),
        sa.CheckConstraint("priority BETWEEN 1 AND 10", name=op.f("ck_work_order_priority")),
        sa.CheckConstraint(
            "status IN ('pending', 'in_progress', 'on_hold', 'completed', 'cancelled')",
            name=op.f("ck_work_order_status"),
        ),
        sa.CheckConstraint(
            "planned_end_at >= planned_start_at", name=op.f("ck_work_order_planned_dates")
        ),
        _organization_fk("work_order"),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
            name=op.f("fk_work_order_customer_id_customer"),
            ondelete="RESTRICT",
        ),
        _user_fk("work_order", "created_by"),
        _user_fk("work_order", "updated_by"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_order")),
    )
    op.create_index(
        "uq_work_order_organization_id_order_number",
        "work_order",
        ["organization_id", "order_number"],
        unique=True,
        postgresql_where=NOT_DELETED,
    )
    op.create_index(
        "ix_work_order_list_order",
        "work_order",
        ["organization_id", sa.literal_column("priority DESC"), "due_date", "id"],
        unique=False,
        postgresql_where=NOT_DELETED,
    )
    op.create_index(
        "ix_work_order_open_queue",
        "work_order",
        ["organization_id", sa.literal_column("priority DESC"), "due_date", "id"],
        unique=False,
        postgresql_where=sa.text(
            "deleted_at IS NULL AND status IN ('pending', 'in_progress', 'on_hold')"
        ),
    )
    op.create_index(
        "ix_work_order_status_due",
        "work_order",
        ["organization_id", "status", "due_date"],
        unique=False,
        postgresql_where=NOT_DELETED,
    )
    op.create_index(
        "ix_work_order_completed_at",
        "work_order",
        ["organization_id", "completed_at"],
        unique=False,
        postgresql_include=["started_at"],
        postgresql_where=sa.text("completed_at IS NOT NULL AND deleted_at IS NULL"),
    )
    op.create_index(
        "ix_work_order_customer",
        "work_order",
        ["organization_id", "customer_id"],
        unique=False,
        postgresql_where=NOT_DELETED,
    )
    op.create_index(
        "ix_work_order_product_model",
        "work_order",
        ["organization_id", "product_model"],
        unique=False,
        postgresql_where=NOT_DELETED,
    )

    op.create_table(
        "dispatch",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("work_order_id", sa.Uuid(), nullable=False),
        sa.Column("work_center_id", sa.Uuid(), nullable=False),
        sa.Column("operator_id", sa.Uuid(), nullable=True),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("operation", sa.String(length=100), nullable=True),
        sa.Column("planned_qty", sa.Integer(), nullable=False),
        sa.Column("good_qty", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("scrap_qty", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="queued", nullable=False),
        sa.Column("note", sa.String(length=2000), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        *_timestamps(),
        sa.CheckConstraint(
            "planned_qty BETWEEN 1 AND 1000000000", name=op.f("ck_dispatch_planned_qty")
        ),
        sa.CheckConstraint(
            "good_qty >= 0 AND scrap_qty >= 0", name=op.f("ck_dispatch_reported_qty")
        ),
        sa.CheckConstraint(
            "status IN ('queued', 'in_progress', 'paused', 'done', 'cancelled')",
            name=op.f("ck_dispatch_status"),
        ),
        _organization_fk("dispatch"),
        sa.ForeignKeyConstraint(
            ["work_order_id"],
            ["work_order.id"],
            name=op.f("fk_dispatch_work_order_id_work_order"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["work_center_id"],
            ["work_center.id"],
            name=op.f("fk_dispatch_work_center_id_work_center"),
            ondelete="RESTRICT",
        ),
        _user_fk("dispatch", "operator_id"),
        _user_fk("dispatch", "created_by"),
        _user_fk("dispatch", "updated_by"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dispatch")),
    )
    op.create_index(
        "ix_dispatch_work_order", "dispatch", ["work_order_id", "sequence"], unique=False
    )
    op.create_index(
        "ix_dispatch_station",
        "dispatch",
        ["organization_id", "work_center_id", "status"],
        unique=False,
    )

    op.create_table(
        "production_report",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("dispatch_id", sa.Uuid(), nullable=False),
        sa.Column("work_order_id", sa.Uuid(), nullable=False),
        sa.Column("operator_id", sa.Uuid(), nullable=False),
        sa.Column("good_qty", sa.Integer(), nullable=False),
        sa.Column("scrap_qty", sa.Integer(), nullable=False),
        sa.Column("scrap_reason", sa.String(length=200), nullable=True),
        sa.Column("from_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("to_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("idempotency_key", sa.String(length=255), nullable=True),
        sa.Column("reported_by", sa.Uuid(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint(
            "good_qty >= 0 AND scrap_qty >= 0", name=op.f("ck_production_report_quantities")
        ),
        sa.CheckConstraint("good_qty + scrap_qty > 0", name=op.f("ck_production_report_not_empty")),
        sa.CheckConstraint("to_time >= from_time", name=op.f("ck_production_report_times")),
        _organization_fk("production_report"),
        sa.ForeignKeyConstraint(
            ["dispatch_id"],
            ["dispatch.id"],
            name=op.f("fk_production_report_dispatch_id_dispatch"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["work_order_id"],
            ["work_order.id"],
            name=op.f("fk_production_report_work_order_id_work_order"),
            ondelete="RESTRICT",
        ),
        _user_fk("production_report", "operator_id"),
        _user_fk("production_report", "reported_by"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_production_report")),
    )
    op.create_index(
        "ix_production_report_dispatch",
        "production_report",
        ["dispatch_id", "created_at"],
        unique=False,
    )
    op.create_index(
        "ix_production_report_period",
        "production_report",
        ["organization_id", "to_time"],
        unique=False,
        postgresql_include=["good_qty", "scrap_qty"],
    )

    op.create_table(
        "idempotency_record",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(length=255, collation="C"), nullable=False),
        sa.Column("scope", sa.String(length=50), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("response_status", sa.SmallInteger(), nullable=True),
        sa.Column("response_body", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        _organization_fk("idempotency_record"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotency_record")),
    )
    op.create_index(
        "uq_idempotency_record_organization_id_key",
        "idempotency_record",
        ["organization_id", "key"],
        unique=True,
    )


def downgrade() -> None:
    op.drop_index("uq_idempotency_record_organization_id_key", table_name="idempotency_record")
    op.drop_table("idempotency_record")
    op.drop_index("ix_production_report_period", table_name="production_report")
    op.drop_index("ix_production_report_dispatch", table_name="production_report")
    op.drop_table("production_report")
    op.drop_index("ix_dispatch_station", table_name="dispatch")
    op.drop_index("ix_dispatch_work_order", table_name="dispatch")
    op.drop_table("dispatch")
    op.drop_index("ix_work_order_product_model", table_name="work_order")
    op.drop_index("ix_work_order_customer", table_name="work_order")
    op.drop_index("ix_work_order_completed_at", table_name="work_order")
    op.drop_index("ix_work_order_status_due", table_name="work_order")
    op.drop_index("ix_work_order_open_queue", table_name="work_order")
    op.drop_index("ix_work_order_list_order", table_name="work_order")
    op.drop_index("uq_work_order_organization_id_order_number", table_name="work_order")
    op.drop_table("work_order")
