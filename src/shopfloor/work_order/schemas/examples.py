"""Examples of the main work-order requests and answers, for OpenAPI and /docs.

The answers are built from the read models themselves and dumped as JSON, so an example
always has every field of its schema, computed ones included, in the form the server sends.
One order is followed from creation to its first report, and that report's reversal.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any, Final

from shopfloor.core.envelope import Envelope, ListEnvelope, PaginationMeta
from shopfloor.work_order.constants import (
    DispatchAction,
    DispatchStatus,
    WorkOrderAction,
    WorkOrderStatus,
)
from shopfloor.work_order.schemas.dispatches import DispatchRead
from shopfloor.work_order.schemas.orders import WorkOrderDetail, WorkOrderRead
from shopfloor.work_order.schemas.reports import (
    DispatchProgress,
    ProductionReportRead,
    ReportOutcome,
    WorkOrderProgress,
)

ORGANIZATION_ID: Final = uuid.UUID("0193a5c2-7d10-7c3e-8a51-2f6b9e0d4c11")
ORDER_ID: Final = uuid.UUID("0193a5c2-9b44-7f08-b1d2-5c7e8a9f0a21")
DISPATCH_ID: Final = uuid.UUID("0193a5c3-0f2a-7a61-9e3b-8d4c2b1a6f31")
WORK_CENTER_ID: Final = uuid.UUID("0193a5c1-2e6f-7b90-a4c8-1f3d5e7a9b41")
CUSTOMER_ID: Final = uuid.UUID("0193a5c1-4a8b-7d2c-96e1-3b5f7d9e1c51")
ITEM_ID: Final = uuid.UUID("0193a5c1-6c2d-7e4f-a8b1-5d7f9b1d3e91")
PLANNER_ID: Final = uuid.UUID("0193a5c0-1c3e-7f5a-8b7d-9e1f3a5c7e61")
OPERATOR_ID: Final = uuid.UUID("0193a5c0-3e5a-7c7e-9d1f-2b4d6f8a0c71")
REPORT_ID: Final = uuid.UUID("0193a5c4-5b7d-7e9f-a1c3-4e6a8c0e2a81")
REVERSAL_ID: Final = uuid.UUID("0193a5c6-1d3f-7a5b-8c7e-9f1a3b5c7d91")
SUPERVISOR_ID: Final = uuid.UUID("0193a5c0-5a7c-7e9a-8f3b-4d6f8a0c2e01")
CREATED_AT: Final = datetime(2026, 11, 20, 1, 30, tzinfo=UTC)
STARTED_AT: Final = datetime(2026, 11, 25, 0, 5, tzinfo=UTC)
REPORTED_AT: Final = datetime(2026, 11, 25, 3, 40, tzinfo=UTC)
REVERSED_AT: Final = datetime(2026, 11, 25, 6, 15, tzinfo=UTC)


def _json(model: Any) -> dict[str, Any]:
    dumped: dict[str, Any] = model.model_dump(mode="json")
    return dumped


def examples(**values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """OpenAPI media-type `examples`: a name for each value, its summary the name in words."""
    return {
        name: {"summary": name.replace("_", " ").capitalize(), "value": value}
        for name, value in values.items()
    }


# -- requests --------------------------------------------------------------------------------

CREATE_ORDER: Final = {
    "order_number": "WO-2026-0042",
    "customer_id": str(CUSTOMER_ID),
    "item_id": str(ITEM_ID),
    "product_model": "GB-200 gearbox",
    "quantity": 120,
    "priority": 7,
    "due_date": "2026-12-04",
    "planned_start_at": "2026-11-25T08:00:00+08:00",
    "note": "Housing from batch 26-114.",
}
START: Final[dict[str, Any]] = {}
HOLD: Final = {"reason": "Spindle bearing replaced; waiting for the new one"}
CREATE_DISPATCH: Final = {
    "work_center_id": str(WORK_CENTER_ID),
    "operator_id": str(OPERATOR_ID),
    "operation": "turning",
    "planned_qty": 120,
}
REPORT_GOOD: Final = {"good_qty": 48}
REPORT_SCRAP: Final = {"good_qty": 47, "scrap_qty": 1, "scrap_reason": "Surface scratches"}
REVERSE: Final = {"reason": "Counted twice: the shift total already held these 48"}

# -- answers ---------------------------------------------------------------------------------

_ORDER = WorkOrderRead(
    id=ORDER_ID,
    organization_id=ORGANIZATION_ID,
    order_number="WO-2026-0042",
    customer_id=CUSTOMER_ID,
    item_id=ITEM_ID,
    routing_id=None,
    product_model="GB-200 gearbox",
    quantity=120,
    produced_qty=0,
    scrap_qty=0,
    status=WorkOrderStatus.PENDING,
    priority=7,
    due_date=date(2026, 12, 4),
    planned_start_at=datetime(2026, 11, 25, 0, 0, tzinfo=UTC),
    planned_end_at=None,
    started_at=None,
    completed_at=None,
    cancelled_at=None,
    hold_reason=None,
    cancel_reason=None,
    close_reason=None,
    note="Housing from batch 26-114.",
    version=1,
    created_by=PLANNER_ID,
    updated_by=PLANNER_ID,
    created_at=CREATED_AT,
    updated_at=CREATED_AT,
    deleted_at=None,
    allowed_actions=[WorkOrderAction.START, WorkOrderAction.CANCEL],
)
_STARTED = _ORDER.model_copy(
    update={
        "status": WorkOrderStatus.IN_PROGRESS,
        "started_at": STARTED_AT,
        "updated_at": STARTED_AT,
        "version": 2,
        "allowed_actions": [WorkOrderAction.HOLD, WorkOrderAction.CANCEL],
    }
)
_DISPATCH = DispatchRead(
    id=DISPATCH_ID,
    organization_id=ORGANIZATION_ID,
    work_order_id=ORDER_ID,
    operation_id=None,
    work_center_id=WORK_CENTER_ID,
    operator_id=OPERATOR_ID,
    sequence=1,
    operation="turning",
    planned_qty=120,
    good_qty=0,
    scrap_qty=0,
    status=DispatchStatus.IN_PROGRESS,
    note=None,
    started_at=STARTED_AT,
    finished_at=None,
    version=2,
    created_by=PLANNER_ID,
    updated_by=OPERATOR_ID,
    created_at=CREATED_AT,
    updated_at=STARTED_AT,
    allowed_actions=[DispatchAction.PAUSE, DispatchAction.FINISH, DispatchAction.CANCEL],
)
_QUEUED = _DISPATCH.model_copy(
    update={
        "status": DispatchStatus.QUEUED,
        "started_at": None,
        "version": 1,
        "updated_by": PLANNER_ID,
        "updated_at": CREATED_AT,
        "allowed_actions": [DispatchAction.START, DispatchAction.CANCEL],
    }
)
_REPORT = ReportOutcome(
    report=ProductionReportRead(
        id=REPORT_ID,
        organization_id=ORGANIZATION_ID,
        dispatch_id=DISPATCH_ID,
        work_order_id=ORDER_ID,
        operator_id=OPERATOR_ID,
        good_qty=48,
        scrap_qty=0,
        scrap_reason=None,
        from_time=None,
        to_time=REPORTED_AT,
        note=None,
        idempotency_key="7d1f6c0e-3b2a-4e59-9c8d-1a2b3c4d5e6f",
        reported_by=OPERATOR_ID,
        created_at=REPORTED_AT,
        reverses_id=None,
        reversed_by_id=None,
    ),
    dispatch=DispatchProgress(
        id=DISPATCH_ID,
        status=DispatchStatus.IN_PROGRESS,
        planned_qty=120,
        good_qty=48,
        scrap_qty=0,
        version=3,
    ),
    work_order=WorkOrderProgress(
        id=ORDER_ID,
        status=WorkOrderStatus.IN_PROGRESS,
        quantity=120,
        produced_qty=48,
        scrap_qty=0,
        version=3,
    ),
)
# The report above taken back: the same pieces negated, its reason in `note`.
_REVERSAL = ReportOutcome(
    report=_REPORT.report.model_copy(
        update={
            "id": REVERSAL_ID,
            "good_qty": -48,
            "note": REVERSE["reason"],
            "idempotency_key": "c2b7e4a9-6f1d-4c3b-8e5a-0d9f7b6a5c4e",
            "reported_by": SUPERVISOR_ID,
            "created_at": REVERSED_AT,
            "reverses_id": REPORT_ID,
        }
    ),
    dispatch=_REPORT.dispatch.model_copy(update={"good_qty": 0, "version": 4}),
    work_order=_REPORT.work_order.model_copy(update={"produced_qty": 0, "version": 4}),
)

CREATED_ORDER: Final = _json(Envelope[WorkOrderRead](data=_ORDER))
STARTED_ORDER: Final = _json(Envelope[WorkOrderRead](data=_STARTED))
ORDER_DETAIL: Final = _json(
    Envelope[WorkOrderDetail](
        data=WorkOrderDetail(**dict(_STARTED), operations=[], dispatches=[_DISPATCH])
    )
)
ORDER_PAGE: Final = _json(
    ListEnvelope[WorkOrderRead](
        data=[_STARTED], pagination=PaginationMeta(total=1, page=1, page_size=20, pages=1)
    )
)
CREATED_DISPATCH: Final = _json(Envelope[DispatchRead](data=_QUEUED))
REPORTED: Final = _json(Envelope[ReportOutcome](data=_REPORT))
REVERSED: Final = _json(Envelope[ReportOutcome](data=_REVERSAL))
