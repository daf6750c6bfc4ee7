"""Work orders: notify every change to an order or its dispatches.

Each process keeps the orders read by id, with their dispatches, and forgets one when this
notification names it (src/shopfloor/work_order/read_cache.py). The payload is the order's
id, or "*" after a TRUNCATE. PostgreSQL sends one notification per order and transaction
however many of its rows changed.

Revision ID: 0007_work_order_notifications
Revises: 0006_user_identity_notifications
Create Date: 2026-12-06 00:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007_work_order_notifications"
down_revision: str | Sequence[str] | None = "0006_user_identity_notifications"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHANNEL = "shopfloor_work_order"

ORDER_FUNCTION = f"""
CREATE FUNCTION work_order_notify_change() RETURNS trigger
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

DISPATCH_FUNCTION = f"""
CREATE FUNCTION dispatch_notify_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        PERFORM pg_notify('{CHANNEL}', '*');
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM pg_notify('{CHANNEL}', OLD.work_order_id::text);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM pg_notify('{CHANNEL}', NEW.work_order_id::text);
    END IF;
    RETURN NULL;
END;
$$
"""


def upgrade() -> None:
    op.execute(ORDER_FUNCTION)
    op.execute(DISPATCH_FUNCTION)
    # A new order needs nothing: only orders read before are kept.
    op.execute(
        "CREATE TRIGGER work_order_changed AFTER UPDATE OR DELETE ON work_order "
        "FOR EACH ROW EXECUTE FUNCTION work_order_notify_change()"
    )
    op.execute(
        "CREATE TRIGGER work_order_truncated AFTER TRUNCATE ON work_order "
        "FOR EACH STATEMENT EXECUTE FUNCTION work_order_notify_change()"
    )
    op.execute(
        "CREATE TRIGGER dispatch_changed AFTER INSERT OR UPDATE OR DELETE ON dispatch "
        "FOR EACH ROW EXECUTE FUNCTION dispatch_notify_change()"
    )
    op.execute(
        "CREATE TRIGGER dispatch_truncated AFTER TRUNCATE ON dispatch "
        "FOR EACH STATEMENT EXECUTE FUNCTION dispatch_notify_change()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS dispatch_truncated ON dispatch")
    op.execute("DROP TRIGGER IF EXISTS dispatch_changed ON dispatch")
    op.execute("DROP TRIGGER IF EXISTS work_order_truncated ON work_order")
    op.execute("DROP TRIGGER IF EXISTS work_order_changed ON work_order")
    op.execute("DROP FUNCTION IF EXISTS dispatch_notify_change()")
    op.execute("DROP FUNCTION IF EXISTS work_order_notify_change()")
