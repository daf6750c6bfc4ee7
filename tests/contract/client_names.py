"""The names of the generated Python client that the walkthrough uses, all in one place.

openapi-python-client names its modules after the document's operation ids and its models
after the schema names, so renaming an operation or a schema in the document means renaming
it here, and nowhere else.
"""

from shopfloor_client.api.auth import issue_token_api_v1_auth_token_post as sign_in
from shopfloor_client.api.customers import (
    create_customer_api_v1_customers_post as create_customer,
)
from shopfloor_client.api.work_centers import (
    create_work_center_api_v1_work_centers_post as create_work_center,
)
from shopfloor_client.api.work_orders import (
    apply_dispatch_action_api_v1_dispatches_dispatch_id_action_post as apply_dispatch_action,
)
from shopfloor_client.api.work_orders import (
    apply_work_order_action_api_v1_work_orders_work_order_id_action_post as apply_order_action,
)
from shopfloor_client.api.work_orders import (
    create_dispatch_api_v1_work_orders_work_order_id_dispatches_post as create_dispatch,
)
from shopfloor_client.api.work_orders import (
    create_work_order_api_v1_work_orders_post as create_work_order,
)
from shopfloor_client.api.work_orders import (
    read_dispatch_api_v1_dispatches_dispatch_id_get as read_dispatch,
)
from shopfloor_client.api.work_orders import (
    read_work_order_api_v1_work_orders_work_order_id_get as read_work_order,
)
from shopfloor_client.api.work_orders import (
    report_production_api_v1_dispatches_dispatch_id_reports_post as report_production,
)
from shopfloor_client.models import BodyIssueTokenApiV1AuthTokenPost as SignInForm
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
from shopfloor_client.models import EnvelopeCustomerRead as CustomerAnswer
from shopfloor_client.models import EnvelopeDispatchRead as DispatchAnswer
from shopfloor_client.models import EnvelopeReportOutcome as ReportAnswer
from shopfloor_client.models import EnvelopeWorkCenterRead as WorkCenterAnswer
from shopfloor_client.models import EnvelopeWorkOrderDetail as WorkOrderDetailAnswer
from shopfloor_client.models import EnvelopeWorkOrderRead as WorkOrderAnswer

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
