"""What reports and reversals share: the sums they move, the result they answer with, and
the claim and record of their Idempotency-Key.

A report adds its pieces to the dispatch's and the order's sums, a reversal adds the same
pieces negated; both answer with the report they wrote and the totals it left, first made
or replayed, and the router renders both the same way.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.core.context import RequestContext
from shopfloor.core.security import Principal
from shopfloor.work_order.models import Dispatch, ProductionReport, WorkOrder
from shopfloor.work_order.repository.reports import ProductionReportRepository
from shopfloor.work_order.service import idempotency, quantity_flow, trail
from shopfloor.work_order.service.quantity_flow import OrderFlow


@dataclass(frozen=True, slots=True)
class DispatchTotals:
    """A dispatch's state right after a report."""

    id: uuid.UUID
    status: str
    planned_qty: int
    good_qty: int
    scrap_qty: int
    version: int

    @classmethod
    def of(cls, dispatch: Dispatch) -> DispatchTotals:
        return cls(
            id=dispatch.id,
            status=dispatch.status,
            planned_qty=dispatch.planned_qty,
            good_qty=dispatch.good_qty,
            scrap_qty=dispatch.scrap_qty,
            version=dispatch.version,
        )


@dataclass(frozen=True, slots=True)
class WorkOrderTotals:
    """An order's state right after a report."""

    id: uuid.UUID
    status: str
    quantity: int
    produced_qty: int
    scrap_qty: int
    version: int

    @classmethod
    def of(cls, order: WorkOrder) -> WorkOrderTotals:
        return cls(
            id=order.id,
            status=order.status,
            quantity=order.quantity,
            produced_qty=order.produced_qty,
            scrap_qty=order.scrap_qty,
            version=order.version,
        )


@dataclass(frozen=True, slots=True)
class ReportResult:
    """A report and the totals it left; `replayed` when a retry with its key found it."""

    report: ProductionReport
    dispatch: DispatchTotals
    work_order: WorkOrderTotals
    replayed: bool


def _sums(order: WorkOrder, dispatch: Dispatch) -> dict[str, int]:
    return {
        "produced_qty": order.produced_qty,
        "scrap_qty": order.scrap_qty,
        "dispatch_good_qty": dispatch.good_qty,
        "dispatch_scrap_qty": dispatch.scrap_qty,
    }


def add_pieces(
    order: WorkOrder,
    dispatch: Dispatch,
    *,
    good_qty: int,
    scrap_qty: int,
    state: OrderFlow | None = None,
) -> dict[str, list[Any]]:
    """Add pieces (negative ones take them back) to the sums; the audit diff of the sums.

    Without operations, the dispatch's and the order's sums hold the pieces. With them, the
    dispatch's operation holds them too, and the order's sums follow from its operations'.
    """
    before = _sums(order, dispatch)
    dispatch.good_qty += good_qty
    dispatch.scrap_qty += scrap_qty
    flowed: dict[str, list[Any]] = {}
    if state is not None and dispatch.operation_id is not None:
        flowed = quantity_flow.add_to_operation(
            state, dispatch.operation_id, good_qty=good_qty, scrap_qty=scrap_qty
        )
    else:
        order.produced_qty += good_qty
        order.scrap_qty += scrap_qty
    return flowed | trail.diff(before, _sums(order, dispatch))


async def claim(
    db_session: AsyncSession,
    *,
    organization_id: uuid.UUID,
    key: str | None,
    scope: str,
    target: uuid.UUID,
    body: dict[str, Any],
) -> idempotency.Claim:
    """Claim the request's key; without a key the request is simply a first attempt."""
    if key is None:
        return idempotency.Claim()
    return await idempotency.claim(
        db_session,
        organization_id=organization_id,
        key=key,
        scope=scope,
        digest=idempotency.request_hash(scope, target, body),
    )


def replayed(stored: idempotency.StoredReport) -> ReportResult:
    report = stored.report
    return ReportResult(
        report=report,
        dispatch=DispatchTotals(id=report.dispatch_id, **stored.totals["dispatch"]),
        work_order=WorkOrderTotals(id=report.work_order_id, **stored.totals["work_order"]),
        replayed=True,
    )


def _stored_totals(dispatch: DispatchTotals, order: WorkOrderTotals) -> dict[str, Any]:
    """The totals as the idempotency record keeps them: without ids, the report has them."""
    return {
        "dispatch": {name: value for name, value in asdict(dispatch).items() if name != "id"},
        "work_order": {name: value for name, value in asdict(order).items() if name != "id"},
    }


async def book(
    db_session: AsyncSession,
    *,
    claimed: idempotency.Claim,
    report: ProductionReport,
    order: WorkOrder,
    dispatch: Dispatch,
    action: str,
    actor: Principal,
    changes: Mapping[str, list[Any]],
    context: RequestContext | None,
    reason: str | None = None,
    state: OrderFlow | None = None,
) -> ReportResult:
    """Write the report, move both sums by its pieces and record the step on the order.

    Call it with the order and the dispatch locked (and `state`, the order's operations, for
    an order with operations). `changes` adds to what every such entry
    carries: the dispatch, the report and its pieces, and the sums that moved. The result
    is kept with the request's key, if it has one, for the retries.
    """
    organization_id = order.organization_id
    await ProductionReportRepository(db_session, organization_id=organization_id).add(report)
    sums = add_pieces(
        order, dispatch, good_qty=report.good_qty, scrap_qty=report.scrap_qty, state=state
    )
    entry = (
        trail.about_dispatch(dispatch.id)
        | {
            "report_id": [None, str(report.id)],
            "report_good_qty": [None, report.good_qty],
            "report_scrap_qty": [None, report.scrap_qty],
        }
        | dict(changes)
        | sums
    )
    # Flushes both sums (the report is in already), so the result keeps the new versions.
    await trail.record(
        db_session,
        order=order,
        action=action,
        actor=actor,
        changes=entry,
        context=context,
        reason=reason,
    )
    result = ReportResult(
        report=report,
        dispatch=DispatchTotals.of(dispatch),
        work_order=WorkOrderTotals.of(order),
        replayed=False,
    )
    if claimed.record_id is not None:
        await idempotency.store(
            db_session,
            organization_id=organization_id,
            record_id=claimed.record_id,
            report_id=report.id,
            totals=_stored_totals(result.dispatch, result.work_order),
        )
    return result
