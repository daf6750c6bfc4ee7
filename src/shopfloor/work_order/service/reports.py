"""Production reports: append a report and add it to the dispatch's and the order's sums.

`report_production` returns the report and the totals it left (`ReportResult`), first made
or replayed; the router chooses the status code and renders the body from them.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.core.context import RequestContext
from shopfloor.core.ids import uuid7
from shopfloor.core.pagination import Page, PageParams
from shopfloor.core.security import Principal
from shopfloor.work_order import lifecycle
from shopfloor.work_order.config import WorkOrderSettings
from shopfloor.work_order.constants import (
    IDEMPOTENCY_SCOPE_REPORT,
    AuditAction,
    DispatchStatus,
)
from shopfloor.work_order.exceptions import (
    DispatchNotInProgressError,
    OverproductionError,
    ReportTimeInFutureError,
)
from shopfloor.work_order.models import Dispatch, ProductionReport, WorkOrder
from shopfloor.work_order.repository.reports import ProductionReportRepository
from shopfloor.work_order.schemas import ProductionReportCreate
from shopfloor.work_order.service import clock, quantity_flow, queries, references, tally
from shopfloor.work_order.service.dispatches import lock_dispatch
from shopfloor.work_order.service.tally import ReportResult


async def report_production(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    dispatch_id: uuid.UUID,
    data: ProductionReportCreate,
    idempotency_key: str | None,
    settings: WorkOrderSettings,
    actor: Principal,
    context: RequestContext | None = None,
) -> ReportResult:
    claimed = await tally.claim(
        db_session,
        organization_id=organization_id,
        key=idempotency_key,
        scope=IDEMPOTENCY_SCOPE_REPORT,
        target=dispatch_id,
        body=data.model_dump(mode="json"),
    )
    if claimed.replay is not None:
        return tally.replayed(claimed.replay)

    order, dispatch = await lock_dispatch(
        db_session, organization_id=organization_id, dispatch_id=dispatch_id
    )
    if dispatch.status != DispatchStatus.IN_PROGRESS:
        raise DispatchNotInProgressError(params={"status": dispatch.status})
    now = clock.now()
    from_time, to_time = _report_times(data, now=now, skew_s=settings.report_clock_skew_s)
    state = await quantity_flow.load_flow(db_session, order=order)
    _check_caps(
        order, dispatch, data, allowance=settings.overproduction_allowance, by_order=state is None
    )
    if state is not None and dispatch.operation_id is not None:
        quantity_flow.check_report(
            state,
            dispatch.operation_id,
            pieces=data.good_qty + data.scrap_qty,
            allowance=settings.overproduction_allowance,
        )
    operator_id = data.operator_id or actor.user_id
    if operator_id != actor.user_id:
        await references.ensure_operator(
            db_session, organization_id=organization_id, user_id=operator_id
        )

    report = ProductionReport(
        id=uuid7(),
        organization_id=organization_id,
        dispatch_id=dispatch.id,
        work_order_id=order.id,
        operator_id=operator_id,
        good_qty=data.good_qty,
        scrap_qty=data.scrap_qty,
        scrap_reason=data.scrap_reason,
        from_time=from_time,
        to_time=to_time,
        note=data.note,
        idempotency_key=idempotency_key,
        reported_by=actor.user_id,
        created_at=now,
    )
    return await tally.book(
        db_session,
        claimed=claimed,
        report=report,
        order=order,
        dispatch=dispatch,
        action=AuditAction.QUANTITY_REPORTED,
        actor=actor,
        changes={"scrap_reason": [None, data.scrap_reason]} if data.scrap_reason else {},
        context=context,
        state=state,
    )


async def list_reports(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    dispatch_id: uuid.UUID,
    params: PageParams,
) -> Page[ProductionReport]:
    """A dispatch's reports, oldest first (404 when the dispatch is not visible)."""
    await queries.get_dispatch(
        db_session=db_session,
        organization_id=organization_id,
        dispatch_id=dispatch_id,
        permissions=(),
    )
    reports = ProductionReportRepository(db_session, organization_id=organization_id)
    return await reports.page_of_dispatch(dispatch_id, params)


def _report_times(
    data: ProductionReportCreate, *, now: datetime, skew_s: int
) -> tuple[datetime | None, datetime]:
    latest = now + timedelta(seconds=skew_s)
    for field, value in (("from_time", data.from_time), ("to_time", data.to_time)):
        if value is not None and value > latest:
            raise ReportTimeInFutureError(
                details=[{"loc": ["body", field], "code": ReportTimeInFutureError.code}]
            )
    from_time = data.from_time
    to_time = data.to_time
    if to_time is None:
        # A from_time slightly ahead of the server clock must not end up after the end.
        to_time = max(now, from_time) if from_time is not None else now
    return from_time, to_time


def _check_caps(
    order: WorkOrder,
    dispatch: Dispatch,
    data: ProductionReportCreate,
    *,
    allowance: Decimal,
    by_order: bool,
) -> None:
    """The dispatch's cap, and the order's when it has no operations (with operations,
    each operation's cap is what reached it: `quantity_flow.check_report`)."""
    reported = data.good_qty + data.scrap_qty
    caps = [
        (
            dispatch.good_qty + dispatch.scrap_qty + reported,
            lifecycle.with_allowance(dispatch.planned_qty, allowance),
            "dispatch",
        )
    ]
    if by_order:
        caps.append(
            (
                order.produced_qty + order.scrap_qty + reported,
                lifecycle.with_allowance(order.quantity, allowance),
                "work_order",
            )
        )
    for total, limit, scope in caps:
        if total > limit:
            raise OverproductionError(
                params={"total": total, "limit": limit},
                details=[
                    {
                        "code": OverproductionError.code,
                        "scope": scope,
                        "total": total,
                        "limit": limit,
                        "remaining": max(limit - total + reported, 0),
                    }
                ],
            )
