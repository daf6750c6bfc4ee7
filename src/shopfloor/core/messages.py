"""The core message catalogue: generic HTTP errors and field validation messages."""

from __future__ import annotations

from shopfloor.core.i18n import Catalogue

CORE_MESSAGES: Catalogue = {
    "BAD_REQUEST": {"zh-TW": "請求格式錯誤。", "en": "The request is malformed."},
    "MALFORMED_JSON": {
        "zh-TW": "請求內容不是有效的 JSON。",
        "en": "The request body is not valid JSON.",
    },
    "VALIDATION_ERROR": {
        "zh-TW": "請求資料驗證失敗。",
        "en": "The request data is invalid.",
    },
    "NOT_FOUND": {"zh-TW": "找不到指定的資源。", "en": "The resource was not found."},
    "METHOD_NOT_ALLOWED": {
        "zh-TW": "此路徑不支援這個 HTTP 方法。",
        "en": "This HTTP method is not allowed on this path.",
    },
    "NOT_ACCEPTABLE": {
        "zh-TW": "無法提供所要求的回應格式。",
        "en": "The requested response format is not available.",
    },
    "UNSUPPORTED_MEDIA_TYPE": {
        "zh-TW": "不支援的請求內容類型。",
        "en": "The request content type is not supported.",
    },
    "PAYLOAD_TOO_LARGE": {
        "zh-TW": "請求內容超過 {limit} 位元組的上限。",
        "en": "The request body exceeds the limit of {limit} bytes.",
    },
    "AUTHENTICATION_REQUIRED": {
        "zh-TW": "需要登入才能使用此功能。",
        "en": "Authentication is required.",
    },
    "PERMISSION_DENIED": {
        "zh-TW": "您沒有執行此操作的權限。",
        "en": "You do not have permission to perform this action.",
    },
    "CONFLICT": {
        "zh-TW": "此操作與目前的資料狀態衝突。",
        "en": "The request conflicts with the current state of the data.",
    },
    "DUPLICATE_VALUE": {
        "zh-TW": "資料重複，已有相同的值存在。",
        "en": "A record with the same value already exists.",
    },
    "CONCURRENT_MODIFICATION": {
        "zh-TW": "資料剛被其他交易修改，請重新讀取後再試。",
        "en": "The data was changed by a concurrent transaction; reload it and try again.",
    },
    "PRECONDITION_REQUIRED": {
        "zh-TW": "此操作需要 If-Match 標頭（資料版本）。",
        "en": "This operation requires an If-Match header with the record version.",
    },
    "PRECONDITION_FAILED": {
        "zh-TW": "資料已被其他人修改（目前版本為 {current_version}），請重新讀取後再試。",
        "en": "The record was changed by someone else (current version {current_version}); "
        "reload it and try again.",
    },
    "STALE_VERSION": {
        "zh-TW": "目前版本為 {current_version}。",
        "en": "The current version is {current_version}.",
    },
    "INVALID_IF_MATCH": {
        "zh-TW": 'If-Match 標頭格式錯誤，應為資料版本號，例如 "3"。',
        "en": 'The If-Match header is malformed; it must be a record version such as "3".',
    },
    "TOO_MANY_REQUESTS": {
        "zh-TW": "請求過於頻繁，請於 {retry_after} 秒後再試。",
        "en": "Too many requests; try again in {retry_after} seconds.",
    },
    "INVALID_VALUE": {
        "zh-TW": "請求中的值無法儲存：超出允許的範圍，或含有不允許的字元。",
        "en": "A value in the request cannot be stored: it is out of range or contains "
        "a character that is not allowed.",
    },
    "DATABASE_UNAVAILABLE": {
        "zh-TW": "資料庫暫時無法使用，請稍後再試。",
        "en": "The database is temporarily unavailable; try again later.",
    },
    "INTERNAL_ERROR": {
        "zh-TW": "伺服器發生未預期的錯誤，請提供請求編號給系統管理員。",
        "en": "An unexpected server error occurred; report the request id to your administrator.",
    },
    "HTTP_ERROR": {"zh-TW": "請求無法處理。", "en": "The request could not be processed."},
}

