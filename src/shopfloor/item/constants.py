"""Fixed values of the item module: tracking modes, bounds and messages."""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from shopfloor.core.i18n import Catalogue
from shopfloor.core.master_data.messages import coded_messages

RESOURCE_TYPE: Final = "item"

# No longer than a work order's product_model, which defaults to the item's name.
NAME_MAX_LENGTH: Final = 100
DESCRIPTION_MAX_LENGTH: Final = 500
UOM_MAX_LENGTH: Final = 16
UOM_DEFAULT: Final = "pcs"
TRACKING_MAX_LENGTH: Final = 16
# Seconds per piece: above zero, at most a week (a longer cycle is a project, not a piece).
IDEAL_CYCLE_S_MAX: Final = 604_800


class Tracking(StrEnum):
    """How the pieces of an item are traced: not at all, by lot, or one by one."""

    NONE = "none"
    LOT = "lot"
    SERIAL = "serial"


MESSAGES: Catalogue = coded_messages(
    RESOURCE_TYPE,
    zh="品項",
    refusal_zh="無法建立新的工單",
    refusal_en="; new work orders cannot be created for it",
)

# Unique constraint (named by the naming convention) -> the code answered with 409.
CONSTRAINT_ERRORS: Final = {"uq_item_organization_id_code": "ITEM_CODE_TAKEN"}
