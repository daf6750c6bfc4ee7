"""Fixed values of the customer module: bounds and messages."""

from __future__ import annotations

from typing import Final

from shopfloor.core.i18n import Catalogue
from shopfloor.core.master_data.messages import coded_messages

RESOURCE_TYPE: Final = "customer"

NAME_MAX_LENGTH: Final = 200
CONTACT_NAME_MAX_LENGTH: Final = 100
EMAIL_MAX_LENGTH: Final = 254
# A deliberately loose check (one @, a dot in the domain): mail delivery is the real test.
EMAIL_PATTERN: Final = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
PHONE_MAX_LENGTH: Final = 32
PHONE_PATTERN: Final = r"^\+?[0-9()][0-9 ()#.-]*$"

MESSAGES: Catalogue = coded_messages(
    RESOURCE_TYPE,
    zh="客戶",
    refusal_zh="無法建立新的工單",
    refusal_en="; new work orders cannot be created for it",
)

# Unique constraint (named by the naming convention) -> the code answered with 409.
CONSTRAINT_ERRORS: Final = {"uq_customer_organization_id_code": "CUSTOMER_CODE_TAKEN"}
