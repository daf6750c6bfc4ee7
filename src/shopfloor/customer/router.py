"""HTTP routes of the customer module, mounted under /api/v1/customers."""

from __future__ import annotations

from shopfloor.core.master_data.router import Lifecycle, ResourceNames, master_data_router
from shopfloor.customer import service
from shopfloor.customer.dependencies import Filters, Manager, Reader
from shopfloor.customer.schemas import CustomerCreate, CustomerUpdate

router = master_data_router(
    service.customers,
    names=ResourceNames("customer", "customers"),
    reader=Reader,
    manager=Manager,
    filters=Filters,
    create=CustomerCreate,
    update=CustomerUpdate,
    lifecycle=Lifecycle.ACTIVATION,
    descriptions={
        "update": "Change code, name or contact details; `null` clears a contact field.",
        "deactivate": (
            "No new work orders for it; existing orders are kept. Already inactive: no change."
        ),
        "activate": "New work orders may name it again. Already active: no change.",
    },
)
