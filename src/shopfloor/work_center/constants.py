"""Fixed values of the work_center module: states, bounds, permissions and messages."""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from shopfloor.core.i18n import Catalogue

RESOURCE_TYPE: Final = "work_center"

PERMISSION_READ: Final = "work_center:read"
PERMISSION_MANAGE: Final = "work_center:manage"

NAME_MAX_LENGTH: Final = 100
DESCRIPTION_MAX_LENGTH: Final = 500
STATE_MAX_LENGTH: Final = 16


class WorkCenterState(StrEnum):
    """What the floor reports about a work center; `blocked` refuses new dispatches."""

    NORMAL = "normal"
    RUNNING = "running"
    BLOCKED = "blocked"


NOT_FOUND: Final = "WORK_CENTER_NOT_FOUND"
CODE_TAKEN: Final = "WORK_CENTER_CODE_TAKEN"
INACTIVE: Final = "WORK_CENTER_INACTIVE"
BLOCKED: Final = "WORK_CENTER_BLOCKED"

MESSAGES: Catalogue = {
    NOT_FOUND: {
        "zh-TW": "找不到指定的工作中心。",
        "en": "The work center was not found.",
    },
    CODE_TAKEN: {
        # No placeholder: the database's unique constraint answers with this code too.
        "zh-TW": "此工作中心代碼已被使用。",
        "en": "This work center code is already in use.",
    },
    INACTIVE: {
        "zh-TW": "工作中心 {code} 已停用，無法接受新的派工。",
        "en": "The work center {code} is inactive and cannot take new dispatches.",
    },
    BLOCKED: {
        "zh-TW": "工作中心 {code} 目前為封鎖狀態，無法接受新的派工。",
        "en": "The work center {code} is blocked and cannot take new dispatches.",
    },
}

# Unique constraint (named by the naming convention) -> the code answered with 409.
CONSTRAINT_ERRORS: Final = {"uq_work_center_organization_id_code": CODE_TAKEN}
