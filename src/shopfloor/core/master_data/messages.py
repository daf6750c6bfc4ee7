"""The messages every coded master-data resource answers with, in zh-TW and English.

    MESSAGES = coded_messages(
        "customer", zh="客戶", refusal_zh="無法建立新的工單",
        refusal_en="; new work orders cannot be created for it",
    )

gives `CUSTOMER_NOT_FOUND`, `CUSTOMER_CODE_TAKEN` and `CUSTOMER_INACTIVE` (the refusal
says what an inactive row can no longer take). The answers of a CSV import and export are the
same for every resource; `master_data_manifest` adds them to each module's catalogue.
"""

from __future__ import annotations

from shopfloor.core.i18n import Catalogue


def coded_messages(resource_type: str, *, zh: str, refusal_zh: str, refusal_en: str) -> Catalogue:
    prefix, en = resource_type.upper(), resource_type.replace("_", " ")
    return {
        f"{prefix}_NOT_FOUND": {"zh-TW": f"找不到指定的{zh}。", "en": f"The {en} was not found."},
        # No placeholder: the database's unique constraint answers with this code too.
        f"{prefix}_CODE_TAKEN": {
            "zh-TW": f"此{zh}代碼已被使用。",
            "en": f"This {en} code is already in use.",
        },
        f"{prefix}_INACTIVE": {
            "zh-TW": f"{zh} {{code}} 已停用，{refusal_zh}。",
            "en": f"The {en} {{code}} is inactive{refusal_en}.",
        },
    }


# The answers of a CSV import or export, the same for every resource.
IMPORT_MESSAGES: Catalogue = {
    "IMPORT_INVALID_ROWS": {
        "zh-TW": "匯入檔案有 {count} 個問題，未匯入任何資料。",
        "en": "The file has {count} problems; nothing was imported.",
    },
    "IMPORT_INVALID_HEADER": {
        "zh-TW": "匯入檔案的標題列不正確，未匯入任何資料。",
        "en": "The file's header row is not valid; nothing was imported.",
    },
    "IMPORT_MALFORMED_CSV": {
        "zh-TW": "無法讀取匯入檔案：必須是 UTF-8 編碼的 CSV，第一行為標題列。",
        "en": "The file cannot be read: it must be UTF-8 CSV whose first line is the header.",
    },
    "IMPORT_TOO_MANY_ROWS": {
        "zh-TW": "匯入檔案超過 {limit} 列的上限，未匯入任何資料。",
        "en": "The file has more than {limit} rows, the most one import takes; "
        "nothing was imported.",
    },
    "EXPORT_TOO_MANY_ROWS": {
        "zh-TW": "符合條件的資料超過 {limit} 筆的匯出上限，請縮小篩選範圍。",
        "en": "More than {limit} rows match, the most one export answers; narrow the filters.",
    },
}

# The details of those answers (rendered like field errors, by their lower-case code).
IMPORT_FIELD_MESSAGES: Catalogue = {
    "unknown_column": {"zh-TW": "不認得的欄位 {column}。", "en": "Unknown column {column}."},
    "missing_column": {
        "zh-TW": "缺少必要的欄位 {column}。",
        "en": "The required column {column} is missing.",
    },
    "duplicate_column": {
        "zh-TW": "欄位 {column} 重複出現。",
        "en": "The column {column} appears more than once.",
    },
    "wrong_field_count": {
        "zh-TW": "此列有 {actual} 個欄位，標題列有 {expected} 個。",
        "en": "This row has {actual} cells; the header has {expected}.",
    },
    "duplicate_code": {
        "zh-TW": "代碼 {code} 已出現在第 {first_line} 行。",
        "en": "The code {code} already appears on line {first_line}.",
    },
    "invalid_encoding": {
        "zh-TW": "不是有效的 UTF-8 文字。",
        "en": "Is not valid UTF-8 text.",
    },
    "empty_file": {
        "zh-TW": "檔案是空的，至少需要標題列。",
        "en": "The file is empty; it needs at least the header row.",
    },
    "csv_syntax": {
        "zh-TW": "CSV 格式錯誤（例如引號未成對）。",
        "en": "Malformed CSV: {reason}.",
    },
}
