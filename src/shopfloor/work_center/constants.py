"""Fixed values of the work_center module: states, bounds and messages."""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from shopfloor.core.i18n import Catalogue
from shopfloor.core.master_data.messages import coded_messages

RESOURCE_TYPE: Final = "work_center"

NAME_MAX_LENGTH: Final = 100
DESCRIPTION_MAX_LENGTH: Final = 500
STATE_MAX_LENGTH: Final = 16


class WorkCenterState(StrEnum):
    """What the floor reports about a work center; `blocked` refuses new dispatches."""

    NORMAL = "normal"
    RUNNING = "running"
    BLOCKED = "blocked"


BLOCKED: Final = "WORK_CENTER_BLOCKED"

MESSAGES: Catalogue = {
    **coded_messages(
        RESOURCE_TYPE,
        zh="工作中心",
        refusal_zh="無法接受新的派工",
        refusal_en=" and cannot take new dispatches",
    ),
    BLOCKED: {
        "zh-TW": "工作中心 {code} 目前為封鎖狀態，無法接受新的派工。",
        "en": "The work center {code} is blocked and cannot take new dispatches.",
    },
}

# Unique constraint (named by the naming convention) -> the code answered with 409.
CONSTRAINT_ERRORS: Final = {"uq_work_center_organization_id_code": "WORK_CENTER_CODE_TAKEN"}
