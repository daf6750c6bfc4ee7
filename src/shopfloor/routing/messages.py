"""The routing module's messages, in zh-TW and English, by error code."""

from __future__ import annotations

from shopfloor.core.i18n import Catalogue
from shopfloor.routing import constants as c

MESSAGES: Catalogue = {
    c.NOT_FOUND: {"zh-TW": "找不到指定的途程。", "en": "The routing was not found."},
    c.CODE_TAKEN: {
        # No placeholder: the database's unique index answers with this code too.
        "zh-TW": "此料件已有相同代碼的途程，請以複製建立新版本。",
        "en": "This item already has a routing with this code; copy it to make a new version.",
    },
    c.NOT_EDITABLE: {
        "zh-TW": "途程為「{status}」狀態，只有草稿可以修改。",
        "en": "The routing is {status}; only a draft can be changed.",
    },
    c.INVALID_TRANSITION: {
        "zh-TW": "途程目前為「{status}」狀態，無法執行「{action}」。",
        "en": "The routing is {status}; the action {action} is not possible now.",
    },
    c.NO_OPERATIONS: {
        "zh-TW": "途程至少需要一個工序才能發行。",
        "en": "A routing needs at least one operation to be released.",
    },
    c.WORK_CENTER_INACTIVE: {
        "zh-TW": "途程使用了已停用的工作中心，無法發行。",
        "en": "The routing uses inactive work centers and cannot be released.",
    },
    c.INVALID_REFERENCE: {
        "zh-TW": "請求中引用的資料不存在或無法使用。",
        "en": "The request refers to something that does not exist or cannot be used.",
    },
    c.DEFAULT_TAKEN: {
        "zh-TW": "此料件的另一個途程剛成為預設途程，請重新讀取後再試。",
        "en": "Another routing of this item just became its default; reload and try again.",
    },
    c.NOT_RELEASED: {
        "zh-TW": "途程為「{status}」狀態，只有已發行的途程可以用於工單。",
        "en": "The routing is {status}; only a released routing can be used by a work order.",
    },
    c.ITEM_MISMATCH: {
        "zh-TW": "此途程不屬於指定的料件。",
        "en": "This routing does not belong to the given item.",
    },
    c.ALLOWED_ACTIONS_DETAIL: {
        "zh-TW": "目前狀態為「{current_status}」，可執行的動作列於 allowed_actions。",
        "en": "The current status is {current_status}; allowed_actions lists what is possible.",
    },
    c.INACTIVE_WORK_CENTER_DETAIL: {
        "zh-TW": "工序 {seq} 的工作中心 {work_center_code} 已停用。",
        "en": "The work center {work_center_code} of operation {seq} is inactive.",
    },
}
