"""Beta's bounds and messages."""

from __future__ import annotations

from shopfloor.core.i18n import Catalogue

MAX_SLEEP_S = 30.0

MESSAGES: Catalogue = {
    "BETA_TALLY_EMPTY": {"zh-TW": "此筆記沒有數量。", "en": "The note has no quantity."},
}
