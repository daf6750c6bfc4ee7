"""The messages every coded master-data resource answers with, in zh-TW and English.

    MESSAGES = coded_messages(
        "customer", zh="客戶", refusal_zh="無法建立新的工單",
        refusal_en="; new work orders cannot be created for it",
    )

gives `CUSTOMER_NOT_FOUND`, `CUSTOMER_CODE_TAKEN` and `CUSTOMER_INACTIVE` (the refusal
says what an inactive row can no longer take).
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
