"""HTTP routes of the item module, mounted under /api/v1/items."""

from shopfloor.core.master_data.router import master_data_router
from shopfloor.item import dependencies, service
from shopfloor.item.schemas import ItemCreate, ItemUpdate

# What these routes do for an item, in /docs (the rest is the same for all master data).
DESCRIPTIONS = {
    "update": "Change code, name, description, unit, tracking or ideal cycle time; `null` "
    "clears description or cycle time. `default_routing_id` is set by releasing a routing.",
    "deactivate": "No new work orders for it; existing orders are kept. Already inactive: "
    "no change.",
    "activate": "New work orders may name it again. Already active: no change.",
}

router = master_data_router(service.items, ItemCreate, ItemUpdate, dependencies, DESCRIPTIONS)
