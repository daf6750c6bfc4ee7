"""Report reversal: take a production report back with a compensating report.

Reports are never changed. A wrong one is corrected by a reversal: a new report with the
same pieces negated, naming the original in `reverses_id`, that takes them off the
dispatch's and the order's sums in the same transaction, under the same locks as a report
(the order, then the dispatch). On an order with operations it also takes them off the
dispatch's operation, unless a later operation has already worked on them. The right
quantity, if any, is then reported again.

`reverse_report` returns the reversal and the totals it left (`ReportResult`), first made
or replayed, exactly as `report_production` does; the router renders both alike.
"""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.core.context import RequestContext
from shopfloor.core.ids import uuid7
from shopfloor.core.security import Principal
from shopfloor.work_order import lifecycle
from shopfloor.work_order.constants import (
    IDEMPOTENCY_SCOPE_REVERSAL,
    REPORT_ALREADY_REVERSED,
    AuditAction,
    WorkOrderStatus,
)
from shopfloor.work_order.exceptions import (
    DispatchNotFoundError,
    ProductionReportNotFoundError,
    ReportAlreadyReversedError,
    ReportIsReversalError,
    WorkOrderReadOnlyError,
)
from shopfloor.work_order.models import Dispatch, ProductionReport, WorkOrder
from shopfloor.work_order.repository.reports import ProductionReportRepository
from shopfloor.work_order.schemas import ReversalRequest
from shopfloor.work_order.service import clock, quantity_flow, tally
from shopfloor.work_order.service.dispatches import lock_dispatch
from shopfloor.work_order.service.tally import ReportResult


async def reverse_report(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    report_id: uuid.UUID,
    data: ReversalRequest,
    idempotency_key: str | None,
    actor: Principal,
    context: RequestContext | None = None,
) -> ReportResult:
    claimed = await tally.claim(
        db_session,
        organization_id=organization_id,
        key=idempotency_key,
        scope=IDEMPOTENCY_SCOPE_REVERSAL,
        target=report_id,
        body=data.model_dump(mode="json"),
    )
    if claimed.replay is not None:
        return tally.replayed(claimed.replay)

    reports = ProductionReportRepository(db_session, organization_id=organization_id)
    original = await reports.get_by_id(report_id)
    if original is None:
        raise ProductionReportNotFoundError(params={"id": str(report_id)})
    order, dispatch = await _lock(db_session, report=original)
    # Checked under the order's lock: a concurrent reversal of the same report has either
    # committed (and is found here) or waits for this one to end.
    await _check_reversible(reports, order=order, report=original)
    # An order without operations holds a report's pieces in its dispatch's sums and its
    # own only, so nothing downstream can have used them. With operations, the next ones
    # may have worked on the good pieces already: then the reversal is refused.
    state = await quantity_flow.load_flow(db_session, order=order)
    if state is not None and dispatch.operation_id is not None:
        quantity_flow.check_reversal(state, dispatch.operation_id, good_qty=original.good_qty)

    now = clock.now()
    reversal = ProductionReport(
        id=uuid7(),
        organization_id=organization_id,
        dispatch_id=original.dispatch_id,
        work_order_id=original.work_order_id,
        # The pieces were the operator's; who took them back is `reported_by`.
        operator_id=original.operator_id,
        good_qty=-original.good_qty,
        scrap_qty=-original.scrap_qty,
        scrap_reason=original.scrap_reason,
        # The original's times, so the figures of its period lose exactly its pieces.
        from_time=original.from_time,
        to_time=original.to_time,
        note=data.reason,
        idempotency_key=idempotency_key,
        reported_by=actor.user_id,
        created_at=now,
        reverses_id=original.id,
    )
    return await tally.book(
        db_session,
        claimed=claimed,
        report=reversal,
        order=order,
        dispatch=dispatch,
        action=AuditAction.REPORT_REVERSED,
        actor=actor,
        changes={"reverses_id": [None, str(original.id)]},
        context=context,
        reason=data.reason,
        state=state,
    )


async def _lock(
    db_session: AsyncSession, *, report: ProductionReport
) -> tuple[WorkOrder, Dispatch]:
    """Lock the report's order, then its dispatch, as a report does."""
    try:
        return await lock_dispatch(
            db_session, organization_id=report.organization_id, dispatch_id=report.dispatch_id
        )
    except DispatchNotFoundError:
        # The order was deleted: its reports are gone from every read with it.
        raise ProductionReportNotFoundError(params={"id": str(report.id)}) from None


async def _check_reversible(
    reports: ProductionReportRepository, *, order: WorkOrder, report: ProductionReport
) -> None:
    if report.reverses_id is not None:
        raise ReportIsReversalError()
    reversal_id = await reports.reversal_of(report.id)
    if reversal_id is not None:
        raise ReportAlreadyReversedError(
            details=[{"code": REPORT_ALREADY_REVERSED, "reversal_id": str(reversal_id)}]
        )
    if WorkOrderStatus(order.status) in lifecycle.READ_ONLY_STATUSES:
        raise WorkOrderReadOnlyError(params={"status": order.status})
