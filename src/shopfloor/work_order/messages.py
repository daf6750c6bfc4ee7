"""The work_order module's message catalogues: error codes and field validation types."""

from __future__ import annotations

from shopfloor.core.i18n import Catalogue
from shopfloor.work_order import constants as c

MESSAGES: Catalogue = {
    c.NOT_FOUND: {"zh-TW": "找不到指定的工單。", "en": "The work order was not found."},
    c.NUMBER_TAKEN: {
        # No placeholder: the database's unique index answers with this code too.
        "zh-TW": "此工單號碼已被使用。",
        "en": "This work order number is already in use.",
    },
    c.INVALID_TRANSITION: {
        "zh-TW": "工單目前為「{status}」狀態，無法執行「{action}」。",
        "en": "The work order is {status}; the action {action} is not possible now.",
    },
    c.READ_ONLY: {
        "zh-TW": "工單已{status}，不能再修改。",
        "en": "The work order is {status} and can no longer be changed.",
    },
    c.FIELD_LOCKED: {
        "zh-TW": "工單開始後不能修改 {fields}。",
        "en": "Once the work order has started, {fields} can no longer be changed.",
    },
    c.QUANTITY_BELOW_REPORTED: {
        "zh-TW": "數量不可少於已回報的良品與報廢數合計 {reported}。",
        "en": "The quantity cannot be less than the {reported} pieces already reported.",
    },
    c.QUANTITY_BELOW_DISPATCHED: {
        "zh-TW": "數量不可少於已派工的數量 {dispatched}，請先調整派工。",
        "en": "The quantity cannot be less than the {dispatched} pieces already dispatched; "
        "change the dispatches first.",
    },
    c.NOT_DELETABLE: {
        "zh-TW": "只有待處理或已取消的工單可以刪除，此工單為「{status}」。",
        "en": "Only pending or cancelled work orders can be deleted; this one is {status}.",
    },
    c.REASON_REQUIRED: {
        "zh-TW": "執行「{action}」必須填寫原因。",
        "en": "The action {action} requires a reason.",
    },
    c.SHORT_CLOSE_REASON_REQUIRED: {
        "zh-TW": "已完成 {reported} / {quantity}，數量不足時結案必須填寫原因。",
        "en": "Only {reported} of {quantity} are reported; closing short requires a reason.",
    },
    c.ACTIVE_DISPATCHES: {
        "zh-TW": "仍有進行中或暫停的派工，請先完成或取消後再結案。",
        "en": "Dispatches are still in progress or paused; finish or cancel them first.",
    },
    c.NOT_RUNNING: {
        "zh-TW": "工單目前為「{status}」狀態，派工無法開始或繼續。",
        "en": "The work order is {status}; its dispatches cannot start or resume.",
    },
    c.INVALID_DATES: {
        "zh-TW": "計畫結束時間不可早於計畫開始時間。",
        "en": "The planned end cannot be before the planned start.",
    },
    c.INVALID_REFERENCE: {
        "zh-TW": "請求中引用的資料不存在或無法使用。",
        "en": "The request refers to something that does not exist or cannot be used.",
    },
    c.ITEM_REQUIRED: {
        "zh-TW": "工單必須指定品項（item_id）。",
        "en": "A work order must name its item (item_id).",
    },
    c.OPERATOR_INACTIVE: {
        "zh-TW": "此使用者已停用，不能指派為作業員。",
        "en": "This user is deactivated and cannot be the operator.",
    },
    c.INVALID_QUERY: {
        "zh-TW": "查詢參數不正確。",
        "en": "The query parameters are invalid.",
    },
    c.DISPATCH_NOT_FOUND: {"zh-TW": "找不到指定的派工。", "en": "The dispatch was not found."},
    c.DISPATCH_INVALID_TRANSITION: {
        "zh-TW": "派工目前為「{status}」狀態，無法執行「{action}」。",
        "en": "The dispatch is {status}; the action {action} is not possible now.",
    },
    c.DISPATCH_READ_ONLY: {
        "zh-TW": "派工已{status}，不能再修改。",
        "en": "The dispatch is {status} and can no longer be changed.",
    },
    c.DISPATCH_FIELD_LOCKED: {
        "zh-TW": "派工開始後不能修改 {fields}。",
        "en": "Once the dispatch has started, {fields} can no longer be changed.",
    },
    c.DISPATCH_EXCEEDS_OPEN: {
        "zh-TW": "派工數量 {planned_qty} 超過工單尚未派工的數量 {open_qty}。",
        "en": "The planned quantity {planned_qty} exceeds the {open_qty} pieces still open "
        "on the work order.",
    },
    c.DISPATCH_BELOW_REPORTED: {
        "zh-TW": "派工數量不可少於已回報的數量 {reported}。",
        "en": "The planned quantity cannot be less than the {reported} pieces already reported.",
    },
    c.DISPATCH_NOT_IN_PROGRESS: {
        "zh-TW": "派工目前為「{status}」狀態，只有進行中的派工可以回報產量。",
        "en": "The dispatch is {status}; production can only be reported while it is in progress.",
    },
    c.OVERPRODUCTION: {
        "zh-TW": "回報後數量將達 {total}，超過上限 {limit}。",
        "en": "This report would bring the total to {total}, above the limit of {limit}.",
    },
    c.REPORT_TIME_IN_FUTURE: {
        "zh-TW": "回報時間不可晚於現在。",
        "en": "Report times cannot be in the future.",
    },
    c.IDEMPOTENCY_KEY_REUSED: {
        "zh-TW": "此 Idempotency-Key 已用於內容不同的請求。",
        "en": "This Idempotency-Key was already used for a different request.",
    },
    c.IDEMPOTENCY_KEY_REQUIRED: {
        "zh-TW": "產量回報需要 Idempotency-Key 標頭。",
        "en": "Production reports require an Idempotency-Key header.",
    },
    c.REPORT_NOT_FOUND: {
        "zh-TW": "找不到指定的產量回報。",
        "en": "The production report was not found.",
    },
    c.REPORT_ALREADY_REVERSED: {
        "zh-TW": "此產量回報已經沖銷過，不能再沖銷。",
        "en": "This production report has already been reversed.",
    },
    c.REPORT_IS_REVERSAL: {
        "zh-TW": "這筆回報本身就是沖銷，不能再沖銷；請重新回報正確的數量。",
        "en": "This report is itself a reversal and cannot be reversed; report the right "
        "quantity again instead.",
    },
    c.REPORT_QUANTITY_CONSUMED: {
        "zh-TW": "此回報的數量已被後續工序使用，不能沖銷。",
        "en": "A later operation has already used this report's quantity; it cannot be reversed.",
    },
    c.OPERATION_NOT_FOUND: {
        "zh-TW": "找不到指定的工序（{id}）。",
        "en": "Operation {id} was not found on this work order.",
    },
    c.OPERATION_REQUIRED: {
        "zh-TW": "此工單有工序，派工必須指定 operation_id。",
        "en": "This work order has operations: a dispatch must name operation_id.",
    },
    c.OPERATION_NOT_READY: {
        "zh-TW": "工序尚不能開始：前一道工序可供此工序的良品數量為 {available_qty}，已全部回報。",
        "en": "The operation cannot start yet: the previous operations have made "
        "{available_qty} good pieces for it, and all of them are reported already.",
    },
    c.OPERATION_QTY_EXCEEDS_AVAILABLE: {
        "zh-TW": "回報數量超過此工序可用的數量 {available_qty}，尚可回報 {remaining}。",
        "en": "The report exceeds the {available_qty} pieces available to this operation; "
        "{remaining} may still be reported.",
    },
    c.OPERATION_HAS_REPORTS: {
        "zh-TW": "此工序已有產量回報，不能再變更。",
        "en": "Production has been reported on this operation; it can no longer change.",
    },
    c.OPERATION_NOT_SKIPPABLE: {
        "zh-TW": "目前狀態為「{status}」的工序不能略過。",
        "en": "An operation that is {status} cannot be skipped.",
    },
    c.OPERATION_SKIPPED: {
        "zh-TW": "工序 {id} 已略過，不能派工。",
        "en": "Operation {id} was skipped; it takes no dispatches.",
    },
    c.ALLOWED_ACTIONS: {
        "zh-TW": "目前狀態為「{current_status}」，可執行的動作列於 allowed_actions。",
        "en": "The current status is {current_status}; allowed_actions lists what is possible.",
    },
    c.ACTIVE_DISPATCH: {
        "zh-TW": "派工 {dispatch_id} 目前為「{status}」。",
        "en": "Dispatch {dispatch_id} is {status}.",
    },
    c.LOCKED_FIELD: {
        "zh-TW": "開始後不可修改此欄位。",
        "en": "This field cannot change once work has started.",
    },
}

