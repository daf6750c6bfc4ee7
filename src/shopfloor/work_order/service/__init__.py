"""Work orders: the module's use cases.

Every function is keyword-only, takes `db_session` and the caller's `organization_id`,
flushes and never commits (the request's unit of work commits once). Changes take the
acting principal (`actor`) for permissions, `created_by`/`updated_by` and the audit entry,
which is written in the same transaction.

No other module calls into work_order today; these are the functions its routers use:

- orders: `create_work_order`, `update_work_order`, `delete_work_order`,
  `apply_work_order_action`, `get_work_order`, `list_work_orders`, `work_order_summary`,
  `work_order_history`
- dispatches: `create_dispatch`, `update_dispatch`, `apply_dispatch_action`, `get_dispatch`,
  `list_dispatches`, `station_dispatches`
- operations: `list_operations`, `update_operation`, `skip_operation`
- reports: `report_production` (with idempotency), `list_reports`, `reverse_report`
"""

from shopfloor.work_order.service.dispatches import (
    apply_dispatch_action,
    create_dispatch,
    update_dispatch,
)
from shopfloor.work_order.service.operations import (
    list_operations,
    skip_operation,
    update_operation,
)
from shopfloor.work_order.service.orders import (
    apply_work_order_action,
    create_work_order,
    delete_work_order,
    update_work_order,
)
from shopfloor.work_order.service.queries import (
    get_dispatch,
    get_work_order,
    list_dispatches,
    list_work_orders,
    station_dispatches,
    work_order_history,
)
from shopfloor.work_order.service.reports import list_reports, report_production
from shopfloor.work_order.service.reversals import reverse_report
from shopfloor.work_order.service.summary import work_order_summary
from shopfloor.work_order.service.tally import ReportResult

__all__ = [
    "ReportResult",
    "apply_dispatch_action",
    "apply_work_order_action",
    "create_dispatch",
    "create_work_order",
    "delete_work_order",
    "get_dispatch",
    "get_work_order",
    "list_dispatches",
    "list_operations",
    "list_reports",
    "list_work_orders",
    "report_production",
    "reverse_report",
    "skip_operation",
    "station_dispatches",
    "update_dispatch",
    "update_operation",
    "update_work_order",
    "work_order_history",
    "work_order_summary",
]
