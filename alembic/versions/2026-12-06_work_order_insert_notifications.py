"""Work orders: notify new orders too.

Each process keeps the totals of the list's filters (src/shopfloor/work_order/read_cache.py),
and a new order changes them: the order trigger of 0007 now fires on INSERT as well, with the
new order's id as the payload.

Revision ID: 0008_work_order_insert_notify
Revises: 0007_work_order_notifications
Create Date: 2026-12-06 00:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008_work_order_insert_notify"
down_revision: str | Sequence[str] | None = "0007_work_order_notifications"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHANNEL = "shopfloor_work_order"


ORDER_FUNCTION = f"""
CREATE OR REPLACE FUNCTION work_order_notify_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        PERFORM pg_notify('{CHANNEL}', '*');
    ELSIF TG_OP = 'INSERT' THEN
        PERFORM pg_notify('{CHANNEL}', NEW.id::text);
    ELSE
        PERFORM pg_notify('{CHANNEL}', OLD.id::text);
    END IF;
    RETURN NULL;
END;
$$
"""


def _trigger(events: str) -> str:
    return (
        f"CREATE TRIGGER work_order_changed AFTER {events} ON work_order "
        "FOR EACH ROW EXECUTE FUNCTION work_order_notify_change()"
    )


def upgrade() -> None:
    # The same function as before for UPDATE, DELETE and TRUNCATE; it now names new rows too.
    op.execute(ORDER_FUNCTION)
    op.execute("DROP TRIGGER work_order_changed ON work_order")
    op.execute(_trigger("INSERT OR UPDATE OR DELETE"))


def downgrade() -> None:
    op.execute("DROP TRIGGER work_order_changed ON work_order")
    # The function's INSERT branch is left in place: nothing fires it any more.
    op.execute(_trigger("UPDATE OR DELETE"))
