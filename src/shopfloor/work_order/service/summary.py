"""The dashboard figures, aggregated by PostgreSQL in one statement."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.work_order.constants import OPEN_STATUSES, WorkOrderStatus
from shopfloor.work_order.repository.orders import WorkOrderRepository
from shopfloor.work_order.schemas import StatusCounts, SummaryPeriod, WorkOrderSummary
from shopfloor.work_order.service import clock

SECONDS_PER_HOUR = 3600


async def work_order_summary(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    from_date: date,
    to_date: date,
) -> WorkOrderSummary:
    today = clock.today()
    orders = WorkOrderRepository(db_session, organization_id=organization_id)
    row = await orders.summary(today=today, from_date=from_date, to_date=to_date)
    counts = StatusCounts(**{status.value: row[status.value] for status in WorkOrderStatus})
    produced, scrapped = int(row["produced_qty"]), int(row["scrap_qty"])
    reported = produced + scrapped
    lead_time_s = row["lead_time_s"]
    return WorkOrderSummary(
        as_of=today,
        counts_by_status=counts,
        open_orders=sum(row[status.value] for status in OPEN_STATUSES),
        overdue=row["overdue"],
        due_next_7_days=row["due_soon"],
        period=SummaryPeriod(
            from_date=from_date,
            to_date=to_date,
            completed_orders=row["completed_orders"],
            produced_qty=produced,
            scrap_qty=scrapped,
            scrap_rate=round(scrapped / reported, 4) if reported else None,
            average_lead_time_hours=(
                round(float(lead_time_s) / SECONDS_PER_HOUR, 2) if lead_time_s is not None else None
            ),
        ),
    )
