"""HTTP routes of the customer module, mounted under /api/v1/customers."""

from shopfloor.core.master_data.router import master_data_router
from shopfloor.customer import dependencies, service
from shopfloor.customer.schemas import CustomerCreate, CustomerUpdate

# What these routes do for a customer, in /docs (the rest is the same for all master data).
DESCRIPTIONS = {
    "update": "Change code, name or contact details; `null` clears a contact field.",
    "deactivate": "No new work orders for it; existing orders are kept. Already inactive: "
    "no change.",
    "activate": "New work orders may name it again. Already active: no change.",
}

router = master_data_router(
    service.customers, CustomerCreate, CustomerUpdate, dependencies, DESCRIPTIONS
)
