"""Users: notify a change to what authentication checks of an account.

Each process keeps the identities of recent callers for read requests and forgets one when
this notification names it (src/shopfloor/user/identity_cache.py). The payload is the
account's id, or "*" after a TRUNCATE. A change to any other column (the last sign-in, the
name, the password hash alone) sends nothing.

Revision ID: 0006_user_identity_notifications
Revises: 0005_work_orders
Create Date: 2026-12-06 00:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006_user_identity_notifications"
down_revision: str | Sequence[str] | None = "0005_work_orders"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHANNEL = "shopfloor_user_identity"

NOTIFY_FUNCTION = f"""
CREATE FUNCTION user_account_notify_identity() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        PERFORM pg_notify('{CHANNEL}', '*');
    ELSE
        PERFORM pg_notify('{CHANNEL}', OLD.id::text);
    END IF;
    RETURN NULL;
END;
$$
"""


def upgrade() -> None:
    op.execute(NOTIFY_FUNCTION)
    op.execute(
        "CREATE TRIGGER user_account_identity_changed AFTER UPDATE ON user_account "
        "FOR EACH ROW WHEN ("
        "OLD.role IS DISTINCT FROM NEW.role "
        "OR OLD.is_active IS DISTINCT FROM NEW.is_active "
        "OR OLD.token_version IS DISTINCT FROM NEW.token_version "
        "OR OLD.organization_id IS DISTINCT FROM NEW.organization_id "
        "OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at "
        "OR OLD.id IS DISTINCT FROM NEW.id"
        ") EXECUTE FUNCTION user_account_notify_identity()"
    )
    op.execute(
        "CREATE TRIGGER user_account_identity_deleted AFTER DELETE ON user_account "
        "FOR EACH ROW EXECUTE FUNCTION user_account_notify_identity()"
    )
    op.execute(
        "CREATE TRIGGER user_account_identity_truncated AFTER TRUNCATE ON user_account "
        "FOR EACH STATEMENT EXECUTE FUNCTION user_account_notify_identity()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS user_account_identity_truncated ON user_account")
    op.execute("DROP TRIGGER IF EXISTS user_account_identity_deleted ON user_account")
    op.execute("DROP TRIGGER IF EXISTS user_account_identity_changed ON user_account")
    op.execute("DROP FUNCTION IF EXISTS user_account_notify_identity()")
