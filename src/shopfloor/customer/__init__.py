"""Customers: who work orders are made for."""

from shopfloor.core.registry import ModuleManifest
from shopfloor.core.security import AUTHENTICATION
from shopfloor.customer.config import CustomerSettings
from shopfloor.customer.constants import CONSTRAINT_ERRORS, MESSAGES

manifest = ModuleManifest(
    name="customer",
    tag="Customers",
    description="Who work orders are made for: codes, names, contact details and activation.",
    prefix="/customers",
    router="shopfloor.customer.router:router",
    models="shopfloor.customer.models",
    depends_on=("audit",),
    requires=(AUTHENTICATION,),
    settings_class=CustomerSettings,
    messages=MESSAGES,
    constraint_errors=CONSTRAINT_ERRORS,
)
