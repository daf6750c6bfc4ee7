"""Work orders: operations copied from a routing, and dispatches that work on one.

An order made for an item copies the operations of a released routing into
`work_order_operation` (the routing is named in `work_order.routing_id`); its dispatches
then name the operation they work on (`dispatch.operation_id`). Orders made before keep
no operations and work as they did.

A change to an operation notifies the work-order channel with its order's id, as a change to
a dispatch does, so the per-process cache of orders read by id forgets the order.

Revision ID: 0014_work_order_operations
Revises: 0013_report_reversal
Create Date: 2026-12-08 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_work_order_operations"
down_revision: str | Sequence[str] | None = "0013_report_reversal"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "work_order_operation"
STATUSES = "status IN ('pending', 'ready', 'in_progress', 'done', 'skipped')"


def _fk(column: str, table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{table}.id"], name=op.f(f"fk_{TABLE}_{column}_{table}"), ondelete="RESTRICT"
    )


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("work_order_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("work_center_id", sa.Uuid(), nullable=False),
        sa.Column("setup_min", sa.Double(), nullable=False),
        sa.Column("run_s_per_unit", sa.Double(), nullable=False),
        sa.Column("instructions", sa.String(length=4000), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("good_qty", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("scrap_qty", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("skip_reason", sa.String(length=500), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint("seq >= 1", name=op.f(f"ck_{TABLE}_seq")),
        sa.CheckConstraint(
            "good_qty >= 0 AND scrap_qty >= 0", name=op.f(f"ck_{TABLE}_reported_qty")
        ),
        sa.CheckConstraint(STATUSES, name=op.f(f"ck_{TABLE}_status")),
        _fk("organization_id", "organization"),
        _fk("work_order_id", "work_order"),
        _fk("work_center_id", "work_center"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{TABLE}")),
    )
    op.create_index(f"ix_{TABLE}_order", TABLE, ["work_order_id", "seq"], unique=False)

    op.add_column("dispatch", sa.Column("operation_id", sa.Uuid(), nullable=True))
    op.create_foreign_key(
        op.f(f"fk_dispatch_operation_id_{TABLE}"),
        "dispatch",
        TABLE,
        ["operation_id"],
        ["id"],
        ondelete="RESTRICT",
    )
    op.create_index("ix_dispatch_operation", "dispatch", ["operation_id"], unique=False)

    op.add_column("work_order", sa.Column("routing_id", sa.Uuid(), nullable=True))
    op.create_foreign_key(
        op.f("fk_work_order_routing_id_routing"),
        "work_order",
        "routing",
        ["routing_id"],
        ["id"],
        ondelete="RESTRICT",
    )

    # dispatch_notify_change() names the row's work_order_id, which operations have too.
    op.execute(
        f"CREATE TRIGGER {TABLE}_changed AFTER INSERT OR UPDATE OR DELETE ON {TABLE} "
        "FOR EACH ROW EXECUTE FUNCTION dispatch_notify_change()"
    )
    op.execute(
        f"CREATE TRIGGER {TABLE}_truncated AFTER TRUNCATE ON {TABLE} "
        "FOR EACH STATEMENT EXECUTE FUNCTION dispatch_notify_change()"
    )


def downgrade() -> None:
    op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_truncated ON {TABLE}")
    op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_changed ON {TABLE}")
    op.drop_constraint(op.f("fk_work_order_routing_id_routing"), "work_order", type_="foreignkey")
    op.drop_column("work_order", "routing_id")
    op.drop_index("ix_dispatch_operation", table_name="dispatch")
    op.drop_constraint(op.f(f"fk_dispatch_operation_id_{TABLE}"), "dispatch", type_="foreignkey")
    op.drop_column("dispatch", "operation_id")
    op.drop_index(f"ix_{TABLE}_order", table_name=TABLE)
    op.drop_table(TABLE)
