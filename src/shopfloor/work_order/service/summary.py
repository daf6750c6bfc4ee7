"""The dashboard figures, aggregated by PostgreSQL in one statement."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Date, DateTime, Select, Uuid, and_, bindparam, extract, func, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.work_order.constants import DUE_SOON_DAYS, OPEN_STATUSES, WorkOrderStatus
from shopfloor.work_order.models import ProductionReport, WorkOrder
from shopfloor.work_order.schemas import StatusCounts, SummaryPeriod, WorkOrderSummary
from shopfloor.work_order.service import clock
from shopfloor.work_order.service.queries import overdue_condition

SECONDS_PER_HOUR = 3600


def _build_statement() -> Select[Any]:
    """The one summary statement; every value is a bound parameter (see `summary_values`)."""
    organization_id = bindparam("organization_id", type_=Uuid())
    today = bindparam("today", type_=Date())
    live = and_(WorkOrder.organization_id == organization_id, WorkOrder.deleted_at.is_(None))
    open_values = [status.value for status in OPEN_STATUSES]
    due_soon = and_(
        WorkOrder.status.in_(open_values),
        WorkOrder.due_date >= today,
        WorkOrder.due_date < bindparam("due_soon_end", type_=Date()),
    )
    counts = (
        select(
            *(
                func.count().filter(WorkOrder.status == status.value).label(status.value)
                for status in WorkOrderStatus
            ),
            func.count().filter(overdue_condition(today)).label("overdue"),
            func.count().filter(due_soon).label("due_soon"),
        )
        .where(live)
        .cte("counts")
    )
    period_start = bindparam("period_start", type_=DateTime(timezone=True))
    period_end = bindparam("period_end", type_=DateTime(timezone=True))
    completed = (
        select(
            func.count().label("completed_orders"),
            func.avg(extract("epoch", WorkOrder.completed_at - WorkOrder.started_at)).label(
                "lead_time_s"
            ),
        )
        .where(live, WorkOrder.completed_at >= period_start, WorkOrder.completed_at < period_end)
        .cte("completed")
    )
    produced = (
        select(
            func.coalesce(func.sum(ProductionReport.good_qty), 0).label("produced_qty"),
            func.coalesce(func.sum(ProductionReport.scrap_qty), 0).label("scrap_qty"),
        )
        .where(
            ProductionReport.organization_id == organization_id,
            ProductionReport.to_time >= period_start,
            ProductionReport.to_time < period_end,
        )
        .cte("produced")
    )
    # Each CTE is one row: a cross join of the three is the one answer row.
    return select(counts, completed, produced).select_from(
        counts.join(completed, true()).join(produced, true())
    )


# Built once: the statement is the same for every request, only its parameters change.
SUMMARY = _build_statement()


def summary_values(
    organization_id: uuid.UUID, *, today: date, from_date: date, to_date: date
) -> dict[str, Any]:
    """The parameters of SUMMARY; the period is [from 00:00, to + 1 day 00:00) in UTC."""
    return {
        "organization_id": organization_id,
        "today": today,
        "due_soon_end": today + timedelta(days=DUE_SOON_DAYS),
        "period_start": datetime.combine(from_date, time.min, tzinfo=UTC),
        "period_end": datetime.combine(to_date + timedelta(days=1), time.min, tzinfo=UTC),
    }


def summary_statement(
    organization_id: uuid.UUID, *, today: date, from_date: date, to_date: date
) -> Select[Any]:
    """SUMMARY with its values bound (for EXPLAIN)."""
    return SUMMARY.params(
        summary_values(organization_id, today=today, from_date=from_date, to_date=to_date)
    )


async def work_order_summary(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    from_date: date,
    to_date: date,
) -> WorkOrderSummary:
    today = clock.today()
    values = summary_values(organization_id, today=today, from_date=from_date, to_date=to_date)
    row = (await db_session.execute(SUMMARY, values)).mappings().one()
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
