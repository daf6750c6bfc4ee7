"""Fixed values of the customer module: bounds, permissions and messages."""

from __future__ import annotations

from typing import Final

from shopfloor.core.i18n import Catalogue

RESOURCE_TYPE: Final = "customer"

PERMISSION_READ: Final = "customer:read"
PERMISSION_MANAGE: Final = "customer:manage"

NAME_MAX_LENGTH: Final = 200
CONTACT_NAME_MAX_LENGTH: Final = 100
EMAIL_MAX_LENGTH: Final = 254
# A deliberately loose check (one @, a dot in the domain): mail delivery is the real test.
EMAIL_PATTERN: Final = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
PHONE_MAX_LENGTH: Final = 32
PHONE_PATTERN: Final = r"^\+?[0-9()][0-9 ()#.-]*$"

NOT_FOUND: Final = "CUSTOMER_NOT_FOUND"
CODE_TAKEN: Final = "CUSTOMER_CODE_TAKEN"
INACTIVE: Final = "CUSTOMER_INACTIVE"

MESSAGES: Catalogue = {
    NOT_FOUND: {
        "zh-TW": "找不到指定的客戶。",
        "en": "The customer was not found.",
    },
    CODE_TAKEN: {
        # No placeholder: the database's unique constraint answers with this code too.
        "zh-TW": "此客戶代碼已被使用。",
        "en": "This customer code is already in use.",
    },
    INACTIVE: {
        "zh-TW": "客戶 {code} 已停用，無法建立新的工單。",
        "en": "The customer {code} is inactive; new work orders cannot be created for it.",
    },
}

# Unique constraint (named by the naming convention) -> the code answered with 409.
CONSTRAINT_ERRORS: Final = {"uq_customer_organization_id_code": CODE_TAKEN}
