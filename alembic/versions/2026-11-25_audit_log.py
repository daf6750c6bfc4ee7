"""The append-only audit log.

UPDATE, DELETE and TRUNCATE on audit_log are refused by the database itself, so no code path
(and no one with the application's credentials) can rewrite history.

Revision ID: 0003_audit_log
Revises: 0002_auth_tokens
Create Date: 2026-11-25 09:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003_audit_log"
down_revision: str | Sequence[str] | None = "0002_auth_tokens"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REFUSE_CHANGE_FUNCTION = """
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$
"""


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "occurred_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("organization_id", sa.Uuid(), nullable=True),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("actor_role", sa.String(length=32), nullable=True),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("resource_type", sa.String(length=64), nullable=False),
        sa.Column("resource_id", sa.Uuid(), nullable=True),
        sa.Column("resource_key", sa.String(length=255), nullable=True),
        sa.Column("changes", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("request_id", sa.String(length=128), nullable=True),
        sa.Column("client_address", sa.String(length=64), nullable=True),
        sa.Column("user_agent", sa.String(length=512), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(
        "ix_audit_log_organization_id_occurred_at",
        "audit_log",
        ["organization_id", "occurred_at", "id"],
        unique=False,
    )
    op.create_index(
        "ix_audit_log_organization_id_resource",
        "audit_log",
        ["organization_id", "resource_type", "resource_id", "occurred_at"],
        unique=False,
    )
    op.create_index(
        "ix_audit_log_organization_id_actor_id",
        "audit_log",
        ["organization_id", "actor_id", "occurred_at"],
        unique=False,
    )
    op.create_index(
        "ix_audit_log_organization_id_action",
        "audit_log",
        ["organization_id", "action", "occurred_at"],
        unique=False,
    )
    op.create_index(
        "ix_audit_log_organization_id_request_id",
        "audit_log",
        ["organization_id", "request_id"],
        unique=False,
    )
    op.execute(REFUSE_CHANGE_FUNCTION)
    op.execute(
        "CREATE TRIGGER audit_log_refuse_update_delete BEFORE UPDATE OR DELETE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()"
    )
    op.execute(
        "CREATE TRIGGER audit_log_refuse_truncate BEFORE TRUNCATE ON audit_log "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_log_refuse_truncate ON audit_log")
    op.execute("DROP TRIGGER IF EXISTS audit_log_refuse_update_delete ON audit_log")
    op.execute("DROP FUNCTION IF EXISTS audit_log_refuse_change()")
    op.drop_index("ix_audit_log_organization_id_request_id", table_name="audit_log")
    op.drop_index("ix_audit_log_organization_id_action", table_name="audit_log")
    op.drop_index("ix_audit_log_organization_id_actor_id", table_name="audit_log")
    op.drop_index("ix_audit_log_organization_id_resource", table_name="audit_log")
    op.drop_index("ix_audit_log_organization_id_occurred_at", table_name="audit_log")
    op.drop_table("audit_log")
