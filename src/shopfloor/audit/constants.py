"""Audit field limits, the standard action names and the module's messages."""

from __future__ import annotations

from datetime import date
from typing import Final

from shopfloor.core.i18n import Catalogue

ACTION_MAX_LENGTH: Final = 64
RESOURCE_TYPE_MAX_LENGTH: Final = 64
RESOURCE_KEY_MAX_LENGTH: Final = 255
ROLE_MAX_LENGTH: Final = 32
REQUEST_ID_MAX_LENGTH: Final = 128
CLIENT_ADDRESS_MAX_LENGTH: Final = 64
USER_AGENT_MAX_LENGTH: Final = 512
FILTER_TEXT_MAX_LENGTH: Final = 128
# The `from`/`to` filters outside this window are typing mistakes; the bounds also keep the
# conversion to UTC away from the limits of the date types (year 1 at +08:00 would underflow).
EARLIEST_DATE: Final = date(1970, 1, 1)
LATEST_DATE: Final = date(9998, 12, 31)

# Standard actions. Modules may add their own (for example `status_changed:<action>`).
CREATED: Final = "created"
UPDATED: Final = "updated"
DELETED: Final = "deleted"

MESSAGES: Catalogue = {
    "AUDIT_LOG_NOT_FOUND": {
        "zh-TW": "找不到指定的稽核紀錄。",
        "en": "The audit log entry was not found.",
    },
    "INVALID_DATE_RANGE": {
        "zh-TW": "起始時間（from）不可晚於結束時間（to）。",
        "en": "The start of the range (from) must not be after its end (to).",
    },
}