# Field-level validation messages, keyed by pydantic's error type. Placeholders come from the
# error's context (`ge`, `le`, `min_length`, ...). Types not listed fall back to pydantic's text.
FIELD_MESSAGES: Catalogue = {
    "missing": {"zh-TW": "此欄位為必填。", "en": "This field is required."},
    "extra_forbidden": {
        "zh-TW": "不允許的欄位。",
        "en": "This field is not allowed.",
    },
    # Partial updates: an omitted field stays unchanged, an explicit null is refused.
    "not_nullable": {"zh-TW": "此欄位不可為 null。", "en": "This field cannot be null."},
    "string_type": {"zh-TW": "必須是字串。", "en": "Must be a string."},
    "string_too_short": {
        "zh-TW": "長度至少需 {min_length} 個字元。",
        "en": "Must be at least {min_length} characters long.",
    },
    "string_too_long": {
        "zh-TW": "長度不可超過 {max_length} 個字元。",
        "en": "Must be at most {max_length} characters long.",
    },
    "string_unicode": {
        "zh-TW": "必須是有效的 Unicode 字串。",
        "en": "Must be a valid Unicode string.",
    },
    # Raised by the text constraints of shopfloor.core.text.
    "invalid_character": {
        "zh-TW": "含有不允許的控制字元 {character}。",
        "en": "Contains the control character {character}, which is not allowed.",
    },
    "string_pattern_mismatch": {
        "zh-TW": "格式不正確。",
        "en": "Has an invalid format.",
    },
    "int_type": {"zh-TW": "必須是整數。", "en": "Must be an integer."},
    "int_parsing": {"zh-TW": "必須是整數。", "en": "Must be an integer."},
    "int_from_float": {"zh-TW": "必須是整數。", "en": "Must be an integer."},
    "float_type": {"zh-TW": "必須是數字。", "en": "Must be a number."},
    "float_parsing": {"zh-TW": "必須是數字。", "en": "Must be a number."},
    "decimal_parsing": {"zh-TW": "必須是數字。", "en": "Must be a number."},
    "decimal_type": {"zh-TW": "必須是數字。", "en": "Must be a number."},
    "decimal_max_digits": {
        "zh-TW": "數字位數不可超過 {max_digits} 位。",
        "en": "Must have at most {max_digits} digits.",
    },
    "decimal_max_places": {
        "zh-TW": "小數位數不可超過 {decimal_places} 位。",
        "en": "Must have at most {decimal_places} decimal places.",
    },
    "bool_type": {"zh-TW": "必須是布林值。", "en": "Must be a boolean."},
    "bool_parsing": {"zh-TW": "必須是布林值。", "en": "Must be a boolean."},
    "greater_than": {"zh-TW": "必須大於 {gt}。", "en": "Must be greater than {gt}."},
    "greater_than_equal": {
        "zh-TW": "必須大於或等於 {ge}。",
        "en": "Must be greater than or equal to {ge}.",
    },
    "less_than": {"zh-TW": "必須小於 {lt}。", "en": "Must be less than {lt}."},
    "less_than_equal": {
        "zh-TW": "必須小於或等於 {le}。",
        "en": "Must be less than or equal to {le}.",
    },
    "uuid_parsing": {"zh-TW": "必須是有效的 UUID。", "en": "Must be a valid UUID."},
    "uuid_type": {"zh-TW": "必須是有效的 UUID。", "en": "Must be a valid UUID."},
    "date_parsing": {
        "zh-TW": "必須是有效的日期（YYYY-MM-DD）。",
        "en": "Must be a valid date (YYYY-MM-DD).",
    },
    "date_from_datetime_parsing": {
        "zh-TW": "必須是有效的日期（YYYY-MM-DD）。",
        "en": "Must be a valid date (YYYY-MM-DD).",
    },
    "date_type": {"zh-TW": "必須是有效的日期。", "en": "Must be a valid date."},
    "datetime_parsing": {
        "zh-TW": "必須是有效的日期時間（ISO 8601）。",
        "en": "Must be a valid date-time (ISO 8601).",
    },
    "datetime_from_date_parsing": {
        "zh-TW": "必須是有效的日期時間（ISO 8601）。",
        "en": "Must be a valid date-time (ISO 8601).",
    },
    "datetime_type": {"zh-TW": "必須是有效的日期時間。", "en": "Must be a valid date-time."},
    # Modules that bound their dates raise it with the bounds as context.
    "date_out_of_range": {
        "zh-TW": "日期必須介於 {earliest} 與 {latest} 之間。",
        "en": "Must be between {earliest} and {latest}.",
    },
    "timezone_aware": {
        "zh-TW": "日期時間必須包含時區。",
        "en": "The date-time must include a time zone.",
    },
    "enum": {
        "zh-TW": "必須是下列其中之一：{expected}。",
        "en": "Must be one of: {expected}.",
    },
    "literal_error": {
        "zh-TW": "必須是下列其中之一：{expected}。",
        "en": "Must be one of: {expected}.",
    },
    "list_type": {"zh-TW": "必須是陣列。", "en": "Must be a list."},
    "too_short": {
        "zh-TW": "至少需要 {min_length} 個項目。",
        "en": "Must contain at least {min_length} items.",
    },
    "too_long": {
        "zh-TW": "最多只能有 {max_length} 個項目。",
        "en": "Must contain at most {max_length} items.",
    },
    "model_attributes_type": {
        "zh-TW": "必須是 JSON 物件。",
        "en": "Must be a JSON object.",
    },
    "dict_type": {"zh-TW": "必須是 JSON 物件。", "en": "Must be a JSON object."},
    "model_type": {"zh-TW": "必須是 JSON 物件。", "en": "Must be a JSON object."},
    "value_error": {"zh-TW": "{reason}", "en": "{reason}"},
    "assertion_error": {"zh-TW": "{reason}", "en": "{reason}"},
    "json_invalid": {
        "zh-TW": "不是有效的 JSON。",
        "en": "Is not valid JSON.",
    },
    "email": {
        "zh-TW": "必須是有效的電子郵件地址。",
        "en": "Must be a valid email address.",
    },
    # Any other rule: English callers get pydantic's own sentence, others this text.
    "field_invalid": {"zh-TW": "此欄位的值無效。", "en": "This value is not valid."},
}