# Types of the validation errors the schemas raise (PydanticCustomError), by locale.
FIELD_MESSAGES: Catalogue = {
    "planned_end_before_start": {
        "zh-TW": "計畫結束時間不可早於計畫開始時間。",
        "en": "Must not be before the planned start.",
    },
    "to_time_before_from_time": {
        "zh-TW": "結束時間不可早於開始時間。",
        "en": "Must not be before from_time.",
    },
    "scrap_reason_required": {
        "zh-TW": "報廢數量大於 0 時必須填寫報廢原因。",
        "en": "Required when scrap_qty is greater than 0.",
    },
    "scrap_reason_without_scrap": {
        "zh-TW": "沒有報廢數量時不可填寫報廢原因。",
        "en": "Only allowed when scrap_qty is greater than 0.",
    },
    "report_quantity_empty": {
        "zh-TW": "良品與報廢數量合計必須大於 0。",
        "en": "good_qty and scrap_qty together must be greater than 0.",
    },
    "unknown_value": {
        "zh-TW": "不支援的值 {value}，可用的值：{expected}。",
        "en": "Unsupported value {value}; expected one of: {expected}.",
    },
    "routing_without_item": {
        "zh-TW": "指定途程時必須同時指定 item_id。",
        "en": "A routing needs item_id.",
    },
    "range_reversed": {
        "zh-TW": "{low} 不可大於 {high}。",
        "en": "{low} must not be greater than {high}.",
    },
}
