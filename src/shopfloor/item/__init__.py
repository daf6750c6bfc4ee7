"""Items: the parts and products that work orders make."""

from shopfloor.core.master_data.manifest import master_data_manifest
from shopfloor.item import constants
from shopfloor.item.config import ItemSettings

manifest = master_data_manifest(
    constants,
    ItemSettings,
    description="The parts and products work orders make: codes, names, unit of measure, "
    "tracking, ideal cycle time, default routing and activation.",
)
