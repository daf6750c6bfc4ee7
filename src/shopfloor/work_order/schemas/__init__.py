"""Request and response bodies of the work_order module.

Requests forbid unknown fields, so a client can never write `status`, the quantity sums,
server timestamps, `version`, `organization_id` or `created_by` (422 `extra_forbidden`).
The statuses and actions are exported too: they are the words the bodies and paths use.
"""

from shopfloor.work_order.constants import (
    DispatchAction,
    DispatchStatus,
    WorkOrderAction,
    WorkOrderStatus,
)
from shopfloor.work_order.schemas.dispatches import (
    DispatchCreate,
    DispatchRead,
    DispatchUpdate,
    StationDispatchRead,
)
from shopfloor.work_order.schemas.operations import (
    OperationRead,
    OperationSkipRequest,
    OperationUpdate,
)
from shopfloor.work_order.schemas.orders import (
    TransitionRequest,
    WorkOrderCreate,
    WorkOrderDetail,
    WorkOrderRead,
    WorkOrderUpdate,
)
from shopfloor.work_order.schemas.queries import (
    StatusCounts,
    SummaryPeriod,
    SummaryQuery,
    WorkOrderFilters,
    WorkOrderListQuery,
    WorkOrderSummary,
)
from shopfloor.work_order.schemas.reports import (
    DispatchProgress,
    ProductionReportCreate,
    ProductionReportRead,
    ReportOutcome,
    ReversalRequest,
    WorkOrderProgress,
)

__all__ = [
    "DispatchAction",
    "DispatchCreate",
    "DispatchProgress",
    "DispatchRead",
    "DispatchStatus",
    "DispatchUpdate",
    "OperationRead",
    "OperationSkipRequest",
    "OperationUpdate",
    "ProductionReportCreate",
    "ProductionReportRead",
    "ReportOutcome",
    "ReversalRequest",
    "StationDispatchRead",
    "StatusCounts",
    "SummaryPeriod",
    "SummaryQuery",
    "TransitionRequest",
    "WorkOrderAction",
    "WorkOrderCreate",
    "WorkOrderDetail",
    "WorkOrderFilters",
    "WorkOrderListQuery",
    "WorkOrderProgress",
    "WorkOrderRead",
    "WorkOrderStatus",
    "WorkOrderSummary",
    "WorkOrderUpdate",
]
