"""Work orders: orders, dispatches to work centers, production reports and their history."""

from shopfloor.core.registry import ExtraMount, ModuleManifest
from shopfloor.core.security import AUTHENTICATION
from shopfloor.work_order.config import WorkOrderSettings
from shopfloor.work_order.constants import CONSTRAINT_ERRORS
from shopfloor.work_order.messages import FIELD_MESSAGES, MESSAGES

manifest = ModuleManifest(
    name="work_order",
    tag="Work Orders",
    description="Work orders and their lifecycle, dispatches to work centers, production "
    "reports (idempotent) and their reversal, a station's queue, figures and each order's "
    "history.",
    prefix="/work-orders",
    router="shopfloor.work_order.router:router",
    models="shopfloor.work_order.models",
    depends_on=("work_center", "customer", "item", "routing", "user", "audit"),
    requires=(AUTHENTICATION,),
    settings_class=WorkOrderSettings,
    messages=MESSAGES,
    field_messages=FIELD_MESSAGES,
    constraint_errors=CONSTRAINT_ERRORS,
    on_startup="shopfloor.work_order.startup:install",
    extra_mounts=(
        ExtraMount(
            prefix="/work-orders/{work_order_id}/operations",
            router="shopfloor.work_order.router_operations:router",
        ),
        ExtraMount(prefix="/dispatches", router="shopfloor.work_order.router_dispatches:router"),
        ExtraMount(
            prefix="/production-reports", router="shopfloor.work_order.router_reports:router"
        ),
        ExtraMount(
            prefix="/work-centers/{work_center_id}/dispatches",
            router="shopfloor.work_order.router_station:router",
        ),
    ),
)
