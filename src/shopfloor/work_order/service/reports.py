"""Production reports: append a report and add it to the dispatch's and the order's sums.

`report_production` returns the report and the totals it left (`ReportResult`), first made
or replayed; the router chooses the status code and renders the body from them.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.core.context import RequestContext
from shopfloor.core.ids import uuid7
from shopfloor.core.pagination import Page, PageParams
from shopfloor.core.security import Principal
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
from shopfloor.work_order.service import clock, idempotency, queries, references, trail
from shopfloor.work_order.service.dispatches import lock_dispatch


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


def _stored_totals(dispatch: DispatchTotals, order: WorkOrderTotals) -> dict[str, Any]:
    """The totals as the idempotency record keeps them: without ids, the report has them."""
    return {
        "dispatch": {name: value for name, value in asdict(dispatch).items() if name != "id"},
        "work_order": {name: value for name, value in asdict(order).items() if name != "id"},
    }


def _replay(stored: idempotency.StoredReport) -> ReportResult:
    report = stored.report
    return ReportResult(
        report=report,
        dispatch=DispatchTotals(id=report.dispatch_id, **stored.totals["dispatch"]),
        work_order=WorkOrderTotals(id=report.work_order_id, **stored.totals["work_order"]),
        replayed=True,
    )


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
    record_id: uuid.UUID | None = None
    if idempotency_key is not None:
        digest = idempotency.request_hash(
            IDEMPOTENCY_SCOPE_REPORT, dispatch_id, data.model_dump(mode="json")
        )
        claim = await idempotency.claim(
            db_session,
            organization_id=organization_id,
            key=idempotency_key,
            scope=IDEMPOTENCY_SCOPE_REPORT,
            digest=digest,
        )
        if claim.replay is not None:
            return _replay(claim.replay)
        record_id = claim.record_id

    order, dispatch = await lock_dispatch(
        db_session, organization_id=organization_id, dispatch_id=dispatch_id
    )
    if dispatch.status != DispatchStatus.IN_PROGRESS:
        raise DispatchNotInProgressError(params={"status": dispatch.status})
    now = clock.now()
    from_time, to_time = _report_times(data, now=now, skew_s=settings.report_clock_skew_s)
    _check_caps(order, dispatch, data, allowance=settings.overproduction_allowance)
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
    await ProductionReportRepository(db_session, organization_id=organization_id).add(report)
    before = {
        "produced_qty": order.produced_qty,
        "scrap_qty": order.scrap_qty,
        "dispatch_good_qty": dispatch.good_qty,
        "dispatch_scrap_qty": dispatch.scrap_qty,
    }
    dispatch.good_qty += data.good_qty
    dispatch.scrap_qty += data.scrap_qty
    order.produced_qty += data.good_qty
    order.scrap_qty += data.scrap_qty
    after = {
        "produced_qty": order.produced_qty,
        "scrap_qty": order.scrap_qty,
        "dispatch_good_qty": dispatch.good_qty,
        "dispatch_scrap_qty": dispatch.scrap_qty,
    }
    changes = (
        trail.about_dispatch(dispatch.id)
        | {
            "report_id": [None, str(report.id)],
            "report_good_qty": [None, data.good_qty],
            "report_scrap_qty": [None, data.scrap_qty],
        }
        | ({"scrap_reason": [None, data.scrap_reason]} if data.scrap_reason else {})
        | trail.diff(before, after)
    )
    # Flushes both sums (the report is in already); the versions below are the new ones.
    await trail.record(
        db_session,
        order=order,
        action=AuditAction.QUANTITY_REPORTED,
        actor=actor,
        changes=changes,
        context=context,
    )
    result = ReportResult(
        report=report,
        dispatch=DispatchTotals.of(dispatch),
        work_order=WorkOrderTotals.of(order),
        replayed=False,
    )
    if record_id is not None:
        await idempotency.store(
            db_session,
            organization_id=organization_id,
            record_id=record_id,
            report_id=report.id,
            totals=_stored_totals(result.dispatch, result.work_order),
        )
    return result


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


def _limit(planned: int, allowance: Decimal) -> int:
    return int((Decimal(planned) * (1 + allowance)).to_integral_value(rounding=ROUND_FLOOR))


def _check_caps(
    order: WorkOrder, dispatch: Dispatch, data: ProductionReportCreate, *, allowance: Decimal
) -> None:
    reported = data.good_qty + data.scrap_qty
    for total, limit, scope in (
        (
            dispatch.good_qty + dispatch.scrap_qty + reported,
            _limit(dispatch.planned_qty, allowance),
            "dispatch",
        ),
        (
            order.produced_qty + order.scrap_qty + reported,
            _limit(order.quantity, allowance),
            "work_order",
        ),
    ):
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
