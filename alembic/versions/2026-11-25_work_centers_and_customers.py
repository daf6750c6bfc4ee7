"""Work centers and customers: organisation-scoped master data.

Revision ID: 0004_work_centers_customers
Revises: 0003_audit_log
Create Date: 2026-11-25 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_work_centers_customers"
down_revision: str | Sequence[str] | None = "0003_audit_log"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "work_center",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=32, collation="C"), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=True),
        sa.Column("state", sa.String(length=16), server_default="normal", nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint(
            "state IN ('normal', 'running', 'blocked')", name=op.f("ck_work_center_state")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_work_center_organization_id_organization"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_center")),
        sa.UniqueConstraint(
            "organization_id", "code", name=op.f("uq_work_center_organization_id_code")
        ),
    )
    op.create_index(
        "ix_work_center_organization_id_active",
        "work_center",
        ["organization_id", "active"],
        unique=False,
    )
    op.create_index(
        "ix_work_center_organization_id_state",
        "work_center",
        ["organization_id", "state"],
        unique=False,
    )
    op.create_index(
        "ix_work_center_organization_id_name",
        "work_center",
        ["organization_id", "name"],
        unique=False,
    )

    op.create_table(
        "customer",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=32, collation="C"), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("contact_name", sa.String(length=100), nullable=True),
        sa.Column("contact_email", sa.String(length=254), nullable=True),
        sa.Column("contact_phone", sa.String(length=32), nullable=True),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_customer_organization_id_organization"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer")),
        sa.UniqueConstraint(
            "organization_id", "code", name=op.f("uq_customer_organization_id_code")
        ),
    )
    op.create_index(
        "ix_customer_organization_id_active",
        "customer",
        ["organization_id", "active"],
        unique=False,
    )
    op.create_index(
        "ix_customer_organization_id_name",
        "customer",
        ["organization_id", "name"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_customer_organization_id_name", table_name="customer")
    op.drop_index("ix_customer_organization_id_active", table_name="customer")
    op.drop_table("customer")
    op.drop_index("ix_work_center_organization_id_name", table_name="work_center")
    op.drop_index("ix_work_center_organization_id_state", table_name="work_center")
    op.drop_index("ix_work_center_organization_id_active", table_name="work_center")
    op.drop_table("work_center")
