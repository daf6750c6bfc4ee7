"""The names of the generated Python client that the walkthrough uses, all in one place.

openapi-python-client names its modules after the document's operation ids and its models
after the schema names, so renaming an operation or a schema in the document means renaming
it here, and nowhere else.
"""

from shopfloor_client.api.auth import auth_issue_token as sign_in
from shopfloor_client.api.customers import customers_create as create_customer
from shopfloor_client.api.work_centers import work_centers_create as create_work_center
from shopfloor_client.api.work_orders import dispatches_apply_action as apply_dispatch_action
from shopfloor_client.api.work_orders import dispatches_get as read_dispatch
from shopfloor_client.api.work_orders import dispatches_report_production as report_production
from shopfloor_client.api.work_orders import work_orders_apply_action as apply_order_action
from shopfloor_client.api.work_orders import work_orders_create as create_work_order
from shopfloor_client.api.work_orders import work_orders_create_dispatch as create_dispatch
from shopfloor_client.api.work_orders import work_orders_get as read_work_order
from shopfloor_client.models import (
    CustomerCreate,
    DispatchAction,
    DispatchCreate,
    DispatchStatus,
    ProductionReportCreate,
    TokenEnvelope,
    TransitionRequest,
    WorkCenterCreate,
    WorkOrderAction,
    WorkOrderCreate,
    WorkOrderStatus,
)
from shopfloor_client.models import CustomerEnvelope as CustomerAnswer
from shopfloor_client.models import DispatchEnvelope as DispatchAnswer
from shopfloor_client.models import ReportOutcomeEnvelope as ReportAnswer
from shopfloor_client.models import TokenRequest as SignInForm
from shopfloor_client.models import WorkCenterEnvelope as WorkCenterAnswer
from shopfloor_client.models import WorkOrderDetailEnvelope as WorkOrderDetailAnswer
from shopfloor_client.models import WorkOrderEnvelope as WorkOrderAnswer

__all__ = [
    "CustomerAnswer",
    "CustomerCreate",
    "DispatchAction",
    "DispatchAnswer",
    "DispatchCreate",
    "DispatchStatus",
    "ProductionReportCreate",
    "ReportAnswer",
    "SignInForm",
    "TokenEnvelope",
    "TransitionRequest",
    "WorkCenterAnswer",
    "WorkCenterCreate",
    "WorkOrderAction",
    "WorkOrderAnswer",
    "WorkOrderCreate",
    "WorkOrderDetailAnswer",
    "WorkOrderStatus",
    "apply_dispatch_action",
    "apply_order_action",
    "create_customer",
    "create_dispatch",
    "create_work_center",
    "create_work_order",
    "read_dispatch",
    "read_work_order",
    "report_production",
    "sign_in",
]
