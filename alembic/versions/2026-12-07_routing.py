"""Routings: versioned operation lists of an item, and their operations.

A routing is one version (1, 2, ... per item and code) of how an item is made; `revision`
is the row's optimistic-locking counter (the ETag). Its operations are child rows, replaced
as a whole while it is a draft. A partial unique index keeps one released default per item.

Revision ID: 0012_routing
Revises: 0011_item
Create Date: 2026-12-07 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_routing"
down_revision: str | Sequence[str] | None = "0011_item"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "routing",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("item_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=32, collation="C"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="draft", nullable=False),
        sa.Column("is_default", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("copied_from_id", sa.Uuid(), nullable=True),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("obsoleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint("version >= 1", name=op.f("ck_routing_version")),
        sa.CheckConstraint(
            "status IN ('draft', 'released', 'obsolete')", name=op.f("ck_routing_status")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_routing_organization_id_organization"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["item.id"], name=op.f("fk_routing_item_id_item"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["copied_from_id"],
            ["routing.id"],
            name=op.f("fk_routing_copied_from_id_routing"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["user_account.id"],
            name=op.f("fk_routing_created_by_user_account"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"],
            ["user_account.id"],
            name=op.f("fk_routing_updated_by_user_account"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_routing")),
        sa.UniqueConstraint(
            "organization_id",
            "item_id",
            "code",
            "version",
            name=op.f("uq_routing_organization_id_item_id_code_version"),
        ),
    )
    op.create_index(
        "uq_routing_item_id_default",
        "routing",
        ["item_id"],
        unique=True,
        postgresql_where=sa.text("is_default AND status = 'released'"),
    )
    op.create_index(
        "ix_routing_organization_id_status",
        "routing",
        ["organization_id", "status", "code", "version"],
        unique=False,
    )
    op.create_index(
        "ix_routing_organization_id_code",
        "routing",
        ["organization_id", "code", "version"],
        unique=False,
    )

    op.create_table(
        "routing_operation",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("routing_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("work_center_id", sa.Uuid(), nullable=False),
        sa.Column("setup_min", sa.Double(), nullable=False),
        sa.Column("run_s_per_unit", sa.Double(), nullable=False),
        sa.Column("instructions", sa.String(length=4000), nullable=True),
        sa.CheckConstraint("position BETWEEN 0 AND 99", name=op.f("ck_routing_operation_position")),
        sa.CheckConstraint("seq BETWEEN 1 AND 9999", name=op.f("ck_routing_operation_seq")),
        sa.CheckConstraint(
            "setup_min BETWEEN 0 AND 10080", name=op.f("ck_routing_operation_setup_min")
        ),
        sa.CheckConstraint(
            "run_s_per_unit BETWEEN 0 AND 604800",
            name=op.f("ck_routing_operation_run_s_per_unit"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_routing_operation_organization_id_organization"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["routing_id"],
            ["routing.id"],
            name=op.f("fk_routing_operation_routing_id_routing"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["work_center_id"],
            ["work_center.id"],
            name=op.f("fk_routing_operation_work_center_id_work_center"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_routing_operation")),
        sa.UniqueConstraint(
            "routing_id", "position", name=op.f("uq_routing_operation_routing_id_position")
        ),
    )


def downgrade() -> None:
    op.drop_table("routing_operation")
    op.drop_index("ix_routing_organization_id_code", table_name="routing")
    op.drop_index("ix_routing_organization_id_status", table_name="routing")
    op.drop_index("uq_routing_item_id_default", table_name="routing")
    op.drop_table("routing")
