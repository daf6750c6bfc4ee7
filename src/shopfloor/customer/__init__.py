"""Customers: who work orders are made for."""

from shopfloor.core.master_data.manifest import master_data_manifest
from shopfloor.customer import constants
from shopfloor.customer.config import CustomerSettings

manifest = master_data_manifest(
    constants,
    CustomerSettings,
    description="Who work orders are made for: codes, names, contact details and activation.",
)
